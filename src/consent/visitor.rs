//! What the server knows about the visitor behind one request, handed to the views as data.

use serde::{Deserialize, Serialize};

use super::{Choices, Decision, Signals};

/// The privacy signals of the request and the consent decision from its cookie.
///
/// The server decides this once per request and passes it to the views (and, serialized, to
/// the islands), so the browser never re-derives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Visitor {
    /// DNT / GPC as sent with this request.
    pub signals: Signals,
    /// The stored decision, judged against the current policy.
    pub decision: Decision,
}

impl Visitor {
    /// What may run on this page.
    pub fn effective(&self) -> Choices {
        self.decision.effective(self.signals)
    }

    /// Where the preference switches start.
    pub fn prefill(&self) -> Choices {
        self.decision.prefill(self.signals)
    }

    /// Whether the consent banner shows.
    pub const fn needs_banner(&self) -> bool {
        self.decision.needs_banner()
    }
}
