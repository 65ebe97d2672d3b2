//! The LeadsGen binary: serves the site (the default), reads and maintains the consent log
//! (`leadsgen-consent log verify|export|purge|verify-export`), rotates keys (`keys rotate`),
//! and checks a receipt offline (`receipt verify`).

#[cfg(feature = "ssr")]
mod cli {
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::sync::Arc;
    use std::time::Duration;

    use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
    use leadsgen_consent::consent::cookie_audit::Finding;
    use leadsgen_consent::log::{
        disk_guard::DiskGuard,
        export::{self, parse_bound, Format},
        export_verify::verify_export,
        receipt::verify_receipt,
        ConsentLog, KeySet, KeysDocument, RecordFilter, Store, StoreTarget, VerifyError,
    };
    use leadsgen_consent::server::config::{
        self, other_variables, Config, LogConfig, LogFormat, Settings,
    };
    use leadsgen_consent::server::{
        cookie_audit::CookieAudit,
        decision_limits::DecisionLimits,
        key_store,
        metrics::Metrics,
        page_cache::PageCache,
        passwords::Passwords,
        policy_changes, serve, shutdown,
        state::{AppState, Shared},
    };
    use leadsgen_consent::ui::pages::shown_policy_versions;
    use leadsgen_consent::{admin, router};
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
        /// Manage the keys in the data directory.
        #[command(subcommand)]
        Keys(KeysCommand),
        /// Check consent receipts.
        #[command(subcommand)]
        Receipt(ReceiptCommand),
        /// The live cookie audit: cookie names browsers sent that the policy does not declare,
        /// and declared cookies that came without consent, with counts (names only).
        Audit {
            /// How many days back, today (UTC) included; counts are kept 90 days.
            #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=90))]
            days: u64,
        },
    }

    #[derive(Subcommand)]
    enum KeysCommand {
        /// Make a new consent cookie key in the data directory and keep the old one as a
        /// previous key (its cookies still count, and are signed again); with --log, a new
        /// log signing key instead (the old public key stays published). A running server
        /// picks the change up at its next start.
        Rotate {
            /// Rotate the log signing key (LEADSGEN_LOG_SIGNING_KEY's file) instead.
            #[arg(long)]
            log: bool,
        },
    }

    #[derive(Subcommand)]
    enum ReceiptCommand {
        /// Check a JSON consent receipt's signature with the public keys alone: exit 0, or 1
        /// saying why it does not verify.
        Verify {
            /// The receipt file (leadsgen-consent-receipt-….json).
            file: PathBuf,
            /// The public keys: /.well-known/consent-log-keys.json, saved.
            #[arg(long)]
            keys: PathBuf,
        },
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
        /// Write a consistent copy of a SQLite consent log to FILE while the server runs
        /// (SQLite's VACUUM INTO); it never overwrites. PostgreSQL: use pg_dump (README,
        /// "Operating"). Back up the keys apart from it: restoring needs them.
        Backup {
            /// Where the copy goes: a new file.
            file: PathBuf,
        },
        /// Delete the records older than --log-retention-days (LEADSGEN_LOG_RETENTION_DAYS).
        /// The chain stays verifiable: its anchor moves to the last record deleted.
        Purge,
        /// Check an NDJSON export with the public keys alone (no database, no secret): exit
        /// 0, or 1 naming the first bad line.
        VerifyExport {
            /// The export (`log export` or /admin/consents.ndjson).
            file: PathBuf,
            /// The public keys: /.well-known/consent-log-keys.json, saved.
            #[arg(long)]
            keys: PathBuf,
        },
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
                Command::Log(LogCommand::VerifyExport { file, keys }) => {
                    verify_export_file(&file, &keys)
                }
                Command::Log(command) => log(command, &cli.settings).await,
                Command::Keys(KeysCommand::Rotate { log }) => rotate(log, &cli.settings),
                Command::Audit { days } => cookie_audit(days, &cli.settings).await,
                Command::Receipt(ReceiptCommand::Verify { file, keys }) => {
                    verify_receipt_file(&file, &keys)
                }
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
        let decisions = DecisionLimits::new(config.decision_limits);
        decisions.spawn_forgetting();
        let state = AppState::new(Shared {
            leptos: Arc::new(config.leptos),
            cookies: Arc::new(config.cookies),
            trackers: Arc::new(config.trackers),
            admin_token: config.admin_token.map(Arc::from),
            pages: PageCache::new(config.page_cache_bytes),
            public_origin: config.public_origin,
            passwords,
            clients: Arc::new(config.clients),
            decisions,
            metrics: Metrics::new(&log),
            cookie_audit: CookieAudit::default(),
            policy_changes: policy_changes::load(&log).await,
            log,
        });
        if let Some(store) = state.log.store() {
            state.cookie_audit.spawn_flushing(store.clone());
        }
        let (audit, log) = (state.cookie_audit.clone(), state.log.clone());
        if let Some(addr) = config.metrics_addr {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!("metrics on http://{addr}/metrics");
            let only_metrics = axum::Router::new()
                .route("/metrics", axum::routing::get(admin::metrics::serve))
                .with_state(state.clone());
            // The same connection loop as the site's: header timeout and size cap.
            tokio::spawn(async move {
                let forever = std::future::pending::<()>();
                if let Err(e) = serve::serve(listener, only_metrics, forever).await {
                    tracing::error!("the metrics listener stopped: {e}");
                }
            });
        }
        let app = router::build(state);
        let listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!("listening on http://{addr}");
        serve::serve(listener, app, shutdown::signal()).await?;
        // The cookie audit's last counts.
        if let Some(store) = log.store() {
            if !audit.flush(store).await {
                tracing::warn!(
                    "the cookie audit's last counts are lost: the database refused them"
                );
            }
        }
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
            config.signer.clone(),
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
            "consent log: {}, retention {} days, signed by key {}{}",
            config.target.describe(),
            config.retention_days,
            config.signer.key_id(),
            if config.user_agent {
                ", with user agents"
            } else {
                ""
            }
        );
        if let (Some(dir), 1..) = (config.target.sqlite_dir(), config.min_free_mib) {
            log.guard_disk(DiskGuard::new(dir.to_path_buf(), config.min_free_mib));
        }
        log.purge_daily(retention(config));
        Ok(log)
    }

    /// The public keys document at `path` (a saved /.well-known/consent-log-keys.json).
    fn key_set(path: &Path) -> Result<KeySet, Failure> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the keys file {}: {e}", path.display()))?;
        let document: KeysDocument = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not a consent-log-keys.json document: {e}",
                path.display()
            )
        })?;
        Ok(KeySet::from_document(&document)
            .map_err(|e| format!("the keys file {}: {e}", path.display()))?)
    }

    /// `log verify-export FILE --keys KEYS`.
    fn verify_export_file(file: &Path, keys: &Path) -> Result<ExitCode, Failure> {
        let keys = key_set(keys)?;
        let open = || std::fs::File::open(file).map(std::io::BufReader::new);
        match verify_export(open, &keys) {
            Ok(report) => {
                println!("{report}");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                println!("broken: {e}");
                Ok(ExitCode::FAILURE)
            }
        }
    }

    /// `receipt verify FILE --keys KEYS`.
    fn verify_receipt_file(file: &Path, keys: &Path) -> Result<ExitCode, Failure> {
        let keys = key_set(keys)?;
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the receipt {}: {e}", file.display()))?;
        match verify_receipt(&text, &keys) {
            Ok(receipt) => {
                println!(
                    "ok: the receipt of consent {} recorded at {} is signed by key {}",
                    receipt.consent_id, receipt.recorded_at, receipt.kid
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                println!("broken: {e}");
                Ok(ExitCode::FAILURE)
            }
        }
    }

    /// `keys rotate [--log]`.
    fn rotate(log: bool, settings: &Settings) -> Result<ExitCode, Failure> {
        let dir = &settings.log.data_dir;
        if log {
            let configured = config::secret(key_store::LOG_KEY_VAR).is_some();
            let signer = key_store::rotate_log_key(configured, dir)?;
            println!(
                "a new log signing key, {}, is in {}; the server uses it from its next start, \
                 and the old public key stays published",
                signer.key_id(),
                dir.join(key_store::LOG_KEY_FILE).display()
            );
        } else {
            let configured = config::secret(key_store::KEY_VAR).is_some();
            let kept = key_store::rotate_cookie_key(configured, dir)?;
            println!(
                "a new consent cookie key is in {}; {kept} previous key(s) in {} still verify \
                 cookies. Restart the server to use it; drop a previous key a year after its \
                 rotation (a consent lasts a year)",
                dir.join(key_store::KEY_FILE).display(),
                dir.join(key_store::PREVIOUS_KEYS_FILE).display()
            );
        }
        Ok(ExitCode::SUCCESS)
    }

    fn retention(config: &LogConfig) -> Duration {
        Duration::from_secs(u64::from(config.retention_days) * 86_400)
    }

    /// `leadsgen-consent audit`: the cookie audit's counts of the last `days` days, one
    /// table per finding; a name is printed as Rust escapes it, so no byte in it can drive
    /// the terminal.
    async fn cookie_audit(days: u64, settings: &Settings) -> Result<ExitCode, Failure> {
        let config = LogConfig::new(&settings.log, false)?;
        let store = open_existing(&config).await?;
        let today = leadsgen_consent::log::now_ms() / 86_400_000;
        let totals = store.cookie_audit((today + 1).saturating_sub(days)).await?;
        for (finding, title) in [
            (Finding::Undeclared, "Cookies the policy does not declare"),
            (Finding::WithoutConsent, "Cookies present without consent"),
        ] {
            println!("{title}, the last {days} days (UTC):");
            let rows: Vec<_> = totals.iter().filter(|t| t.finding == finding).collect();
            if rows.is_empty() {
                println!("  none seen");
            }
            for t in rows {
                println!("  {:>10}  {}", t.seen.count, t.name.escape_debug());
            }
        }
        Ok(ExitCode::SUCCESS)
    }

    /// The log's store, which must exist: a mistyped data directory is an error, never a new
    /// empty log.
    async fn open_existing(config: &LogConfig) -> Result<Store, Failure> {
        if let StoreTarget::Sqlite(path) = &config.target {
            if !path.exists() {
                return Err(format!("there is no consent log at {}", path.display()).into());
            }
        }
        Ok(Store::open(&config.target).await?)
    }

    async fn log(command: LogCommand, settings: &Settings) -> Result<ExitCode, Failure> {
        let config = LogConfig::new(&settings.log, false)?;
        let store = open_existing(&config).await?;
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
                let mut lines =
                    export::sealed(&store, &key, &config.signer, filter, format).await?;
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                let written = async {
                    while let Some(line) = lines.recv().await {
                        out.write_all(line?.as_bytes())?;
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
            LogCommand::VerifyExport { file, keys } => verify_export_file(&file, &keys),
            LogCommand::Backup { file } => {
                let backup = store.backup_to(&file).await?;
                println!(
                    "backed up {} records ({} bytes) to {}. Restoring it needs the keys it was \
                     written with: CONSENT_COOKIE_KEY and LEADSGEN_LOG_SIGNING_KEY, or their \
                     files in the data directory; keep a copy of them apart from the backup.",
                    backup.records,
                    backup.bytes,
                    file.display()
                );
                Ok(ExitCode::SUCCESS)
            }
            LogCommand::Purge => {
                let cutoff = leadsgen_consent::log::now_ms()
                    .saturating_sub(retention(&config).as_millis() as u64);
                let purged = store.purge(cutoff, &key).await?;
                if purged > 0 {
                    // The purge is done: a checkpoint that fails now is reported, not the purge.
                    let now = leadsgen_consent::log::now_ms();
                    if let Err(e) = store.checkpoint(&config.signer, &key, now).await {
                        eprintln!("the purge is done, but no checkpoint was signed after it: {e}");
                    }
                }
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
