//! The printable consent receipt: the same content as the JSON download
//! ([`Receipt`]), for people, in the language they read it in.

use leptos::prelude::*;

use super::{document, Head};
use crate::consent::Signals;
use crate::i18n::{pieces, Locale, Piece};
use crate::log::receipt::{Receipt, RecordedDecision};

/// The receipt as a complete HTML document in `locale`.
pub fn receipt_page(receipt: &Receipt, signed: Option<Signed>, locale: Locale) -> String {
    let receipt = receipt.clone();
    document(move || view! { <ReceiptPage receipt signed locale/> }.into_any())
}

/// What the printable receipt says of the JSON receipt's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The signing key's ID.
    pub kid: String,
    /// [`ReceiptSignature::fingerprint`](crate::log::receipt::ReceiptSignature::fingerprint).
    pub fingerprint: String,
    /// The absolute URL of the public keys.
    pub keys_url: String,
}

/// `template` with each placeholder replaced by the view `hole` gives for its name; the text
/// around them stays text (escaped).
fn with_holes(template: &str, hole: impl Fn(&str) -> AnyView) -> impl IntoView {
    pieces(template)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.to_string().into_any(),
            Piece::Hole(name) => hole(name),
        })
        .collect_view()
}

/// The printable receipt: the controller, the decision in force, and the decisions it
/// replaced, oldest first.
#[component]
pub fn ReceiptPage(receipt: Receipt, signed: Option<Signed>, locale: Locale) -> impl IntoView {
    let t = &locale.messages().receipt;
    let Receipt {
        controller,
        decision,
        history,
        ..
    } = receipt;
    let intro = with_holes(t.intro, move |name| match name {
        "controller" => controller.name.into_any(),
        "contact" => {
            let mailto = format!("mailto:{}", controller.contact);
            view! { <a href=mailto>{controller.contact}</a> }.into_any()
        }
        other => other.to_string().into_any(),
    });
    let earlier = (!history.is_empty()).then(|| {
        view! {
            <h2>{t.earlier}</h2>
            <ol>
                {history
                    .into_iter()
                    .map(|d| view! { <li><DecisionView decision=d locale/></li> })
                    .collect_view()}
            </ol>
        }
    });
    let signature = signed.map(|signed| {
        let text = with_holes(t.signature_text, move |name| match name {
            "kid" => view! { <code>{signed.kid.clone()}</code> }.into_any(),
            "fingerprint" => view! { <code>{signed.fingerprint.clone()}</code> }.into_any(),
            "keys" => {
                let (href, url) = (signed.keys_url.clone(), signed.keys_url.clone());
                view! { <a href=href>{url}</a> }.into_any()
            }
            other => other.to_string().into_any(),
        });
        view! {
            <h2>{t.signature}</h2>
            <p>{text}</p>
        }
    });
    view! {
        <html lang=locale.tag()>
            <Head title=t.title.to_string()/>
            <body>
                <main>
                    <h1>{t.title}</h1>
                    <p>{intro}</p>
                    <h2>{t.current}</h2>
                    <DecisionView decision locale/>
                    {signature}
                    {earlier}
                </main>
            </body>
        </html>
    }
    .into_any()
}

