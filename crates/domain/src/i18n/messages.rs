//! Every sentence a visitor reads, as one typed table per language ([`super::en::EN`],
//! [`super::de::DE`], [`super::fr::FR`]): a text missing in one language is a compile error.
//!
//! A text with a `{name}` placeholder is filled by [`fill`]; a unit test checks that every
//! language uses the same placeholders as English. The registry's own wording (category
//! names, descriptions, cookie purposes) is in the registry, as [`super::Text`].

/// Everything the site says, in one language.
#[derive(Debug)]
pub struct Messages {
    /// Header, footer, navigation, language switch, theme.
    pub site: Site,
    /// The first-layer banner.
    pub banner: Banner,
    /// The preferences dialog around the form.
    pub dialog: Dialog,
    /// The preferences form and the cookie tables.
    pub form: Form,
    /// Notices: privacy signals, policy update, saves, page-only settings, the reload notice.
    pub notices: Notices,
    /// The proof of the current decision: consent ID, date, receipt links.
    pub proof: Proof,
    /// `/`.
    pub home: Home,
    /// `/cookie-policy`, its whole text.
    pub policy: Policy,
    /// `/cookie-preferences`.
    pub preferences: PreferencesPage,
    /// `/settings`.
    pub settings: Settings,
    /// The 404 page.
    pub not_found: NotFound,
    /// Refusals: the page a plain form gets, the island's messages, the 413.
    pub errors: Errors,
    /// The consent receipt as a page.
    pub receipt: Receipt,
    /// Signing up, in and out, and the account on `/settings`.
    pub accounts: Accounts,
    /// What changed in the policy since a visitor's consent.
    pub changes: Changes,
}

/// Header, footer, navigation, language switch, theme.
#[derive(Debug)]
pub struct Site {
    /// The skip link, first on every page.
    pub skip_to_content: &'static str,
    /// The main navigation's accessible name.
    pub main_nav: &'static str,
    pub nav_home: &'static str,
    pub nav_policy: &'static str,
    pub nav_settings: &'static str,
    /// The footer navigation's accessible name.
    pub footer_nav: &'static str,
    /// The footer's permanent entry to change or withdraw consent.
    pub cookie_settings: &'static str,
    /// The language switch's accessible name.
    pub language_nav: &'static str,
    /// The theme switch's accessible name.
    pub theme: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub theme_system: &'static str,
    /// Appended to every page title: `Cookie Policy · LeadsGen`.
    pub title_suffix: &'static str,
}

/// The first-layer banner.
#[derive(Debug)]
pub struct Banner {
    /// The banner region's accessible name.
    pub label: &'static str,
    /// What cookies are for, who is involved, and that refusing keeps the Service usable.
    pub text: &'static str,
    pub policy_link: &'static str,
    pub accept_all: &'static str,
    pub reject_all: &'static str,
    pub manage: &'static str,
}

/// The preferences dialog around the form.
#[derive(Debug)]
pub struct Dialog {
    pub title: &'static str,
    pub close: &'static str,
    pub intro: &'static str,
    pub save: &'static str,
}

/// The preferences form and the cookie tables.
#[derive(Debug)]
pub struct Form {
    /// Whether a category's name is lower-cased inside a sentence ("Allow functional
    /// cookies"); German and French quote it as it is.
    pub lowercase_names: bool,
    pub accept_all: &'static str,
    pub reject_all: &'static str,
    pub keep_previous: &'static str,
    /// The state line of the necessary category.
    pub always_on: &'static str,
    /// The state line of a category a privacy signal keeps off: `{signals}`.
    pub off_by_signal: &'static str,
    pub before_update_allowed: &'static str,
    pub before_update_refused: &'static str,
    /// The switch's label: `{category}` (the category's name, as the language writes it
    /// inside a sentence).
    pub allow: &'static str,
    /// `{purposes}`.
    pub purpose_line: &'static str,
    /// The cookie disclosure: `{count}`.
    pub cookies_in_category: &'static str,
    /// The cookie table region's accessible name: `{category}`.
    pub cookies_region: &'static str,
    pub col_cookie: &'static str,
    pub col_purpose: &'static str,
    pub col_duration: &'static str,
    pub col_set_by: &'static str,
    pub col_provider: &'static str,
    pub first_party: &'static str,
    pub third_party: &'static str,
    /// A cookie that lives as long as the browser session.
    pub session: &'static str,
    /// `{n}` days, singular and plural.
    pub day: &'static str,
    pub days: &'static str,
    /// `{n}` years, singular and plural.
    pub year: &'static str,
    pub years: &'static str,
    /// `Saved: {choices}.`: what is in force after a save.
    pub saved: &'static str,
    /// One category's state in `{choices}`: `{category} on` / `{category} off`.
    pub category_on: &'static str,
    pub category_off: &'static str,
}

