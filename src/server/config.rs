//! Server configuration: every setting from the command line or the environment (clap, with
//! its `env` feature), with safe defaults, checked before the server starts.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::ArgAction;

use leptos::config::{get_configuration, LeptosOptions};

use super::clients::{self, ClientRule};
use super::cookies::CookieSettings;
use super::decision_limits::{self, Limits};
use super::key_store;
use crate::gating::TrackerIds;
use crate::log::{LogKey, LogSigner, StoreTarget};
use crate::paths::PublicOrigin;

/// Every setting of the server and the `log` commands, from the command line or the
/// environment: `leadsgen-consent --help` lists each with its variable and default. A value
/// that does not parse stops the start with a message naming the variable.
#[derive(clap::Args, Debug, Clone)]
pub struct Settings {
    /// The address to listen on.
    #[arg(
        long,
        global = true,
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000"
    )]
    pub site_addr: SocketAddr,
    /// true adds `Secure` to cookies: set it when the site is served over https.
    #[arg(long, global = true, env = "LEADSGEN_SECURE_COOKIES", default_value = "false",
          action = ArgAction::Set, value_parser = flag("LEADSGEN_SECURE_COOKIES"))]
    pub secure_cookies: bool,
    /// e.g. leadsgen.app: revoking a category also expires the `Domain=` variant of its
    /// cookies.
    #[arg(long, global = true, env = "LEADSGEN_COOKIE_DOMAIN")]
    pub cookie_domain: Option<String>,
    /// How much rendered HTML the page cache keeps, in MiB, from 0 (render every page for
    /// every request) to 4096.
    #[arg(long, global = true, env = "LEADSGEN_PAGE_CACHE_MIB", default_value_t = DEFAULT_PAGE_CACHE_MIB,
          value_parser = page_cache_mib)]
    pub page_cache_mib: u64,
    /// The site's origin, e.g. https://leadsgen.app: absolute URLs (hreflang, canonical,
    /// receipts) start with it. Default: http:// and the listen address.
    #[arg(long, global = true, env = "LEADSGEN_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,
    /// Behind reverse proxies: their addresses and CIDR networks, comma-separated (e.g.
    /// 127.0.0.1 or 10.0.0.0/8). From them, and only from them, the client's address is read
    /// from LEADSGEN_CLIENT_IP_HEADER, for the sign-in and decision limits. Unset: the client
    /// is the address of the connection.
    #[arg(long, global = true, env = "LEADSGEN_TRUSTED_PROXIES", default_value = "",
          value_parser = parse_trusted)]
    pub trusted_proxies: TrustedProxies,
    /// The header the trusted proxies write the client's address into: X-Forwarded-For
    /// (whose rightmost address that is not a trusted proxy counts), or e.g. X-Real-IP.
    /// [default: X-Forwarded-For]
    #[arg(long, global = true, env = "LEADSGEN_CLIENT_IP_HEADER", value_parser = client_ip_header)]
    pub client_ip_header: Option<http::HeaderName>,
    /// Consent decisions a minute each client's allowance refills by; 0: no limit. Over the
    /// limit a decision answers 429 with Retry-After, and nothing is recorded.
    #[arg(long, global = true, env = "LEADSGEN_DECISIONS_PER_MINUTE",
          default_value_t = decision_limits::DEFAULT_PER_MINUTE,
          value_parser = count("LEADSGEN_DECISIONS_PER_MINUTE", decision_limits::DEFAULT_PER_MINUTE, 0))]
    pub decisions_per_minute: u32,
    /// The most consent decisions a client may make at once, before the refill counts.
    #[arg(long, global = true, env = "LEADSGEN_DECISION_BURST",
          default_value_t = decision_limits::DEFAULT_BURST,
          value_parser = count("LEADSGEN_DECISION_BURST", decision_limits::DEFAULT_BURST, 1))]
    pub decision_burst: u32,
    /// An address of its own for GET /metrics, without the admin token (e.g. 127.0.0.1:9100,
    /// reachable by the monitoring system only). Unset: /metrics is on the site's address,
    /// behind LEADSGEN_ADMIN_TOKEN, and off without it.
    #[arg(long, global = true, env = "LEADSGEN_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// text, or json for JSON lines (log shippers).
    #[arg(long, global = true, env = "LEADSGEN_LOG_FORMAT", default_value = "text", value_parser = log_format)]
    pub log_format: LogFormat,
    /// The consent log's settings.
    #[command(flatten)]
    pub log: LogSettings,
}

