//! Server configuration, read from the environment with safe defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use leptos::config::{get_configuration, LeptosOptions};

use super::cookies::CookieSettings;
use super::key_store;
use crate::gating::TrackerIds;

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Leptos' own options: address, site root, pkg dir, output name, hashed file names.
    pub leptos: LeptosOptions,
    /// How consent cookies are signed and written.
    pub cookies: CookieSettings,
    /// Which trackers this deployment loads (after consent).
    pub trackers: TrackerIds,
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

impl Config {
    /// Reads the configuration from the environment.
    ///
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | the address to listen on |
    /// | `LEPTOS_SITE_ROOT` | `target/site` | where the built site (`pkg/`, assets) is |
    /// | `LEPTOS_HASH_FILES` | `false` | whether `/pkg` names carry content hashes |
    /// | `LEADSGEN_DATA_DIR` | `./data` | where the generated signing key is kept |
    /// | `CONSENT_COOKIE_KEY` | (generated) | base64 signing key, at least 64 bytes |
    /// | `LEADSGEN_SECURE_COOKIES` | `false` | add `Secure` to cookies (serve over https) |
    /// | `LEADSGEN_COOKIE_DOMAIN` | (none) | domain variant to expire when revoking |
    ///
    /// Each tracker in the registry adds one variable (`LEADSGEN_PLAUSIBLE_DOMAIN`,
    /// `LEADSGEN_VERCEL_ANALYTICS`, `LEADSGEN_FACEBOOK_PIXEL_ID`, `LEADSGEN_GOOGLE_ADS_ID`)
    /// whose default is LeadsGen's own value; set one to empty to load no such script.
    pub fn from_env() -> Result<Self, ConfigError> {
        let conf = get_configuration(None).map_err(|e| ConfigError(e.to_string()))?;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("LEADSGEN_DATA_DIR").unwrap_or_else(|| "data".into()));
        let key = key_store::load_or_create(var("CONSENT_COOKIE_KEY").as_deref(), &data_dir)
            .map_err(|e| ConfigError(format!("consent signing key: {e}")))?;
        let secure = match var("LEADSGEN_SECURE_COOKIES").as_deref() {
            None | Some("false" | "0") => false,
            Some("true" | "1") => true,
            Some(other) => {
                return Err(ConfigError(format!(
                    "LEADSGEN_SECURE_COOKIES must be true or false, not {other:?}"
                )))
            }
        };
        // Unlike the variables above, an empty tracker variable is meaningful ("off").
        let trackers = TrackerIds::from_lookup(|name| std::env::var(name).ok())
            .map_err(|e| ConfigError(e.to_string()))?;
        Ok(Self {
            leptos: conf.leptos_options,
            trackers,
            cookies: CookieSettings {
                key,
                secure,
                domain: var("LEADSGEN_COOKIE_DOMAIN"),
            },
        })
    }

    /// The socket address to listen on.
    pub fn addr(&self) -> SocketAddr {
        self.leptos.site_addr
    }
}