/// Notices: privacy signals, policy update, saves, page-only settings, the reload notice.
#[derive(Debug)]
pub struct Notices {
    /// `{signals}`: the signals' names.
    pub signal: &'static str,
    /// Appended to [`signal`](Self::signal) where Accept all is offered.
    pub signal_accept_all: &'static str,
    pub dnt: &'static str,
    pub gpc: &'static str,
    /// Both signals: `{dnt}`, `{gpc}`.
    pub both_signals: &'static str,
    /// The policy-updated notice, around its date: `{date}`.
    pub policy_updated: &'static str,
    /// A page-only personalization.
    pub page_only: &'static str,
    pub remember: &'static str,
    /// After the consent runtime reloaded the page.
    pub reloaded_label: &'static str,
    pub reloaded: &'static str,
    pub ok: &'static str,
    /// `Saved: sidebar collapsed.` and friends.
    pub saved_sidebar_collapsed: &'static str,
    pub saved_sidebar_expanded: &'static str,
    /// `{theme}`.
    pub saved_theme: &'static str,
    /// `{workspace}`.
    pub saved_workspace: &'static str,
}

/// What changed in the policy since a visitor's consent: the list under the update notice
/// (`consent::policy_changes`), and the signed-in notice in the page's header area.
#[derive(Debug)]
pub struct Changes {
    /// Before the list.
    pub heading: &'static str,
    /// The disclosure of the rest of a long list: one more change.
    pub more_one: &'static str,
    /// The disclosure of the rest of a long list: `{count}` more changes (two or more).
    pub more: &'static str,
    /// `{category}`.
    pub category_added: &'static str,
    /// `{category}`.
    pub category_removed: &'static str,
    /// `{cookie}`, `{category}`.
    pub cookie_added: &'static str,
    /// `{cookie}`, `{category}`.
    pub cookie_removed: &'static str,
    /// `{cookie}`, `{from}`, `{to}`.
    pub cookie_moved: &'static str,
    /// `{cookie}`, `{purpose}`.
    pub purpose_changed: &'static str,
    /// `{cookie}`, `{duration}`.
    pub now_lasts: &'static str,
    /// `{cookie}`: it became a session cookie.
    pub now_session: &'static str,
    /// `{cookie}`, `{provider}`, `{party}`.
    pub setter_changed: &'static str,
    /// `{provider}`, `{host}`, `{category}`.
    pub tracker_added: &'static str,
    /// `{provider}`, `{host}`, `{category}`.
    pub tracker_removed: &'static str,
    /// The `{host}` of a script the site serves itself.
    pub this_site: &'static str,
    /// The signed-in notice's label.
    pub account_label: &'static str,
    /// The signed-in notice, around its date: `{date}`.
    pub account_notice: &'static str,
    /// Its link to the choices.
    pub review: &'static str,
}

/// The proof of the current decision.
#[derive(Debug)]
pub struct Proof {
    /// Before the ID.
    pub consent_id: &'static str,
    /// Between the ID and the date.
    pub given_on: &'static str,
    pub download: &'static str,
    pub view: &'static str,
}

/// `/`.
#[derive(Debug)]
pub struct Home {
    pub title: &'static str,
    pub heading: &'static str,
    pub lead: &'static str,
    pub lists: &'static str,
    pub lists_text: &'static str,
    pub contacts: &'static str,
    pub contacts_text: &'static str,
    pub crm: &'static str,
    pub crm_text: &'static str,
    /// Before the policy link.
    pub privacy: &'static str,
    pub policy_link: &'static str,
}