/// The consent log's settings, shared by the server and the `log` commands.
#[derive(clap::Args, Debug, Clone)]
pub struct LogSettings {
    /// Where the SQLite consent log (consent.db) and the generated signing key live.
    #[arg(long, global = true, env = "LEADSGEN_DATA_DIR", default_value = DEFAULT_DATA_DIR,
          value_parser = data_dir)]
    pub data_dir: PathBuf,
    /// true keeps each decision's `User-Agent`, cut to 512 characters.
    #[arg(long, global = true, env = "LEADSGEN_LOG_USER_AGENT", default_value = "false",
          action = ArgAction::Set, value_parser = flag("LEADSGEN_LOG_USER_AGENT"))]
    pub log_user_agent: bool,
    /// Consent records older than this many days are purged daily (at least 365: a consent
    /// lasts a year, and its proof must outlive it).
    #[arg(long, global = true, env = "LEADSGEN_LOG_RETENTION_DAYS", default_value_t = DEFAULT_RETENTION_DAYS,
          value_parser = retention_days)]
    pub log_retention_days: u32,
    /// Below this many MiB free on the data directory's filesystem, new consent decisions
    /// are refused (503) before the disk is full; 0 turns the guard off. SQLite only.
    #[arg(long, global = true, env = "LEADSGEN_LOG_MIN_FREE_MIB", default_value_t = DEFAULT_MIN_FREE_MIB,
          value_parser = min_free_mib)]
    pub log_min_free_mib: u64,
    /// off records nothing: for benchmarks only, since no decision is then provable.
    #[arg(long, global = true, env = "LEADSGEN_CONSENT_LOG", default_value = "on",
          action = ArgAction::Set, value_parser = log_switch)]
    pub consent_log: bool,
}

/// The variables read elsewhere than [`Settings`], for `--help`: the secrets (never an
/// option, see [`secret`]), Leptos' own, the log filter, and one per tracker in the registry.
pub fn other_variables() -> String {
    let mut text = String::from(
        "Read from the environment only (secrets: a command line is visible to every user of \
         the machine):\n  \
         CONSENT_COOKIE_KEY       the base64 key (at least 64 bytes) that signs cookie-consent\n  \
         \u{20}                          [default: generated into the data directory]\n  \
         CONSENT_COOKIE_PREVIOUS_KEYS  older cookie keys, comma-separated base64: their\n  \
         \u{20}                          cookies still count, and are signed again\n  \
         LEADSGEN_LOG_SIGNING_KEY the base64 Ed25519 seed (32 bytes) that signs the log's\n  \
         \u{20}                          checkpoints and receipts [default: generated into\n  \
         \u{20}                          the data directory]\n  \
         DATABASE_URL             postgres://user:password@host:5432/db, or sqlite:///path/\n  \
         \u{20}                          [default: consent.db in the data directory]\n  \
         LEADSGEN_ADMIN_TOKEN     the admin view's token; unset, /admin is off (404)\n\n\
         Also read from the environment:\n  \
         RUST_LOG                 the log filter [default: info]\n  \
         LEPTOS_OUTPUT_NAME, LEPTOS_SITE_ROOT, LEPTOS_HASH_FILES, LEPTOS_ENV\n  \
         \u{20}                          where the built site is (set by `make serve`)\n",
    );
    for (category, script) in crate::consent::LEADSGEN.scripts() {
        let s = script.setting;
        text.push_str(&format!(
            "  {:<26} {} ({}); empty or off loads no such script [default: {}]\n",
            s.env,
            s.meaning,
            category.key(),
            s.default
        ));
    }
    text
}

