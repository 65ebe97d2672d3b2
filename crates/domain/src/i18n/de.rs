//! Deutsch. Die englische Fassung der Cookie-Richtlinie ist die verbindliche.

use super::messages::*;

/// Everything the site says, in German.
pub static DE: Messages = Messages {
    site: Site {
        skip_to_content: "Zum Inhalt springen",
        main_nav: "Hauptmenü",
        nav_home: "Startseite",
        nav_policy: "Cookie-Richtlinie",
        nav_settings: "Einstellungen",
        footer_nav: "Datenschutz",
        cookie_settings: "Cookie-Einstellungen",
        language_nav: "Sprache",
        theme: "Farbschema",
        theme_light: "Hell",
        theme_dark: "Dunkel",
        theme_system: "System",
        title_suffix: " · LeadsGen",
    },
    banner: Banner {
        label: "Cookie-Einwilligung",
        text: "LeadsGen verwendet unbedingt erforderliche Cookies, damit Sie angemeldet bleiben \
               und der Dienst sicher ist. Mit Ihrer Einwilligung merken wir uns außerdem Ihre \
               Einstellungen, messen die Nutzung und messen Werbung mit Meta (Facebook) und \
               Google. Wenn Sie ablehnen, bleibt der Dienst voll nutzbar; Sie können Ihre \
               Entscheidung jederzeit unter „Cookie-Einstellungen“ ändern. ",
        policy_link: "Cookie-Richtlinie",
        accept_all: "Alle akzeptieren",
        reject_all: "Alle ablehnen",
        manage: "Einstellungen verwalten",
    },
    dialog: Dialog {
        title: "Cookie-Einstellungen",
        close: "Schließen",
        intro: "Wählen Sie, welche Cookies LeadsGen verwenden darf. Unbedingt erforderliche \
                Cookies sind immer aktiv; jede andere Kategorie bleibt aus, bis Sie sie \
                einschalten.",
        save: "Einstellungen speichern",
    },
    form: Form {
        lowercase_names: false,
        accept_all: "Alle akzeptieren",
        reject_all: "Alle ablehnen",
        keep_previous: "Meine bisherige Auswahl beibehalten",
        always_on: "Immer aktiv",
        off_by_signal: "Aus: Ihr Browser sendet {signals}",
        before_update_allowed: "Vor der Aktualisierung der Richtlinie: erlaubt",
        before_update_refused: "Vor der Aktualisierung der Richtlinie: nicht erlaubt",
        allow: "Cookies der Kategorie „{category}“ erlauben",
        purpose_line: "Wofür: {purposes}.",
        cookies_in_category: "Cookies in dieser Kategorie ({count})",
        cookies_region: "Cookies: {category}",
        col_cookie: "Cookie",
        col_purpose: "Zweck",
        col_duration: "Speicherdauer",
        col_set_by: "Gesetzt von",
        col_provider: "Anbieter",
        first_party: "Erstanbieter",
        third_party: "Drittanbieter",
        session: "Sitzung",
        day: "{n} Tag",
        days: "{n} Tage",
        year: "{n} Jahr",
        years: "{n} Jahre",
        saved: "Gespeichert: {choices}.",
        category_on: "{category}: an",
        category_off: "{category}: aus",
    },
    notices: Notices {
        signal: "Ihr Browser sendet {signals}, daher bleiben Analyse- und Marketing-Cookies aus.",
        signal_accept_all: " „Alle akzeptieren“ erlaubt nur funktionale Cookies.",
        dnt: "Do Not Track",
        gpc: "Global Privacy Control",
        both_signals: "{dnt} und {gpc}",
        policy_updated: "Unsere Cookie-Richtlinie wurde am {date} aktualisiert. Bitte prüfen Sie \
                         Ihre Auswahl.",
        page_only: "Ihre Auswahl gilt nur für diese Seite, weil funktionale Cookies aus sind. Um \
                    sie zu behalten, erlauben Sie funktionale Cookies.",
        remember: "Meine Auswahl merken",
        reloaded_label: "Seite neu geladen",
        reloaded: "Ihre Cookie-Auswahl hat sich geändert. Die Seite wurde neu geladen, um die \
                   Skripte zu stoppen, die Sie ausgeschaltet haben.",
        ok: "OK",
        saved_sidebar_collapsed: "Gespeichert: Seitenleiste eingeklappt.",
        saved_sidebar_expanded: "Gespeichert: Seitenleiste ausgeklappt.",
        saved_theme: "Gespeichert: Farbschema {theme}.",
        saved_workspace: "Gespeichert: Arbeitsbereich {workspace}.",
    },
    proof: Proof {
        consent_id: "Einwilligungs-ID ",
        given_on: " · erteilt am ",
        download: "Ihren Einwilligungsnachweis herunterladen",
        view: "Als Seite ansehen",
    },
    home: Home {
        title: "LeadsGen: Finden Sie Ihre nächsten Kunden",
        heading: "Finden Sie Ihre nächsten Kunden, schneller",
        lead: "LeadsGen findet Unternehmen, die zu Ihrem idealen Kundenprofil passen, ergänzt \
               sie um geprüfte Kontakte und übergibt Ihrem Vertrieb eine Pipeline, mit der er \
               sofort arbeiten kann.",
        lists: "Gezielte Listen",
        lists_text: "Filtern Sie nach Branche, Größe, Standort und Technologie, um Listen zu \
                     erstellen, die konvertieren.",
        contacts: "Geprüfte Kontakte",
        contacts_text: "Jede E-Mail-Adresse wird geprüft, bevor sie Sie erreicht, damit Ihre \
                        Kampagnen nicht ins Leere laufen.",
        crm: "CRM-Synchronisierung",
        crm_text: "Übertragen Sie qualifizierte Leads mit einem Klick in Ihr CRM und behalten \
                   Sie Ihre Pipeline an einem Ort.",
        privacy: "Wir respektieren Ihre Privatsphäre: Wie wir Cookies verwenden, lesen Sie in \
                  unserer ",
        policy_link: "Cookie-Richtlinie",
    },
    policy: Policy {
        title: "Cookie-Richtlinie",
        binding: "Dies ist eine Übersetzung; verbindlich ist die englische Fassung.",
        last_updated: "Zuletzt aktualisiert: ",
        intro: "Diese Cookie-Richtlinie erklärt, wie LeadsGen („wir“, „uns“) Cookies und \
                ähnliche Tracking-Technologien auf unserer Website und in unserer Anwendung \
                verwendet. Wenn Sie LeadsGen nutzen, willigen Sie in die Verwendung von Cookies \
                wie hier beschrieben ein. Sie können Ihre Einwilligung jederzeit über das \
                Cookie-Banner oder Ihre Browsereinstellungen ändern oder widerrufen.",
        what_heading: "1. Was sind Cookies?",
        what_1: "Cookies sind kleine Textdateien, die auf Ihrem Gerät gespeichert werden, wenn \
                 Sie eine Website besuchen. Sie werden häufig verwendet, damit Websites \
                 funktionieren, um die Nutzung angenehmer zu machen und um Website-Betreibern \
                 Analysen zu liefern.",
        what_2: "Wir verwenden sowohl Erstanbieter-Cookies (von LeadsGen gesetzt) als auch \
                 Drittanbieter-Cookies (von vertrauenswürdigen Partnern wie Stripe gesetzt).",
        types_heading: "2. Welche Arten von Cookies wir verwenden",
        manage_heading: "3. So verwalten Sie Cookies",
        manage_intro: "Sie haben drei Möglichkeiten, Ihre Cookie-Einstellungen zu verwalten:",
        manage_banner: "Unser Cookie-Banner",
        manage_banner_text: " – klicken Sie auf „Einstellungen verwalten“, um einzelne \
                             Kategorien ein- oder auszuschalten",
        manage_button_undecided: "Einstellungen verwalten",
        manage_browser: "Ihre Browsereinstellungen",
        manage_browser_text: " – in den meisten Browsern können Sie Cookies blockieren oder \
                              löschen. Anleitungen finden Sie auf ",
        manage_browser_after: "",
        manage_account: "Ihre Kontoeinstellungen",
        manage_account_text: " – öffnen Sie die Einstellungen und schalten Sie Analyse und \
                              Marketing ein oder aus",
        note: "Hinweis:",
        note_text: " Wenn Sie unbedingt erforderliche Cookies blockieren, können Sie sich nicht \
                    anmelden und die Kernfunktionen von LeadsGen nicht nutzen.",
        dnt_heading: "4. Do Not Track",
        dnt_text: "Wir beachten das Do-Not-Track-Signal (DNT) Ihres Browsers. Ist DNT \
                   aktiviert, schalten wir Analyse- und Marketing-Cookies für Ihre Sitzung \
                   automatisch aus.",
        changes_heading: "5. Änderungen dieser Richtlinie",
        changes_text: "Wir können diese Cookie-Richtlinie von Zeit zu Zeit aktualisieren. \
                       Wesentliche Änderungen kündigen wir über das Cookie-Banner oder eine \
                       Mitteilung in der Anwendung an. Das Datum „Zuletzt aktualisiert“ oben \
                       nennt die jüngste Fassung.",
        contact_heading: "6. Kontakt",
        contact_text: "Fragen zu Cookies oder Tracking? Schreiben Sie uns an ",
    },
    preferences: PreferencesPage {
        title: "Cookie-Einstellungen",
        intro: "Wählen Sie, welche Cookies LeadsGen verwenden darf. Unbedingt erforderliche \
                Cookies halten den Dienst am Laufen und sind immer aktiv; jede andere Kategorie \
                bleibt aus, bis Sie sie einschalten. Sie können Ihre Entscheidung hier jederzeit \
                ändern. ",
        policy_link: "Cookie-Richtlinie lesen",
        save: "Auswahl speichern",
    },
    settings: Settings {
        title: "Einstellungen",
        heading: "Kontoeinstellungen",
        sections: "Bereiche der Einstellungen",
        expand_sidebar: "Seitenleiste ausklappen",
        collapse_sidebar: "Seitenleiste einklappen",
        privacy: "Datenschutz",
        privacy_intro: "Wählen Sie, welche optionalen Cookies LeadsGen verwenden darf. Änderungen \
                        gelten sofort, und Sie können sie hier jederzeit ändern.",
        appearance: "Darstellung",
        appearance_text: "Das Farbschema wird ein Jahr lang im funktionalen Cookie {cookie} \
                          gespeichert.",
        workspace: "Arbeitsbereich",
        current_workspace: "Aktueller Arbeitsbereich: ",
        no_workspace: "noch keiner",
        switch_workspace: "Arbeitsbereich wechseln",
        save: "Einstellungen speichern",
    },
    not_found: NotFound {
        title: "Seite nicht gefunden",
        text: "Wir konnten die gewünschte Seite nicht finden. Vielleicht wurde sie verschoben, \
               oder die Adresse enthält einen Tippfehler.",
        home: "Zur Startseite",
        policy: "Unsere Cookie-Richtlinie lesen",
    },
    errors: Errors {
        refused_title: "Das konnten wir nicht speichern",
        bad_request: "Diese Anfrage war ungültig, daher wurde nichts gespeichert.",
        forbidden: "Diese Anfrage kam von einer anderen Website. Sie wurde abgelehnt, und es \
                    wurde nichts gespeichert.",
        internal: "Bei uns ist ein Fehler aufgetreten, daher wurde nichts gespeichert. Bitte \
                   versuchen Sie es erneut.",
        unavailable: "Wir konnten Ihre Auswahl gerade nicht erfassen: Es wurde kein Cookie \
                      gesetzt, und nichts hat sich geändert. Bitte versuchen Sie es gleich noch \
                      einmal.",
        too_large: "Die Anfrage ist größer, als diese Website annimmt (16 KiB), daher wurde \
                    nichts gespeichert.",
        rate_limited: "Aus Ihrem Netzwerk wurden in kurzer Zeit zu viele Auswahlen gesendet: \
                       Diese wurde nicht gespeichert, und es wurde kein Cookie gesetzt. Bitte \
                       versuchen Sie es in {seconds} s erneut.",
        review_choices: "Ihre Cookie-Auswahl prüfen",
        home: "Zur Startseite",
        network: "Ihre Auswahl konnte nicht gesendet werden. Prüfen Sie Ihre Verbindung und \
                  versuchen Sie es erneut.",
        refused: "Ihre Auswahl konnte nicht gespeichert werden (Fehler {status}). Bitte laden \
                  Sie die Seite neu und versuchen Sie es erneut.",
        bad_answer: "Ihre Auswahl wurde gespeichert, aber diese Seite konnte nicht aktualisiert \
                     werden. Bitte laden Sie sie neu.",
    },
    receipt: Receipt {
        title: "Ihr Einwilligungsnachweis",
        intro: "So hält {controller} Ihre Cookie-Auswahl fest. Kontakt: {contact}.",
        current: "Ihre aktuelle Entscheidung",
        earlier: "Frühere Entscheidungen, die sie ersetzt",
        consent_id: "Einwilligungs-ID",
        recorded: "Erfasst",
        policy: "Richtlinie",
        policy_ref: "Fassung {revision}, SHA-256 {sha256}",
        signals: "Datenschutzsignale",
        no_signals: "keine",
        how: "Wie",
        how_text: "{action} ({source}), Sprache {locale}",
        record_hash: "Hash des Eintrags",
        signature: "Signatur",
        signature_text: "signiert mit dem Schlüssel {kid} des Einwilligungsprotokolls, Fingerabdruck {fingerprint}. Der JSON-Nachweis enthält die vollständige Signatur, die jeder mit den öffentlichen Schlüsseln unter {keys} prüfen kann.",
        choices_caption: "Ihre Auswahl für {id}",
        col_category: "Kategorie",
        col_asked: "Ihre Auswahl",
        col_in_force: "Gültig",
        on: "an",
        off: "aus",
        none: "In diesem Browser gilt keine Cookie-Entscheidung, daher gibt es keinen \
               Nachweis. Treffen Sie zuerst Ihre Auswahl im Cookie-Banner oder auf der Seite \
               „Cookie-Einstellungen“.",
        no_log: "Diese Website führt kein Einwilligungsprotokoll und kann daher keinen Nachweis \
                 ausstellen.",
        not_logged: "Ihre Entscheidung ist nicht im Einwilligungsprotokoll. Treffen Sie Ihre \
                     Auswahl erneut, um einen Nachweis zu erhalten.",
        unreadable: "Das Einwilligungsprotokoll kann gerade nicht gelesen werden. Bitte \
                     versuchen Sie es gleich noch einmal.",
    },
    accounts: Accounts {
        sign_in: "Anmelden",
        sign_up: "Konto erstellen",
        sign_out: "Abmelden",
        sign_out_everywhere: "Auf allen Geräten abmelden",
        account_nav: "Konto",
        signed_in_as: "Angemeldet als {email}",
        sign_in_heading: "Bei LeadsGen anmelden",
        sign_up_heading: "Ihr LeadsGen-Konto erstellen",
        cookies_used: "Die Anmeldung nutzt zwei unbedingt erforderliche Cookies: {session} hält \
                       Sie 30 Tage angemeldet, und {csrf} schützt dieses Formular, bis Sie den \
                       Browser schließen.",
        email: "E-Mail-Adresse",
        password: "Passwort",
        password_hint: "Mindestens 8 Zeichen. Alle Zeichen sind erlaubt, auch Leerzeichen.",
        no_account: "Noch kein Konto?",
        have_account: "Sie haben schon ein Konto?",
        failed: "E-Mail-Adresse und Passwort passen zu keinem Konto. Prüfen Sie beides und \
                 versuchen Sie es erneut.",
        cookies_needed: "Die Anmeldung braucht die unbedingt erforderlichen Cookies, und dieser \
                         Browser hat sie nicht zurückgesendet. Erlauben Sie Cookies für diese \
                         Website und versuchen Sie es erneut.",
        bad_email: "Geben Sie eine E-Mail-Adresse wie name@example.com ein.",
        password_too_short: "Das Passwort braucht mindestens 8 Zeichen.",
        password_too_long: "Das Passwort darf höchstens 256 Zeichen haben.",
        email_taken: "Zu dieser E-Mail-Adresse gibt es schon ein Konto. Melden Sie sich an.",
        form_expired: "Dieses Formular war abgelaufen, daher wurde nichts gesendet. Bitte \
                       versuchen Sie es erneut.",
        too_many: "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in {minutes} \
                   Minuten erneut.",
        unavailable: "Konten sind gerade nicht verfügbar. Bitte versuchen Sie es später erneut.",
        signed_out: "Sie sind abgemeldet.",
        signed_out_everywhere: "Sie sind auf allen Geräten abgemeldet.",
        account_heading: "Konto",
        account_intro: "Sie sind als {email} angemeldet. Ihre Cookie-Auswahl hier gehört zu \
                        Ihrem Konto und gilt auf allen Geräten, auf denen Sie angemeldet sind.",
        everywhere_text: "Auf einem Gerät angemeldet, das Sie nicht mehr nutzen? Beenden Sie \
                          alle Sitzungen auf einmal.",
        delete_heading: "Mein Konto löschen",
        delete_text: "Dies löscht Ihre E-Mail-Adresse, Ihr Passwort und Ihre Sitzungen. Die \
                      Aufzeichnungen Ihrer Einwilligungen bleiben ohne Ihre E-Mail-Adresse \
                      erhalten, als Nachweis, den wir aufbewahren müssen (DSGVO Art. 17 Abs. 3 \
                      lit. e).",
        delete_button: "Mein Konto löschen",
        deleted: "Ihr Konto wurde gelöscht.",
        wrong_password: "Das Passwort stimmt nicht, daher wurde nichts gelöscht.",
        signed_out_settings: "Melden Sie sich an, um Ihr Konto zu verwalten. Ohne Konto gelten \
                              diese Einstellungen nur für diesen Browser.",
        scope_note: "Sie sind als {email} angemeldet: Ihre Auswahl gilt für Ihr Konto auf allen \
                     Geräten, auf denen Sie angemeldet sind.",
        adopt_text: "Die Cookie-Auswahl auf diesem Gerät stammt von vor Ihrer Anmeldung. Ihr \
                     Konto hat noch keine, daher gilt sie nur für dieses Gerät.",
        adopt_button: "Für mein Konto übernehmen",
    },
    changes: Changes {
        heading: "Was sich geändert hat:",
        more_one: "1 weitere Änderung anzeigen",
        more: "{count} weitere Änderungen anzeigen",
        category_added: "Neu: die Kategorie {category}",
        category_removed: "Entfernt: die Kategorie {category}",
        cookie_added: "Neu: {cookie} in {category}",
        cookie_removed: "Entfernt: {cookie} aus {category}",
        cookie_moved: "Verschoben: {cookie} von {from} nach {to}",
        purpose_changed: "Geändert: {cookie} dient jetzt dem Zweck „{purpose}“",
        now_lasts: "Geändert: {cookie} wird jetzt {duration} gespeichert",
        now_session: "Geändert: {cookie} wird jetzt nur bis zum Schließen des Browsers gespeichert",
        setter_changed: "Geändert: {cookie} wird jetzt von {provider} gesetzt ({party})",
        tracker_added: "Neu: Skripte von {provider}, geladen von {host}, in {category}",
        tracker_removed: "Entfernt: Skripte von {provider}, geladen von {host}, in {category}",
        this_site: "dieser Website",
        account_label: "Änderung der Cookie-Richtlinie",
        account_notice: "Unsere Cookie-Richtlinie wurde am {date} geändert, nach der letzten Entscheidung Ihres Kontos. Ihre Auswahl gilt auf jedem Gerät, auf dem Sie sich anmelden.",
        review: "Auswahl prüfen",
    },
};
