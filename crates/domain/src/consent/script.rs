//! The tracker scripts a category loads, declared as data in the registry.
//!
//! A script is a template: `{id}` in its URL, data attribute or inline code stands for the
//! account ID (or site domain) that the deployment configures. What actually reaches a page is
//! decided in [`crate::gating`].

use super::provider::Provider;

/// The placeholder for the configured ID in a script's URL, data attribute and inline code.
pub const ID_PLACEHOLDER: &str = "{id}";

/// How the browser runs an external script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// `async`: runs as soon as it arrives.
    Async,
    /// `defer`: runs after the document is parsed.
    Defer,
}

impl Loading {
    /// The HTML attribute that asks for this loading.
    pub const fn attribute(self) -> &'static str {
        match self {
            Loading::Async => "async",
            Loading::Defer => "defer",
        }
    }
}

/// The hosts a tracker talks to, by Content-Security-Policy directive. They are allowed only
/// on pages where the tracker's category is consented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CspHosts {
    /// `script-src`: where the tracker loads code from.
    pub script: &'static [&'static str],
    /// `connect-src`: where it sends beacons with `fetch`/`sendBeacon`.
    pub connect: &'static [&'static str],
    /// `img-src`: where it sends pixel requests.
    pub img: &'static [&'static str],
    /// `frame-src`: where it opens hidden frames.
    pub frame: &'static [&'static str],
}

impl CspHosts {
    /// No hosts: a same-origin tracker.
    pub const NONE: CspHosts = CspHosts {
        script: &[],
        connect: &[],
        img: &[],
        frame: &[],
    };
}

/// The setting that configures a tracker: an environment variable with LeadsGen's value as
/// the default. Set it to the empty string to ship no script for that tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackerSetting {
    /// The environment variable, e.g. `LEADSGEN_PLAUSIBLE_DOMAIN`.
    pub env: &'static str,
    /// LeadsGen's own value, used when the variable is not set.
    pub default: &'static str,
    /// What the value is, for error messages and the README.
    pub meaning: &'static str,
}

/// One tracker a category loads: an optional inline start-up snippet, then an external script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackerScript {
    /// A stable key: `data-tracker` in the HTML, and how injected tags are recognised.
    pub key: &'static str,
    /// Who runs it.
    pub provider: Provider,
    /// Where its ID comes from.
    pub setting: TrackerSetting,
    /// Inline code that must run before the external script (a command queue, a config
    /// call), with `{id}`.
    pub init: Option<&'static str>,
    /// The external script's URL, with `{id}`.
    pub src: &'static str,
    /// How the external script loads.
    pub loading: Loading,
    /// One `data-*` attribute the script reads its configuration from, with `{id}`.
    pub data_attribute: Option<(&'static str, &'static str)>,
    /// The hosts the tracker needs once it runs.
    pub hosts: CspHosts,
}