/// The server's log format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// JSON lines.
    Json,
}

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Leptos' own options: address, site root, pkg dir, output name, hashed file names.
    pub leptos: LeptosOptions,
    /// How consent cookies are signed and written.
    pub cookies: CookieSettings,
    /// Which trackers this deployment loads (after consent).
    pub trackers: TrackerIds,
    /// The consent log's settings.
    pub log: LogConfig,
    /// `LEADSGEN_ADMIN_TOKEN`: the admin view's password; without it `/admin` is off (404).
    pub admin_token: Option<String>,
    /// `LEADSGEN_PAGE_CACHE_MIB` in bytes: how much rendered HTML the page cache may keep.
    pub page_cache_bytes: u64,
    /// `LEADSGEN_PUBLIC_ORIGIN`, or the listen address's: what absolute URLs start with.
    pub public_origin: PublicOrigin,
    /// `LEADSGEN_TRUSTED_PROXIES` and `LEADSGEN_CLIENT_IP_HEADER`: who a request's client is.
    pub clients: ClientRule,
    /// `LEADSGEN_DECISIONS_PER_MINUTE` and `LEADSGEN_DECISION_BURST`.
    pub decision_limits: Limits,
    /// `LEADSGEN_METRICS_ADDR`: where `/metrics` is served without the token, if anywhere.
    pub metrics_addr: Option<SocketAddr>,
}

/// Why the configuration could not be used: the message names the variable and what it must
/// be. `main` prints it and exits 1. (A value that does not parse at all is refused by clap
/// before this, with the same message, and exit code 2.)
#[derive(thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

/// `main` reports a failed start with `Debug`: make that the readable message.
impl std::fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// The consent log's settings, as the server and the `log` commands use them.
#[derive(Debug, Clone)]
pub struct LogConfig {
    /// Where the log is: `DATABASE_URL`, or `$LEADSGEN_DATA_DIR/consent.db`.
    pub target: StoreTarget,
    /// The key that signs `cookie-consent`; the log's chain key is derived from it.
    pub key: cookie::Key,
    /// Older cookie keys (`CONSENT_COOKIE_PREVIOUS_KEYS` and the rotated-out keys file):
    /// they verify, never sign.
    pub previous_keys: Vec<cookie::Key>,
    /// The log's Ed25519 key: signs checkpoints and receipts.
    pub signer: LogSigner,
    /// `LEADSGEN_LOG_USER_AGENT=true`: keep the `User-Agent` with each decision.
    pub user_agent: bool,
    /// `LEADSGEN_LOG_RETENTION_DAYS` (default 1095): records older than this are purged.
    pub retention_days: u32,
    /// `LEADSGEN_CONSENT_LOG=off` turns the log off (benchmarks and development only).
    pub enabled: bool,
    /// `LEADSGEN_LOG_MIN_FREE_MIB`: the disk guard's watermark (0: off).
    pub min_free_mib: u64,
}

/// The shortest retention the server accepts: a consent is valid for a year, and its proof
/// must outlive it.
pub const MIN_RETENTION_DAYS: u32 = 365;
/// The default retention: three years.
pub const DEFAULT_RETENTION_DAYS: u32 = 1095;
/// The default disk guard watermark: 256 MiB, room for about 400,000 records.
pub const DEFAULT_MIN_FREE_MIB: u64 = 256;
/// The default size of the page cache: about 500 pages of 30 KB.
pub const DEFAULT_PAGE_CACHE_MIB: u64 = 16;

/// The default data directory, relative to the working directory.
pub const DEFAULT_DATA_DIR: &str = "data";

/// A secret from the environment (`CONSENT_COOKIE_KEY`, `DATABASE_URL`,
/// `LEADSGEN_ADMIN_TOKEN`), never from an option: a command line is visible to every user of
/// the machine (`ps`), per OWASP ASVS V13.3 (secret management). `None` when unset or blank.
pub fn secret(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .and_then(|v| given(&v).map(str::to_string))
}

/// A value with its blanks trimmed; `None` when nothing is left (an empty variable is unset).
fn given(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|v| !v.is_empty())
}

/// The parser of a `true`/`false` variable (also `1`/`0`, in any case); empty is `false`.
fn flag(name: &'static str) -> impl Fn(&str) -> Result<bool, String> + Clone {
    move |value| match given(value).map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "0") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(other) => Err(format!("{name} must be true or false, not {other:?}")),
    }
}

/// `LEADSGEN_TRUSTED_PROXIES`, parsed (clap needs a named type for a list-valued option).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<ipnet::IpNet>);