/// `/cookie-policy`, its whole text.
#[derive(Debug)]
pub struct Policy {
    pub title: &'static str,
    /// In a translation: which version binds. Empty in English.
    pub binding: &'static str,
    /// Before the date.
    pub last_updated: &'static str,
    pub intro: &'static str,
    pub what_heading: &'static str,
    pub what_1: &'static str,
    pub what_2: &'static str,
    pub types_heading: &'static str,
    pub manage_heading: &'static str,
    pub manage_intro: &'static str,
    pub manage_banner: &'static str,
    /// After the banner entry's name, naming the banner's button.
    pub manage_banner_text: &'static str,
    pub manage_button_undecided: &'static str,
    pub manage_browser: &'static str,
    /// Before the aboutcookies.org link.
    pub manage_browser_text: &'static str,
    /// After it.
    pub manage_browser_after: &'static str,
    pub manage_account: &'static str,
    pub manage_account_text: &'static str,
    pub note: &'static str,
    pub note_text: &'static str,
    pub dnt_heading: &'static str,
    pub dnt_text: &'static str,
    pub changes_heading: &'static str,
    pub changes_text: &'static str,
    pub contact_heading: &'static str,
    /// Before the e-mail address.
    pub contact_text: &'static str,
}

/// `/cookie-preferences`.
#[derive(Debug)]
pub struct PreferencesPage {
    pub title: &'static str,
    pub intro: &'static str,
    pub policy_link: &'static str,
    pub save: &'static str,
}

/// `/settings`.
#[derive(Debug)]
pub struct Settings {
    pub title: &'static str,
    pub heading: &'static str,
    pub sections: &'static str,
    pub expand_sidebar: &'static str,
    pub collapse_sidebar: &'static str,
    pub privacy: &'static str,
    pub privacy_intro: &'static str,
    pub appearance: &'static str,
    /// Around the cookie's name: `{cookie}`.
    pub appearance_text: &'static str,
    pub workspace: &'static str,
    pub current_workspace: &'static str,
    pub no_workspace: &'static str,
    pub switch_workspace: &'static str,
    pub save: &'static str,
}

/// The 404 page.
#[derive(Debug)]
pub struct NotFound {
    pub title: &'static str,
    pub text: &'static str,
    pub home: &'static str,
    pub policy: &'static str,
}

/// Refusals.
#[derive(Debug)]
pub struct Errors {
    /// The refused-post page's title and heading.
    pub refused_title: &'static str,
    /// A malformed or forged post (400), before its detail.
    pub bad_request: &'static str,
    /// A cross-site post (403).
    pub forbidden: &'static str,
    /// Our fault (500).
    pub internal: &'static str,
    /// The consent log could not record (503).
    pub unavailable: &'static str,
    /// Over the size limit (413).
    pub too_large: &'static str,
    /// Too many decisions from the client (429), `{seconds}` until the next may be made.
    pub rate_limited: &'static str,
    pub review_choices: &'static str,
    pub home: &'static str,
    /// The island: the post did not leave the browser.
    pub network: &'static str,
    /// The island: the server refused, `{status}`.
    pub refused: &'static str,
    /// The island: saved, but the answer could not be applied.
    pub bad_answer: &'static str,
}

/// Signing up, in and out, and the account on `/settings`.
#[derive(Debug)]
pub struct Accounts {
    /// The header's link, the sign-in page's title and its button.
    pub sign_in: &'static str,
    /// The sign-up page's title, its button, and the link to it.
    pub sign_up: &'static str,
    pub sign_out: &'static str,
    pub sign_out_everywhere: &'static str,
    /// The header's account area: its accessible name.
    pub account_nav: &'static str,
    /// The header, signed in: `{email}`.
    pub signed_in_as: &'static str,
    pub sign_in_heading: &'static str,
    pub sign_up_heading: &'static str,
    /// Under both forms: the two strictly necessary cookies, `{session}` and `{csrf}`.
    pub cookies_used: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    /// Under a new password: NIST SP 800-63B's only rule, its length.
    pub password_hint: &'static str,
    pub no_account: &'static str,
    pub have_account: &'static str,
    /// A failed sign-in, whichever of the two was wrong.
    pub failed: &'static str,
    /// The browser sent no `next-auth.csrf-token` back: cookies are blocked.
    pub cookies_needed: &'static str,
    pub bad_email: &'static str,
    pub password_too_short: &'static str,
    pub password_too_long: &'static str,
    pub email_taken: &'static str,
    /// The form is older than its cookie, or from another tab that signed in meanwhile.
    pub form_expired: &'static str,
    /// 429: `{minutes}`.
    pub too_many: &'static str,
    /// The account database is off or unreachable.
    pub unavailable: &'static str,
    pub signed_out: &'static str,
    pub signed_out_everywhere: &'static str,
    /// `/settings`, signed in.
    pub account_heading: &'static str,
    /// `{email}`.
    pub account_intro: &'static str,
    pub everywhere_text: &'static str,
    pub delete_heading: &'static str,
    pub delete_text: &'static str,
    pub delete_button: &'static str,
    pub deleted: &'static str,
    pub wrong_password: &'static str,
    /// `/settings`, signed out: where account settings are.
    pub signed_out_settings: &'static str,
    /// The banner, the dialog and the preferences forms, signed in: `{email}`.
    pub scope_note: &'static str,
    /// Signed in, the account without a decision, the device with one (CNIL rule 4).
    pub adopt_text: &'static str,
    pub adopt_button: &'static str,
}

