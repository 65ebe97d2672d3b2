//! Server configuration, read from the environment with safe defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use leptos::config::{get_configuration, LeptosOptions};

use super::cookies::CookieSettings;
use super::key_store;
use crate::gating::TrackerIds;
use crate::log::{LogKey, StoreTarget};
use crate::paths::PublicOrigin;

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
}

/// Why the configuration could not be read: the message names the variable and what it must
/// be. `main` prints it and exits 1.
#[derive(thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

/// `main` reports a failed start with `Debug`: make that the readable message.
impl std::fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// The consent log's settings, shared by the server and the `log` commands.
#[derive(Debug, Clone)]
pub struct LogConfig {
    /// Where the log is: `DATABASE_URL`, or `$LEADSGEN_DATA_DIR/consent.db`.
    pub target: StoreTarget,
    /// The key that signs `cookie-consent`; the log's chain key is derived from it.
    pub key: cookie::Key,
    /// `LEADSGEN_LOG_USER_AGENT=true`: keep the `User-Agent` with each decision.
    pub user_agent: bool,
    /// `LEADSGEN_LOG_RETENTION_DAYS` (default 1095): records older than this are purged.
    pub retention_days: u32,
    /// `LEADSGEN_CONSENT_LOG=off` turns the log off (benchmarks and development only).
    pub enabled: bool,
}

/// The shortest retention the server accepts: a consent is valid for a year, and its proof
/// must outlive it.
pub const MIN_RETENTION_DAYS: u32 = 365;
/// The default retention: three years.
pub const DEFAULT_RETENTION_DAYS: u32 = 1095;

/// A non-empty environment variable.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A `true`/`false` variable (also `1`/`0`, in any case), `default` when unset.
fn flag(name: &str, default: bool) -> Result<bool, ConfigError> {
    match var(name).map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None => Ok(default),
        Some("false" | "0") => Ok(false),
        Some("true" | "1") => Ok(true),
        Some(other) => Err(ConfigError(format!(
            "{name} must be true or false, not {other:?}"
        ))),
    }
}

impl LogConfig {
    /// Reads the log's settings. `create_key` generates the signing key in the data
    /// directory when there is none (the server does; the `log` commands must not, since a
    /// new key cannot verify an existing log).
    ///
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `DATABASE_URL` | `sqlite://$LEADSGEN_DATA_DIR/consent.db` | `postgres://…` for PostgreSQL |
    /// | `LEADSGEN_DATA_DIR` | `./data` | where the SQLite log and the generated key live |
    /// | `CONSENT_COOKIE_KEY` | (generated) | base64 signing key, at least 64 bytes |
    /// | `LEADSGEN_LOG_USER_AGENT` | `false` | keep the `User-Agent` with each decision |
    /// | `LEADSGEN_LOG_RETENTION_DAYS` | `1095` | purge records older than this (at least 365) |
    /// | `LEADSGEN_CONSENT_LOG` | `on` | `off` records nothing: benchmarks only |
    pub fn from_env(create_key: bool) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(var("LEADSGEN_DATA_DIR").unwrap_or_else(|| "data".into()));
        let configured = var("CONSENT_COOKIE_KEY");
        let key = if create_key || configured.is_some() {
            key_store::load_or_create(configured.as_deref(), &data_dir)
        } else {
            key_store::load(&data_dir)
        }
        .map_err(|e| ConfigError(format!("consent signing key: {e}")))?;
        let target =
            StoreTarget::from_url(var("DATABASE_URL").as_deref(), data_dir.join("consent.db"))
                .map_err(ConfigError)?;
        let retention_days = match var("LEADSGEN_LOG_RETENTION_DAYS") {
            None => DEFAULT_RETENTION_DAYS,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|d| *d >= MIN_RETENTION_DAYS)
                .ok_or_else(|| {
                    ConfigError(format!(
                        "LEADSGEN_LOG_RETENTION_DAYS must be a whole number of days, at least \
                         {MIN_RETENTION_DAYS} (a consent is valid for a year, and its proof must \
                         outlive it), not {v:?}"
                    ))
                })?,
        };
        let switch = var("LEADSGEN_CONSENT_LOG").map(|v| v.trim().to_ascii_lowercase());
        let enabled = match switch.as_deref() {
            None | Some("on") => true,
            Some("off") => false,
            Some(other) => {
                return Err(ConfigError(format!(
                    "LEADSGEN_CONSENT_LOG must be on or off, not {other:?}"
                )))
            }
        };
        Ok(LogConfig {
            target,
            key,
            user_agent: flag("LEADSGEN_LOG_USER_AGENT", false)?,
            retention_days,
            enabled,
        })
    }

    /// The log's chain key, derived from the signing key.
    pub fn log_key(&self) -> LogKey {
        LogKey::derive(self.key.master())
    }
}