fn parse_trusted(value: &str) -> Result<TrustedProxies, String> {
    clients::parse_trusted(value).map(TrustedProxies)
}

/// The parser of a whole-number variable `name`: empty is `default`, and below `min` is
/// refused.
fn count(
    name: &'static str,
    default: u32,
    min: u32,
) -> impl Fn(&str) -> Result<u32, String> + Clone {
    move |value| {
        let Some(v) = given(value) else {
            return Ok(default);
        };
        v.parse::<u32>()
            .ok()
            .filter(|n| *n >= min)
            .ok_or_else(|| format!("{name} must be a whole number, at least {min}, not {v:?}"))
    }
}

fn client_ip_header(value: &str) -> Result<http::HeaderName, String> {
    http::HeaderName::from_bytes(value.trim().as_bytes()).map_err(|_| {
        format!("LEADSGEN_CLIENT_IP_HEADER must be a header name such as X-Forwarded-For, not {value:?}")
    })
}

fn data_dir(value: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(given(value).unwrap_or(DEFAULT_DATA_DIR)))
}

fn page_cache_mib(value: &str) -> Result<u64, String> {
    let Some(v) = given(value) else {
        return Ok(DEFAULT_PAGE_CACHE_MIB);
    };
    v.parse::<u64>()
        .ok()
        .filter(|mib| *mib <= 4096)
        .ok_or_else(|| {
            format!(
                "LEADSGEN_PAGE_CACHE_MIB must be a whole number of MiB from 0 (off) to 4096, \
             not {v:?}"
            )
        })
}

fn min_free_mib(value: &str) -> Result<u64, String> {
    let Some(v) = given(value) else {
        return Ok(DEFAULT_MIN_FREE_MIB);
    };
    v.parse::<u64>().map_err(|_| {
        format!("LEADSGEN_LOG_MIN_FREE_MIB must be a whole number of MiB (0: no guard), not {v:?}")
    })
}

fn retention_days(value: &str) -> Result<u32, String> {
    let Some(v) = given(value) else {
        return Ok(DEFAULT_RETENTION_DAYS);
    };
    v.parse::<u32>()
        .ok()
        .filter(|d| *d >= MIN_RETENTION_DAYS)
        .ok_or_else(|| {
            format!(
                "LEADSGEN_LOG_RETENTION_DAYS must be a whole number of days, at least \
                 {MIN_RETENTION_DAYS} (a consent is valid for a year, and its proof must \
                 outlive it), not {v:?}"
            )
        })
}

fn log_switch(value: &str) -> Result<bool, String> {
    match given(value).map(str::to_ascii_lowercase).as_deref() {
        None | Some("on") => Ok(true),
        Some("off") => Ok(false),
        Some(other) => Err(format!(
            "LEADSGEN_CONSENT_LOG must be on or off, not {other:?}"
        )),
    }
}

fn log_format(value: &str) -> Result<LogFormat, String> {
    match given(value) {
        None | Some("text") => Ok(LogFormat::Text),
        Some("json") => Ok(LogFormat::Json),
        Some(other) => Err(format!(
            "LEADSGEN_LOG_FORMAT must be text or json, not {other:?}"
        )),
    }
}

impl LogConfig {
    /// The log's settings in use. `create_key` generates the signing key in the data
    /// directory when there is none (the server does; the `log` commands must not, since a
    /// new key cannot verify an existing log).
    ///
    /// Returns `Err(ConfigError)` when the key cannot be read or made, or `DATABASE_URL` is
    /// neither PostgreSQL nor SQLite.
    pub fn new(settings: &LogSettings, create_key: bool) -> Result<Self, ConfigError> {
        let configured = secret(key_store::KEY_VAR);
        let configured = configured.as_deref();
        let data_dir = &settings.data_dir;
        let key = if create_key || configured.is_some() {
            key_store::load_or_create(configured, data_dir)
        } else {
            key_store::load(data_dir)
        }
        .map_err(|e| ConfigError(format!("consent signing key: {e}")))?;
        let previous_keys = key_store::previous_keys(
            secret(key_store::PREVIOUS_KEYS_VAR).as_deref(),
            data_dir,
            &key,
        )
        .map_err(|e| ConfigError(format!("previous consent signing keys: {e}")))?;
        // Unlike the cookie key, a new log key cannot invalidate anything: the `log` commands
        // may make one too (`log export` signs a checkpoint with it).
        let signer =
            key_store::log_signer(secret(key_store::LOG_KEY_VAR).as_deref(), data_dir, true)
                .map_err(|e| ConfigError(format!("log signing key: {e}")))?;
        let target = StoreTarget::from_url(
            secret("DATABASE_URL").as_deref(),
            data_dir.join("consent.db"),
        )
        .map_err(ConfigError)?;
        Ok(LogConfig {
            target,
            key,
            previous_keys,
            signer,
            user_agent: settings.log_user_agent,
            retention_days: settings.log_retention_days,
            enabled: settings.consent_log,
            min_free_mib: settings.log_min_free_mib,
        })
    }