/// The consent receipt as a page.
#[derive(Debug)]
pub struct Receipt {
    pub title: &'static str,
    /// `{controller}`, `{contact}` (a link).
    pub intro: &'static str,
    pub current: &'static str,
    pub earlier: &'static str,
    pub consent_id: &'static str,
    pub recorded: &'static str,
    pub policy: &'static str,
    /// `{revision}`, `{sha256}`.
    pub policy_ref: &'static str,
    pub signals: &'static str,
    pub no_signals: &'static str,
    pub how: &'static str,
    /// `{action}`, `{source}`, `{locale}`.
    pub how_text: &'static str,
    pub record_hash: &'static str,
    /// The receipt's signature.
    pub signature: &'static str,
    /// `{kid}`, `{fingerprint}`, `{keys}` (a link to the public keys).
    pub signature_text: &'static str,
    /// `{id}`.
    pub choices_caption: &'static str,
    pub col_category: &'static str,
    pub col_asked: &'static str,
    pub col_in_force: &'static str,
    pub on: &'static str,
    pub off: &'static str,
    /// No decision in force (404).
    pub none: &'static str,
    /// No consent log on this site (404).
    pub no_log: &'static str,
    /// The decision is not in the log (404).
    pub not_logged: &'static str,
    /// The log cannot be read (503).
    pub unreadable: &'static str,
}

impl Form {
    /// A category's name as this language writes it inside a sentence: `analytics` in
    /// English, `Analyse` in German.
    pub fn category_name(&self, name: &str) -> String {
        if self.lowercase_names {
            name.to_lowercase()
        } else {
            name.to_string()
        }
    }
}

/// `template` with each `{name}` replaced by its value. Names not in `values` stay as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The placeholders of `template`, in order: `"{a} and {b}"` → `["a", "b"]`.
pub fn placeholders(template: &str) -> Vec<&str> {
    template
        .match_indices('{')
        .filter_map(|(at, _)| template[at + 1..].split_once('}').map(|(name, _)| name))
        .collect()
}

/// A piece of a message template: text to show as it is, or a `{name}` placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// The name inside `{…}`.
    Hole(&'a str),
}

/// `template` cut at its placeholders, in order, for a view that puts an element (a link, a
/// `<code>`) where a placeholder stands: `"Contact: {contact}."` →
/// `[Text("Contact: "), Hole("contact"), Text(".")]`. Empty texts are left out; a `{` without
/// its `}` is text.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open + 1..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Hole(&rest[open + 1..open + 1 + len]));
        rest = &rest[open + len + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_a_template_at_its_placeholders() {
        use Piece::{Hole, Text};
        assert_eq!(
            pieces("Contact: {contact}."),
            [Text("Contact: "), Hole("contact"), Text(".")]
        );
        assert_eq!(pieces("{a}{b}"), [Hole("a"), Hole("b")]);
        assert_eq!(pieces("no {end"), [Text("no {end")]);
        assert!(pieces("").is_empty());
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill("{n} days", &[("n", "30")]), "30 days");
        assert_eq!(fill("{a}{b}{a}", &[("a", "x"), ("b", "y")]), "xyx");
        assert_eq!(fill("{kept}", &[]), "{kept}");
        assert_eq!(placeholders("{a} and {b}."), ["a", "b"]);
        assert!(placeholders("none").is_empty());
    }
}
