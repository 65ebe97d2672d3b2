//! Whose consent decision governs a request when a person may be signed in: the device's own
//! (`cookie-consent`, for signed-out use) or the account's (every device where the account is
//! signed in). The rules follow CNIL's recommendation on cross-device consent (délibération
//! 2025-131) and the CCPA regulations §7025(c) on opt-out preference signals; each is a
//! function here, tested below, so the server only looks up the two decisions and asks.

use crate::consent::{Choices, Consent, ConsentId, Decision, Signals, Timestamp};
use crate::dates::CalendarDate;

/// Where a recorded decision applies, as the consent log's `scope` column says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// This browser only: a decision made signed out, kept in its `cookie-consent`.
    Device,
    /// The account, on every device where it is signed in.
    Account,
}

impl Scope {
    /// The log's key: `device` or `account`.
    pub const fn key(self) -> &'static str {
        match self {
            Scope::Device => "device",
            Scope::Account => "account",
        }
    }
}

/// What the server knows of a signed-in account's consent: its latest decision (judged like a
/// cookie's, by [`Decision::assess`]) and whether a Global Privacy Control signal from any of
/// its devices opted it out of marketing (§7025(c)(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccountConsent {
    /// The account's latest decision, or [`Decision::Undecided`].
    pub decision: Decision,
    /// A signed-in request carried `Sec-GPC: 1` after the account's latest decision.
    pub marketing_opted_out: bool,
}

/// The decision in force for one request, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Governing {
    /// Whose decision it is.
    pub scope: Scope,
    /// The decision.
    pub decision: Decision,
    /// Marketing stays off whatever the decision says (the account's GPC opt-out).
    pub marketing_opted_out: bool,
    /// The device holds a valid signed-out decision and the account has none: the page
    /// offers to make the device's decision the account's (rule 4). Only that explicit
    /// action does it.
    pub offer_to_adopt: bool,
}

impl Governing {
    /// The decision as this request sees it: the governing one, with marketing off in its
    /// choices after the account's GPC opt-out. Its ID, time and revision (the proof) are
    /// unchanged.
    pub fn in_force(&self) -> Decision {
        let off = |mut c: crate::consent::Consent| {
            c.choices.marketing = false;
            c
        };
        match self.decision {
            Decision::Decided(c) if self.marketing_opted_out => Decision::Decided(off(c)),
            Decision::Outdated(c) if self.marketing_opted_out => Decision::Outdated(off(c)),
            d => d,
        }
    }

    /// What may run now: the governing decision under today's signals (Do Not Track and GPC
    /// switch analytics and marketing off for this request, [`Choices::under`]), with
    /// marketing off after the account's GPC opt-out.
    pub fn effective(&self, signals: Signals) -> Choices {
        let choices = self.decision.effective(signals);
        Choices {
            marketing: choices.marketing && !self.marketing_opted_out,
            ..choices
        }
    }
}

/// Whose decision governs, from the device's own decision and the account's, `None` when
/// nobody is signed in:
/// - rule 1: signed in, an account with a decision (current or for an earlier revision) is
///   governed by it on every device, whatever the device holds;
/// - rule 4: signed in, an account without a decision leaves the device's own decision in
///   force, and offers to adopt it when it is valid; nothing is lifted silently;
/// - rule 5: signed out, the device's own decision governs, as it did before signing in (the
///   account's decision is never written into the device's cookie).
pub fn governing(device: Decision, account: Option<&AccountConsent>) -> Governing {
    match account {
        None => Governing {
            scope: Scope::Device,
            decision: device,
            marketing_opted_out: false,
            offer_to_adopt: false,
        },
        Some(account) if account.decision != Decision::Undecided => Governing {
            scope: Scope::Account,
            decision: account.decision,
            marketing_opted_out: account.marketing_opted_out,
            offer_to_adopt: false,
        },
        Some(account) => Governing {
            scope: Scope::Device,
            decision: device,
            marketing_opted_out: account.marketing_opted_out,
            offer_to_adopt: matches!(device, Decision::Decided(_)),
        },
    }
}

/// The choices an account keeps from a decision made signed in: what was asked for, with
/// marketing off when the request carried Global Privacy Control (its opt-out travels with
/// the account, CCPA regulations §7025(c)(1)). Do Not Track is not kept: it switches analytics
/// and marketing off for the requests that carry it only, on the device that sends it.
pub fn account_choices(requested: Choices, signals: Signals) -> Choices {
    Choices {
        marketing: requested.marketing && !signals.gpc,
        ..requested
    }
}

/// A decision made signed in, as the account keeps it: [`account_choices`] of what was asked
/// for, with the signals it was made under kept as proof.
pub fn account_decision(
    id: ConsentId,
    decided_at: Timestamp,
    revision: CalendarDate,
    requested: Choices,
    signals: Signals,
) -> Consent {
    Consent {
        id,
        decided_at,
        revision,
        choices: account_choices(requested, signals),
        signals,
    }
}

