//! The LeadsGen binary: serves the site (the default), or reads and maintains the consent log
//! (`leadsgen-consent log verify|export|purge`).

#[cfg(feature = "ssr")]
mod cli {
    use std::io::Write;
    use std::process::ExitCode;
    use std::sync::Arc;
    use std::time::Duration;

    use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
    use leadsgen_consent::log::{
        export::{parse_bound, Format},
        ConsentLog, RecordFilter, Store, StoreTarget, VerifyError,
    };
    use leadsgen_consent::router;
    use leadsgen_consent::server::config::{
        other_variables, Config, LogConfig, LogFormat, Settings,
    };
    use leadsgen_consent::server::{
        page_cache::PageCache, passwords::Passwords, serve, shutdown, state::AppState,
    };
    use leadsgen_consent::ui::pages::shown_policy_versions;
    use tracing_subscriber::EnvFilter;

    /// LeadsGen's consent manager: serves the site, and reads its consent log.
    ///
    /// Every option can also be set by the environment variable named beside it (see the
    /// README's "Configuration").
    #[derive(Parser)]
    #[command(name = "leadsgen-consent", version)]
    struct Cli {
        #[command(flatten)]
        settings: Settings,
        #[command(subcommand)]
        command: Option<Command>,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Serve the site on LEPTOS_SITE_ADDR (what running without a command does).
        Serve,
        /// Read or maintain the consent log.
        #[command(subcommand)]
        Log(LogCommand),
    }

    #[derive(Subcommand)]
    enum LogCommand {
        /// Walk the hash chain from its anchor to its signed head: exit 0 with the number of
        /// records, or 1 naming the first bad record.
        Verify,
        /// Write the records to standard output, one per line, in chain order.
        Export {
            /// The format of each line.
            #[arg(long, value_enum, default_value_t = Format::Ndjson)]
            format: Format,
            /// Only records from this UTC day (YYYY-MM-DD) or RFC 3339 instant on.
            #[arg(long)]
            from: Option<String>,
            /// Only records before this UTC day or RFC 3339 instant.
            #[arg(long)]
            to: Option<String>,
        },
        /// Delete the records older than --log-retention-days (LEADSGEN_LOG_RETENTION_DAYS).
        /// The chain stays verifiable: its anchor moves to the last record deleted.
        Purge,
    }

    pub fn main() -> ExitCode {
        let matches = Cli::command().after_help(other_variables()).get_matches();
        let cli = match Cli::from_arg_matches(&matches) {
            Ok(cli) => cli,
            Err(e) => e.exit(),
        };
        let runtime = match tokio::runtime::Runtime::new() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("cannot start: {e}");
                return ExitCode::FAILURE;
            }
        };
        let result = runtime.block_on(async {
            match cli.command.unwrap_or(Command::Serve) {
                Command::Serve => serve(cli.settings).await,
                Command::Log(command) => log(command, &cli.settings).await,
            }
        });
        match result {
            Ok(code) => code,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        }
    }

    type Failure = Box<dyn std::error::Error>;

    async fn serve(settings: Settings) -> Result<ExitCode, Failure> {
        init_logging(settings.log_format);
        let config = Config::new(settings)?;
        let addr = config.addr();
        let log = open_log(&config.log).await?;
        tracing::info!(
            "absolute URLs (hreflang, canonical, receipts) use {}",
            config.public_origin.as_str()
        );
        let passwords = Passwords::per_core();
        tokio::spawn({
            let passwords = passwords.clone();
            async move { passwords.warm().await }
        });
        let app = router::build(AppState {
            leptos: Arc::new(config.leptos),
            cookies: Arc::new(config.cookies),
            trackers: Arc::new(config.trackers),
            log,
            admin_token: config.admin_token.map(Arc::from),
            pages: PageCache::new(config.page_cache_bytes),
            public_origin: config.public_origin,
            passwords,
            client_ip_header: config.client_ip_header,
        });
        let listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!("listening on http://{addr}");
        serve::serve(listener, app, shutdown::signal()).await?;
        tracing::info!("stopped");
        Ok(ExitCode::SUCCESS)
    }

    /// The server's log: `RUST_LOG` filters it (default `info`: start, stop, errors and one
    /// access line per request), in `format` (`LEADSGEN_LOG_FORMAT`).
    fn init_logging(format: LogFormat) {
        let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
        match format {
            LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
            LogFormat::Json => tracing_subscriber::fmt()
                .json()
                .with_env_filter(filter)
                .init(),
        }
    }

    /// Opens the consent log the server writes to, stores the policy as shown, and starts
    /// the daily purge.
    async fn open_log(config: &LogConfig) -> Result<ConsentLog, Failure> {
        if !config.enabled {
            tracing::warn!(
                "LEADSGEN_CONSENT_LOG=off: decisions are NOT recorded and cannot be proven; \
                 use this for benchmarks only"
            );
            return Ok(ConsentLog::disabled());
        }
        let store = Store::open(&config.target).await?;
        let log = ConsentLog::open(
            store,
            config.log_key(),
            shown_policy_versions(),
            config.user_agent,
        )
        .await
        .map_err(|e| {
            format!(
                "{e}. If CONSENT_COOKIE_KEY (or the key file in LEADSGEN_DATA_DIR) changed, \
                     restore the key this log was written with."
            )
        })?;
        tracing::info!(
            "consent log: {}, retention {} days{}",
            config.target.describe(),
            config.retention_days,
            if config.user_agent {
                ", with user agents"
            } else {
                ""
            }
        );
        log.purge_daily(retention(config));
        Ok(log)
    }

    fn retention(config: &LogConfig) -> Duration {
        Duration::from_secs(u64::from(config.retention_days) * 86_400)
    }

    async fn log(command: LogCommand, settings: &Settings) -> Result<ExitCode, Failure> {
        let config = LogConfig::new(&settings.log, false)?;
        if let StoreTarget::Sqlite(path) = &config.target {
            if !path.exists() {
                return Err(format!("there is no consent log at {}", path.display()).into());
            }
        }
        let store = Store::open(&config.target).await?;
        let key = config.log_key();
        match command {
            LogCommand::Verify => match leadsgen_consent::log::verify(&store, &key).await {
                Ok(n) => {
                    println!("ok: {n} records verified, the chain is intact");
                    Ok(ExitCode::SUCCESS)
                }
                Err(VerifyError::Chain(e)) => {
                    println!("broken: {e}");
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(e.into()),
            },
            LogCommand::Export { format, from, to } => {
                let filter = RecordFilter {
                    from_ms: from.as_deref().map(parse_bound).transpose()?,
                    to_ms: to.as_deref().map(parse_bound).transpose()?,
                    ..RecordFilter::default()
                };
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                let mut records = store.stream(filter);
                let written = async {
                    out.write_all(format.header().as_bytes())?;
                    while let Some(record) = records.recv().await {
                        out.write_all(format.line(&record?).as_bytes())?;
                    }
                    out.flush()?;
                    Ok::<_, Failure>(())
                };
                match written.await {
                    Ok(()) => Ok(ExitCode::SUCCESS),
                    // A reader that stops early (`| head`) is not an error.
                    Err(e)
                        if e.downcast_ref::<std::io::Error>()
                            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
                    {
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => Err(e),
                }
            }
            LogCommand::Purge => {
                let cutoff = leadsgen_consent::log::now_ms()
                    .saturating_sub(retention(&config).as_millis() as u64);
                let purged = store.purge(cutoff, &key).await?;
                println!(
                    "purged {purged} records older than {} days",
                    config.retention_days
                );
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The browser entry point is `hydrate()` in lib.rs; this binary only makes sense with `ssr`.
}
