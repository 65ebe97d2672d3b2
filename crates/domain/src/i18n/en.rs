//! English: the default, and the binding version of the Cookie Policy.

use super::messages::*;

/// Everything the site says, in English.
pub static EN: Messages = Messages {
    site: Site {
        skip_to_content: "Skip to content",
        main_nav: "Main",
        nav_home: "Home",
        nav_policy: "Cookie Policy",
        nav_settings: "Settings",
        footer_nav: "Privacy",
        cookie_settings: "Cookie settings",
        language_nav: "Language",
        theme: "Theme",
        theme_light: "Light",
        theme_dark: "Dark",
        theme_system: "System",
        title_suffix: " · LeadsGen",
    },
    banner: Banner {
        label: "Cookie consent",
        text: "LeadsGen uses strictly necessary cookies to keep you signed in and the Service \
               secure. With your consent, we also remember your preferences, measure use, and \
               measure ads with Meta (Facebook) and Google. Refusing keeps the Service fully \
               usable; change your mind any time in “Cookie settings”. ",
        policy_link: "Cookie Policy",
        accept_all: "Accept all",
        reject_all: "Reject all",
        manage: "Manage preferences",
    },
    dialog: Dialog {
        title: "Cookie preferences",
        close: "Close",
        intro: "Choose which cookies LeadsGen may use. Strictly necessary cookies are always on; \
                every other category stays off until you switch it on.",
        save: "Save preferences",
    },
    form: Form {
        lowercase_names: true,
        accept_all: "Accept all",
        reject_all: "Reject all",
        keep_previous: "Keep my previous choices",
        always_on: "Always on",
        off_by_signal: "Off: your browser sends {signals}",
        before_update_allowed: "Before the policy update: allowed",
        before_update_refused: "Before the policy update: not allowed",
        allow: "Allow {category} cookies",
        purpose_line: "What it is for: {purposes}.",
        cookies_in_category: "Cookies in this category ({count})",
        cookies_region: "{category} cookies",
        col_cookie: "Cookie",
        col_purpose: "Purpose",
        col_duration: "Duration",
        col_set_by: "Set by",
        col_provider: "Provider",
        first_party: "First party",
        third_party: "Third party",
        session: "Session",
        day: "{n} day",
        days: "{n} days",
        year: "{n} year",
        years: "{n} years",
        saved: "Saved: {choices}.",
        category_on: "{category} on",
        category_off: "{category} off",
    },
    notices: Notices {
        signal: "Your browser sends {signals}, so analytics and marketing cookies stay off.",
        signal_accept_all: " “Accept all” allows functional cookies only.",
        dnt: "Do Not Track",
        gpc: "Global Privacy Control",
        both_signals: "{dnt} and {gpc}",
        policy_updated: "Our Cookie Policy was updated on {date}. Please review your choices.",
        page_only: "Your choice applies to this page only, because functional cookies are off. \
                    To keep it, allow functional cookies.",
        remember: "Remember my choices",
        reloaded_label: "Page reloaded",
        reloaded: "Your cookie choices changed, so the page reloaded to stop the scripts you \
                   turned off.",
        ok: "OK",
        saved_sidebar_collapsed: "Saved: sidebar collapsed.",
        saved_sidebar_expanded: "Saved: sidebar expanded.",
        saved_theme: "Saved: theme {theme}.",
        saved_workspace: "Saved: workspace {workspace}.",
    },
    proof: Proof {
        consent_id: "Consent ID ",
        given_on: " · given on ",
        download: "Download your consent receipt",
        view: "View it as a page",
    },
    home: Home {
        title: "LeadsGen: find your next customers",
        heading: "Find your next customers, faster",
        lead: "LeadsGen finds companies that match your ideal customer profile, enriches them \
               with verified contacts, and hands your sales team a ready-to-work pipeline.",
        lists: "Targeted lists",
        lists_text: "Filter by industry, size, location and technology to build lists that \
                     convert.",
        contacts: "Verified contacts",
        contacts_text: "Every email is checked before it reaches you, so campaigns don’t bounce.",
        crm: "CRM sync",
        crm_text: "Push qualified leads to your CRM in one click and keep your pipeline in one \
                   place.",
        privacy: "We respect your privacy: read how we use cookies in our ",
        policy_link: "Cookie Policy",
    },
    policy: Policy {
        title: "Cookie Policy",
        binding: "",
        last_updated: "Last updated: ",
        intro: "This Cookie Policy explains how LeadsGen (“we”, “us”) uses cookies and similar \
                tracking technologies on our website and application. By using LeadsGen you \
                consent to the use of cookies as described here. You can change or withdraw \
                your consent at any time via the cookie banner or your browser settings.",
        what_heading: "1. What are cookies?",
        what_1: "Cookies are small text files placed on your device when you visit a website. \
                 They are widely used to make websites work, to improve the user experience, \
                 and to provide analytics to site owners.",
        what_2: "We use both first-party cookies (set by LeadsGen) and third-party cookies (set \
                 by trusted partners like Stripe).",
        types_heading: "2. Types of cookies we use",
        manage_heading: "3. How to manage cookies",
        manage_intro: "You have three ways to manage your cookie preferences:",
        manage_banner: "Our cookie banner",
        manage_banner_text: " — click “Manage preferences” to selectively enable/disable \
                             categories",
        manage_button_undecided: "Manage preferences",
        manage_browser: "Your browser settings",
        manage_browser_text: " — most browsers let you block or delete cookies. See ",
        manage_browser_after: " for instructions",
        manage_account: "Your account settings",
        manage_account_text: " — go to Settings and toggle analytics/marketing",
        note: "Note:",
        note_text: " blocking strictly necessary cookies will prevent you from signing in or \
                    using core features of LeadsGen.",
        dnt_heading: "4. Do Not Track",
        dnt_text: "We honor the browser-level Do Not Track (DNT) signal. When DNT is enabled, we \
                   automatically disable analytics and marketing cookies for your session.",
        changes_heading: "5. Changes to this policy",
        changes_text: "We may update this Cookie Policy from time to time. Material changes will \
                       be announced via the cookie banner or in-app notification. The “Last \
                       updated” date at the top reflects the most recent revision.",
        contact_heading: "6. Contact",
        contact_text: "Questions about cookies or tracking? Contact us at ",
    },
    preferences: PreferencesPage {
        title: "Cookie preferences",
        intro: "Choose which cookies LeadsGen may use. Strictly necessary cookies keep the \
                Service working and are always on; every other category stays off until you \
                switch it on. You can change your mind here at any time. ",
        policy_link: "Read the Cookie Policy",
        save: "Save choices",
    },
    settings: Settings {
        title: "Settings",
        heading: "Account settings",
        sections: "Settings sections",
        expand_sidebar: "Expand sidebar",
        collapse_sidebar: "Collapse sidebar",
        privacy: "Privacy",
        privacy_intro: "Choose which optional cookies LeadsGen may use. Changes apply at once and \
                        you can change them here at any time.",
        appearance: "Appearance",
        appearance_text: "The theme is kept in the functional cookie {cookie} for a year.",
        workspace: "Workspace",
        current_workspace: "Current workspace: ",
        no_workspace: "none yet",
        switch_workspace: "Switch workspace",
        save: "Save preferences",
    },
    not_found: NotFound {
        title: "Page not found",
        text: "We couldn’t find the page you asked for. It may have moved, or the address may \
               be mistyped.",
        home: "Go to the home page",
        policy: "Read our Cookie Policy",
    },
    errors: Errors {
        refused_title: "We couldn’t save that",
        bad_request: "This request was not valid, so nothing was saved.",
        forbidden: "This request came from another site, so it was refused and nothing was \
                    saved.",
        internal: "Something went wrong on our side, so nothing was saved. Please try again.",
        unavailable: "We could not record your choice right now, so no cookie was set and \
                      nothing changed. Please try again in a moment.",
        too_large: "The request is larger than this site accepts (16 KiB), so nothing was saved.",
        rate_limited: "Too many choices were sent from your network in a short time, so this \
                       one was not saved and no cookie was set. Please try again in {seconds} s.",
        review_choices: "Review your cookie choices",
        home: "Go to the home page",
        network: "Your choice could not be sent. Check your connection and try again.",
        refused: "Your choice could not be saved (error {status}). Please reload the page and \
                  try again.",
        bad_answer: "Your choice was saved, but this page could not update. Please reload it.",
    },
    receipt: Receipt {
        title: "Your consent receipt",
        intro: "This is the record {controller} keeps of your cookie choices. Contact: {contact}.",
        current: "Your current decision",
        earlier: "Earlier decisions it replaced",
        consent_id: "Consent ID",
        recorded: "Recorded",
        policy: "Policy",
        policy_ref: "revision {revision}, SHA-256 {sha256}",
        signals: "Privacy signals",
        no_signals: "none",
        how: "How",
        how_text: "{action} ({source}), language {locale}",
        record_hash: "Record hash",
        signature: "Signature",
        signature_text: "signed with the consent log's key {kid}, fingerprint {fingerprint}. The JSON receipt carries the whole signature, which anyone can check with the public keys at {keys}.",
        choices_caption: "Your choices for {id}",
        col_category: "Category",
        col_asked: "You asked",
        col_in_force: "In force",
        on: "on",
        off: "off",
        none: "There is no cookie decision in force in this browser, so there is no receipt. \
               Make your choice in the cookie banner or on the Cookie preferences page first.",
        no_log: "This site does not keep a consent log, so it has no receipt to give.",
        not_logged: "Your decision is not in the consent log. Make your choice again to get a \
                     receipt.",
        unreadable: "The consent log cannot be read right now. Please try again in a moment.",
    },
    accounts: Accounts {
        sign_in: "Sign in",
        sign_up: "Create account",
        sign_out: "Sign out",
        sign_out_everywhere: "Sign out on every device",
        account_nav: "Account",
        signed_in_as: "Signed in as {email}",
        sign_in_heading: "Sign in to LeadsGen",
        sign_up_heading: "Create your LeadsGen account",
        cookies_used: "Signing in uses two strictly necessary cookies: {session} keeps you signed \
                       in for 30 days, and {csrf} protects this form until you close the browser.",
        email: "E-mail address",
        password: "Password",
        password_hint: "At least 8 characters. Any characters, spaces included.",
        no_account: "No account yet?",
        have_account: "Already have an account?",
        failed: "That e-mail address and password do not match an account. Check both and try \
                 again.",
        cookies_needed:
            "Signing in needs the strictly necessary cookies, and this browser did not \
                         send them back. Allow cookies for this site, then try again.",
        bad_email: "Enter an e-mail address such as name@example.com.",
        password_too_short: "The password needs at least 8 characters.",
        password_too_long: "The password may have at most 256 characters.",
        email_taken: "An account with this e-mail address exists. Sign in instead.",
        form_expired: "This form had expired, so nothing was sent. Please try again.",
        too_many: "Too many failed sign-ins. Please try again in {minutes} minutes.",
        unavailable: "Accounts are not available right now. Please try again later.",
        signed_out: "You are signed out.",
        signed_out_everywhere: "You are signed out on every device.",
        account_heading: "Account",
        account_intro: "You are signed in as {email}. Your cookie choices here belong to your \
                        account and apply on every device where you are signed in.",
        everywhere_text: "Signed in on a device you no longer use? End every session at once.",
        delete_heading: "Delete my account",
        delete_text: "This deletes your e-mail address, your password and your sessions. The \
                      records of your consent decisions stay, without your e-mail address, as the \
                      proof the law asks us to keep (GDPR art. 17(3)(e)).",
        delete_button: "Delete my account",
        deleted: "Your account was deleted.",
        wrong_password: "That password is not right, so nothing was deleted.",
        signed_out_settings: "Sign in to manage your account. Without an account, these settings \
                              apply to this browser only.",
        scope_note: "You are signed in as {email}: your choice applies to your account on every \
                     device where you are signed in.",
        adopt_text: "The cookie choices in force on this device were made before you signed in. \
                     Your account has none yet, so they apply to this device only.",
        adopt_button: "Use them for my account",
    },
    changes: Changes {
        heading: "What changed:",
        more_one: "Show 1 more change",
        more: "Show {count} more changes",
        category_added: "Added: the {category} category",
        category_removed: "Removed: the {category} category",
        cookie_added: "Added: {cookie} to {category}",
        cookie_removed: "Removed: {cookie} from {category}",
        cookie_moved: "Moved: {cookie} from {from} to {to}",
        purpose_changed: "Changed: {cookie} is now used for “{purpose}”",
        now_lasts: "Changed: {cookie} now lasts {duration}",
        now_session: "Changed: {cookie} is now kept only until the browser closes",
        setter_changed: "Changed: {cookie} is now set by {provider} ({party})",
        tracker_added: "Added: {provider} scripts from {host}, in {category}",
        tracker_removed: "Removed: {provider} scripts from {host}, in {category}",
        this_site: "this site",
        account_label: "Cookie Policy update",
        account_notice: "Our Cookie Policy changed on {date}, after your account’s last decision. Your choices apply on every device you sign in on.",
        review: "Review your choices",
    },
};