/// The default size of the page cache: about 500 pages of 30 KB.
pub const DEFAULT_PAGE_CACHE_MIB: u64 = 16;

/// `LEADSGEN_PAGE_CACHE_MIB` in bytes.
fn page_cache_bytes() -> Result<u64, ConfigError> {
    let Some(v) = var("LEADSGEN_PAGE_CACHE_MIB") else {
        return Ok(DEFAULT_PAGE_CACHE_MIB << 20);
    };
    v.trim()
        .parse::<u64>()
        .ok()
        .filter(|mib| *mib <= 4096)
        .map(|mib| mib << 20)
        .ok_or_else(|| {
            ConfigError(format!(
                "LEADSGEN_PAGE_CACHE_MIB must be a whole number of MiB from 0 (off) to 4096, \
                 not {v:?}"
            ))
        })
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

impl Config {
    /// Reads the configuration from the environment.
    ///
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | the address to listen on |
    /// | `LEPTOS_SITE_ROOT` | `target/site` | where the built site (`pkg/`, assets) is |
    /// | `LEPTOS_HASH_FILES` | `false` | whether `/pkg` names carry content hashes |
    /// | `LEADSGEN_SECURE_COOKIES` | `false` | add `Secure` to cookies (serve over https) |
    /// | `LEADSGEN_COOKIE_DOMAIN` | (none) | domain variant to expire when revoking |
    /// | `LEADSGEN_ADMIN_TOKEN` | (none) | the admin view's token; unset, `/admin` is off |
    /// | `LEADSGEN_PAGE_CACHE_MIB` | `16` | MiB of rendered pages to keep; `0` renders every time |
    /// | `LEADSGEN_PUBLIC_ORIGIN` | `http://` + the listen address | the site's origin, e.g. `https://leadsgen.app`: absolute URLs (hreflang, canonical, receipts) start with it |
    ///
    /// and the consent log's variables ([`LogConfig::from_env`]).
    /// Each tracker in the registry adds one variable (`LEADSGEN_PLAUSIBLE_DOMAIN`,
    /// `LEADSGEN_VERCEL_ANALYTICS`, `LEADSGEN_FACEBOOK_PIXEL_ID`, `LEADSGEN_GOOGLE_ADS_ID`)
    /// whose default is LeadsGen's own value; set one to empty to load no such script.
    pub fn from_env() -> Result<Self, ConfigError> {
        let conf = get_configuration(None).map_err(|e| ConfigError(e.to_string()))?;
        let log = LogConfig::from_env(true)?;
        let secure = flag("LEADSGEN_SECURE_COOKIES", false)?;
        // Unlike the variables above, an empty tracker variable is meaningful ("off").
        let trackers = TrackerIds::from_lookup(|name| std::env::var(name).ok())
            .map_err(|e| ConfigError(e.to_string()))?;
        let public_origin = public_origin(
            var("LEADSGEN_PUBLIC_ORIGIN").as_deref(),
            conf.leptos_options.site_addr,
        )?;
        Ok(Self {
            public_origin,
            leptos: conf.leptos_options,
            trackers,
            cookies: CookieSettings {
                key: log.key.clone(),
                secure,
                domain: var("LEADSGEN_COOKIE_DOMAIN"),
            },
            admin_token: var("LEADSGEN_ADMIN_TOKEN").map(|t| t.trim().to_string()),
            page_cache_bytes: page_cache_bytes()?,
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