/// What a signed-in request with `Sec-GPC: 1` records for the account (rule 6, §7025(c)(1)),
/// or `None` when there is nothing to opt out of:
/// - an account whose decision allows marketing: that decision with marketing off, which
///   becomes the account's decision;
/// - an account without a decision that is not yet opted out: nothing allowed at all (the
///   account grants nothing), and its opt-out caps every device's own decision;
/// - otherwise (marketing already off, or already opted out), `None`. A later request without
///   GPC changes nothing: it is not an opt-in (§7025(c)(5)). Do Not Track never opts out.
pub fn gpc_opt_out(signals: Signals, account: Option<&AccountConsent>) -> Option<Choices> {
    let account = account.filter(|_| signals.gpc)?;
    match account.decision.stored() {
        Some(c) if c.choices.marketing && !account.marketing_opted_out => Some(Choices {
            marketing: false,
            ..c.choices
        }),
        Some(_) => None,
        None if account.marketing_opted_out => None,
        None => Some(Choices::NONE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::LEADSGEN;

    fn decided(choices: Choices) -> Decision {
        Decision::Decided(Consent::new(
            ConsentId([1; 16]),
            Timestamp(1_795_916_459),
            LEADSGEN.revision,
            choices,
            Signals::NONE,
        ))
    }

    fn account(decision: Decision) -> AccountConsent {
        AccountConsent {
            decision,
            marketing_opted_out: false,
        }
    }

    #[test]
    fn rule_1_signed_in_the_accounts_decision_governs_every_device() {
        for device in [
            Decision::Undecided,
            decided(Choices::NONE),
            decided(Choices::ALL),
        ] {
            let g = governing(device, Some(&account(decided(Choices::ALL))));
            assert_eq!(g.scope, Scope::Account);
            assert_eq!(g.effective(Signals::NONE), Choices::ALL);
            assert!(!g.decision.needs_banner());
        }
    }

    #[test]
    fn rule_2_refusal_travels_exactly_like_acceptance() {
        for choices in [Choices::ALL, Choices::NONE] {
            let g = governing(decided(Choices::ALL), Some(&account(decided(choices))));
            assert_eq!(
                (g.scope, g.effective(Signals::NONE)),
                (Scope::Account, choices)
            );
        }
    }

    #[test]
    fn rule_4_nothing_is_lifted_silently() {
        let device = decided(Choices::ALL);
        let g = governing(device, Some(&account(Decision::Undecided)));
        assert_eq!(
            g.scope,
            Scope::Device,
            "the device's decision stays in force"
        );
        assert_eq!(g.decision, device);
        assert!(g.offer_to_adopt, "and adopting it is offered, not done");
        let none = governing(Decision::Undecided, Some(&account(Decision::Undecided)));
        assert!(!none.offer_to_adopt && none.decision.needs_banner());
    }

    #[test]
    fn rule_5_signed_out_the_device_keeps_its_own_choice() {
        let device = decided(Choices::NONE);
        let g = governing(device, None);
        assert_eq!((g.scope, g.decision), (Scope::Device, device));
        assert!(!g.offer_to_adopt);
        assert!(governing(Decision::Undecided, None).decision.needs_banner());
    }

    #[test]
    fn rule_6_gpc_opts_the_account_out_of_marketing_once_and_is_no_opt_in_when_gone() {
        let gpc = Signals {
            dnt: false,
            gpc: true,
        };
        let dnt = Signals {
            dnt: true,
            gpc: false,
        };
        let all = account(decided(Choices::ALL));
        let off = Choices {
            marketing: false,
            ..Choices::ALL
        };
        assert_eq!(gpc_opt_out(gpc, Some(&all)), Some(off));
        assert_eq!(
            gpc_opt_out(gpc, None),
            None,
            "signed out: this request only"
        );
        assert_eq!(
            gpc_opt_out(Signals::NONE, Some(&all)),
            None,
            "no signal, no change"
        );
        assert_eq!(
            gpc_opt_out(dnt, Some(&all)),
            None,
            "DNT never opts the account out"
        );
        // Once the decision has marketing off, there is nothing more to record.
        assert_eq!(gpc_opt_out(gpc, Some(&account(decided(off)))), None);
        // An account without a decision grants nothing, once; then its opt-out caps devices.
        let mut undecided = account(Decision::Undecided);
        assert_eq!(gpc_opt_out(gpc, Some(&undecided)), Some(Choices::NONE));
        undecided.marketing_opted_out = true;
        assert_eq!(gpc_opt_out(gpc, Some(&undecided)), None);
        let device_only =
            governing(decided(Choices::ALL), Some(&undecided)).effective(Signals::NONE);
        assert!(!device_only.marketing && device_only.analytics);
    }

    #[test]
    fn an_account_keeps_gpcs_opt_out_but_not_dnt() {
        let gpc = Signals {
            dnt: false,
            gpc: true,
        };
        let dnt = Signals {
            dnt: true,
            gpc: false,
        };
        assert_eq!(account_choices(Choices::ALL, dnt), Choices::ALL);
        let kept = account_choices(Choices::ALL, gpc);
        assert!(!kept.marketing && kept.analytics && kept.functional);
    }

    #[test]
    fn the_decision_in_force_carries_the_opt_out_and_keeps_its_proof() {
        let a = AccountConsent {
            decision: decided(Choices::ALL),
            marketing_opted_out: true,
        };
        let g = governing(Decision::Undecided, Some(&a));
        let Decision::Decided(c) = g.in_force() else {
            panic!("decided")
        };
        assert!(!c.choices.marketing && c.choices.analytics);
        assert_eq!(Some(c.id), a.decision.stored().map(|s| s.id));
        assert_eq!(
            g.in_force().effective(Signals::NONE),
            g.effective(Signals::NONE)
        );
    }

    #[test]
    fn dnt_switches_off_for_the_request_only() {
        let a = account(decided(Choices::ALL));
        let dnt = Signals {
            dnt: true,
            gpc: false,
        };
        let g = governing(Decision::Undecided, Some(&a));
        assert!(!g.effective(dnt).analytics && !g.effective(dnt).marketing);
        assert_eq!(g.effective(Signals::NONE), Choices::ALL);
    }
}
