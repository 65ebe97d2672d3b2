//! Server configuration, read from the environment with safe defaults.

use std::net::SocketAddr;

use leptos::config::{get_configuration, LeptosOptions};

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Leptos' own options: site root, pkg dir, output name, hashed file names.
    pub leptos: LeptosOptions,
}

/// Why the configuration could not be read.
#[derive(Debug)]
pub struct ConfigError(String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the configuration from the environment.
    ///
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | the address to listen on |
    /// | `LEPTOS_SITE_ROOT` | `target/site` | where the built site (`pkg/`, assets) is |
    /// | `LEPTOS_HASH_FILES` | `false` | whether `/pkg` names carry content hashes (release builds set it) |
    ///
    /// `LEPTOS_OUTPUT_NAME` is baked in at build time by cargo-leptos.
    pub fn from_env() -> Result<Self, ConfigError> {
        let conf = get_configuration(None).map_err(|e| ConfigError(e.to_string()))?;
        Ok(Self {
            leptos: conf.leptos_options,
        })
    }

    /// The socket address to listen on.
    pub fn addr(&self) -> SocketAddr {
        self.leptos.site_addr
    }
}