/// One decision: its ID, time, policy, signals, how it was made, its hash, and a table of the
/// categories asked for and in force.
#[component]
fn DecisionView(decision: RecordedDecision, locale: Locale) -> impl IntoView {
    let t = &locale.messages().receipt;
    let yes = move |b: bool| if b { t.on } else { t.off };
    let d = decision;
    let signals = Signals {
        dnt: d.signals.dnt,
        gpc: d.signals.gpc,
    }
    .names(locale)
    .unwrap_or_else(|| t.no_signals.to_string());
    let policy_ref = {
        let (revision, sha256) = (d.policy.revision.clone(), d.policy.sha256.clone());
        with_holes(t.policy_ref, move |name| match name {
            "revision" => revision.clone().into_any(),
            "sha256" => view! { <code>{sha256.clone()}</code> }.into_any(),
            other => other.to_string().into_any(),
        })
    };
    let how = {
        let (action, source, shown_in) = (d.action, d.source, d.locale.clone());
        with_holes(t.how_text, move |name| match name {
            "action" => action.into_any(),
            "source" => source.into_any(),
            "locale" => shown_in.clone().into_any(),
            other => other.to_string().into_any(),
        })
    };
    let caption = {
        let id = d.consent_id.clone();
        with_holes(t.choices_caption, move |name| match name {
            "id" => id.clone().into_any(),
            other => other.to_string().into_any(),
        })
    };
    let rows = d
        .purposes
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{p.names.get(locale)}</th>
                    <td>{yes(p.requested)}</td>
                    <td>{yes(p.effective)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl>
            <dt>{t.consent_id}</dt>
            <dd><code>{d.consent_id.clone()}</code></dd>
            <dt>{t.recorded}</dt>
            <dd><time datetime=d.recorded_at.clone()>{d.recorded_at.clone()}</time></dd>
            <dt>{t.policy}</dt>
            <dd><a href=d.policy.url.clone()>{d.policy.url.clone()}</a>", " {policy_ref}</dd>
            <dt>{t.signals}</dt>
            <dd>{signals}</dd>
            <dt>{t.how}</dt>
            <dd>{how}</dd>
            <dt>{t.record_hash}</dt>
            <dd><code>{d.record_hash.clone()}</code></dd>
        </dl>
        <table>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.col_category}</th>
                    <th scope="col">{t.col_asked}</th>
                    <th scope="col">{t.col_in_force}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::LEADSGEN;
    use crate::log::chain::ChainState;
    use crate::log::record::sample;
    use crate::paths::PublicOrigin;

    fn origin() -> PublicOrigin {
        PublicOrigin::new("https://leadsgen.app\"><b>".into())
    }

    #[test]
    fn the_printable_page_escapes_and_names_every_category() {
        let mut state = ChainState::genesis();
        let mut record = sample(1);
        record.locale = "<script>".into();
        // Every string the record holds, with `"`, `<` and `&`.
        record.policy_revision = "\"<&revision".into();
        record.policy_sha256 = "\"<&sha256".into();
        let records = state.append(vec![record]);
        let receipt = Receipt::new(&LEADSGEN, &origin(), &records[0], &[]);
        let signed = Signed {
            kid: "kid<b>".into(),
            fingerprint: "3f1a 09bc 77d2 e410".into(),
            keys_url: "https://leadsgen.app\"><b>/.well-known/consent-log-keys.json".into(),
        };
        let html = receipt_page(&receipt, Some(signed), Locale::En);
        assert!(
            html.contains("fingerprint <code>3f1a 09bc 77d2 e410</code>"),
            "{html}"
        );
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        assert!(!html.contains("<script>"));
        // The origin reaches an attribute and a text, the record's strings texts.
        assert!(!html.contains("<b>") && !html.contains("<&"), "{html}");
        assert!(
            html.contains("href=\"https://leadsgen.app&quot;&gt;&lt;b&gt;/en/cookie-policy\""),
            "{html}"
        );
        assert!(
            html.contains("\"&lt;&amp;revision") && html.contains("\"&lt;&amp;sha256"),
            "{html}"
        );
        for c in LEADSGEN.categories {
            assert!(html.contains(c.name.get(Locale::En)), "{:?}", c.name);
        }
        assert!(!html.contains("Earlier decisions"));
        let french = receipt_page(&receipt, None, Locale::Fr);
        assert!(!french.contains("empreinte"));
        assert!(french.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
        for c in LEADSGEN.categories {
            assert!(french.contains(c.name.get(Locale::Fr)), "{:?}", c.name);
        }
        assert!(french.contains(Locale::Fr.messages().receipt.title));
    }
}