    /// The log's chain key, derived from the cookie key (and accepting the previous ones').
    pub fn log_key(&self) -> LogKey {
        LogKey::derive(self.key.master())
            .with_previous(self.previous_keys.iter().map(|k| k.master()))
    }
}

/// The site's public origin: `LEADSGEN_PUBLIC_ORIGIN` when set, or `http://` and the listen
/// address (`http://127.0.0.1:3000` under `make run`) when not, with a warning when that
/// address is unspecified (`0.0.0.0`). Never the `Host` header.
///
/// The value is read with a WHATWG URL parser (the `url` crate) and kept as its ASCII
/// serialization (host lowercased and in punycode, default port dropped). Returns
/// `Err(ConfigError)`, naming the variable, for anything but an `http` or `https` origin: a
/// value with a path, query, fragment or credentials, or one that does not parse.
pub fn public_origin(value: Option<&str>, listen: SocketAddr) -> Result<PublicOrigin, ConfigError> {
    let Some(value) = value.map(str::trim) else {
        if listen.ip().is_unspecified() {
            tracing::warn!(
                "LEADSGEN_PUBLIC_ORIGIN is not set, and the listen address {listen} is no \
                 origin a visitor can reach: absolute URLs (hreflang, canonical, receipts) \
                 will use http://{listen}; set it to the site's origin"
            );
        }
        return Ok(PublicOrigin::new(format!("http://{listen}")));
    };
    let refuse = |why: &str| {
        ConfigError(format!(
            "LEADSGEN_PUBLIC_ORIGIN must be the site's origin, such as https://leadsgen.app \
             (scheme and host, optionally a port, nothing after them): {value:?} {why}"
        ))
    };
    let url = url::Url::parse(value).map_err(|e| refuse(&format!("does not parse ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("is not http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("holds credentials"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(refuse("has a path, query or fragment"));
    }
    match url.origin() {
        origin @ url::Origin::Tuple(..) => Ok(PublicOrigin::new(origin.ascii_serialization())),
        url::Origin::Opaque(_) => Err(refuse("has no host")),
    }
}

/// Who a request's client is. A client-address header without trusted proxies is refused:
/// read from anyone, it would let every client choose its own address.
fn client_rule(
    trusted: TrustedProxies,
    header: Option<http::HeaderName>,
) -> Result<ClientRule, ConfigError> {
    if header.is_some() && trusted.0.is_empty() {
        return Err(ConfigError(
            "LEADSGEN_CLIENT_IP_HEADER is read only from the proxies in \
             LEADSGEN_TRUSTED_PROXIES: set it to your proxies' addresses (e.g. 127.0.0.1)"
                .into(),
        ));
    }
    Ok(ClientRule {
        header: header.unwrap_or_else(|| ClientRule::default().header),
        trusted: trusted.0,
    })
}

impl Config {
    /// The configuration in use: `settings`, Leptos' own variables (where the built site
    /// is), and one variable per tracker in the registry (`LEADSGEN_PLAUSIBLE_DOMAIN`, …),
    /// whose default is LeadsGen's own value; set one to empty to load no such script.
    ///
    /// Returns `Err(ConfigError)`, naming the variable, for a setting that cannot be used.
    pub fn new(settings: Settings) -> Result<Self, ConfigError> {
        let mut conf = get_configuration(None).map_err(|e| ConfigError(e.to_string()))?;
        conf.leptos_options.site_addr = settings.site_addr;
        let log = LogConfig::new(&settings.log, true)?;
        // Unlike the settings above, an empty tracker variable is meaningful ("off").
        let trackers = TrackerIds::from_lookup(|name| std::env::var(name).ok())
            .map_err(|e| ConfigError(e.to_string()))?;
        let public_origin = public_origin(
            settings.public_origin.as_deref().and_then(given),
            settings.site_addr,
        )?;
        Ok(Self {
            public_origin,
            leptos: conf.leptos_options,
            trackers,
            cookies: CookieSettings {
                key: log.key.clone(),
                previous_keys: log.previous_keys.clone(),
                secure: settings.secure_cookies,
                domain: settings
                    .cookie_domain
                    .as_deref()
                    .and_then(given)
                    .map(str::to_string),
            },
            admin_token: secret("LEADSGEN_ADMIN_TOKEN"),
            page_cache_bytes: settings.page_cache_mib << 20,
            clients: client_rule(settings.trusted_proxies, settings.client_ip_header)?,
            decision_limits: Limits {
                per_minute: settings.decisions_per_minute,
                burst: settings.decision_burst,
            },
            metrics_addr: settings.metrics_addr,
            log,
        })
    }

    /// The socket address to listen on.
    pub fn addr(&self) -> SocketAddr {
        self.leptos.site_addr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listen() -> SocketAddr {
        "127.0.0.1:3000".parse().unwrap()
    }

    /// A blank variable is unset; options work after a subcommand too (`log verify
    /// --data-dir x`), and a secret is never an option.
    #[test]
    fn blank_means_unset_and_options_go_anywhere() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            settings: Settings,
            #[command(subcommand)]
            command: Option<Command>,
        }
        #[derive(clap::Subcommand)]
        enum Command {
            Verify,
        }
        assert_eq!(data_dir("  ").unwrap(), PathBuf::from(DEFAULT_DATA_DIR));
        assert_eq!(page_cache_mib("").unwrap(), DEFAULT_PAGE_CACHE_MIB);
        assert_eq!(retention_days(" ").unwrap(), DEFAULT_RETENTION_DAYS);
        assert!(log_switch("").unwrap());
        assert!(!flag("X")("").unwrap());
        let cli = Cli::try_parse_from(["x", "verify", "--data-dir", "elsewhere"]).unwrap();
        assert_eq!(cli.settings.log.data_dir, PathBuf::from("elsewhere"));
        assert!(Cli::try_parse_from(["x", "--consent-cookie-key", "k"]).is_err());
        let Err(e) = Cli::try_parse_from(["x", "--log-retention-days", "30"]) else {
            panic!("a retention under a year is refused")
        };
        assert!(e.to_string().contains("at least 365"), "{e}");
    }

    /// Issue 19, item 5.
    #[test]
    fn the_public_origin_is_configured_or_the_listen_address() {
        assert_eq!(
            public_origin(None, listen()).unwrap().as_str(),
            "http://127.0.0.1:3000"
        );
        assert_eq!(
            public_origin(None, "[::1]:8080".parse().unwrap())
                .unwrap()
                .as_str(),
            "http://[::1]:8080"
        );
        for (value, origin) in [
            ("https://leadsgen.app", "https://leadsgen.app"),
            ("https://leadsgen.app/", "https://leadsgen.app"),
            ("HTTPS://LeadsGen.App:443", "https://leadsgen.app"),
            ("http://localhost:8080", "http://localhost:8080"),
            (" https://leadsgen.app ", "https://leadsgen.app"),
        ] {
            assert_eq!(
                public_origin(Some(value), listen()).unwrap().as_str(),
                origin,
                "{value}"
            );
        }
    }

    #[test]
    fn a_malformed_public_origin_stops_the_start_naming_the_variable() {
        for bad in [
            "leadsgen.app",
            "ftp://leadsgen.app",
            "https://leadsgen.app/path",
            "https://leadsgen.app?x=1",
            "https://leadsgen.app#x",
            "https://user:pw@leadsgen.app",
            "https://",
            "javascript:alert(1)",
        ] {
            let e = public_origin(Some(bad), listen()).unwrap_err().to_string();
            assert!(e.contains("LEADSGEN_PUBLIC_ORIGIN"), "{bad}: {e}");
        }
    }
}
