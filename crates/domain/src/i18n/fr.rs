//! Français. La version anglaise de la politique relative aux cookies fait foi.

use super::messages::*;

/// Everything the site says, in French.
pub static FR: Messages = Messages {
    site: Site {
        skip_to_content: "Aller au contenu",
        main_nav: "Menu principal",
        nav_home: "Accueil",
        nav_policy: "Politique cookies",
        nav_settings: "Paramètres",
        footer_nav: "Confidentialité",
        cookie_settings: "Paramètres des cookies",
        language_nav: "Langue",
        theme: "Thème",
        theme_light: "Clair",
        theme_dark: "Sombre",
        theme_system: "Système",
        title_suffix: " · LeadsGen",
    },
    banner: Banner {
        label: "Consentement aux cookies",
        text: "LeadsGen utilise des cookies strictement nécessaires pour vous garder connecté et \
               sécuriser le Service. Avec votre consentement, nous mémorisons aussi vos \
               préférences, mesurons l’audience et mesurons nos publicités avec Meta (Facebook) \
               et Google. Refuser vous laisse utiliser tout le Service ; vous pouvez changer \
               d’avis à tout moment dans « Paramètres des cookies ». ",
        policy_link: "Politique cookies",
        accept_all: "Tout accepter",
        reject_all: "Tout refuser",
        manage: "Personnaliser",
    },
    dialog: Dialog {
        title: "Préférences cookies",
        close: "Fermer",
        intro: "Choisissez les cookies que LeadsGen peut utiliser. Les cookies strictement \
                nécessaires sont toujours actifs ; toutes les autres catégories restent \
                désactivées tant que vous ne les activez pas.",
        save: "Enregistrer mes préférences",
    },
    form: Form {
        lowercase_names: false,
        accept_all: "Tout accepter",
        reject_all: "Tout refuser",
        keep_previous: "Conserver mes choix précédents",
        always_on: "Toujours actifs",
        off_by_signal: "Désactivés : votre navigateur envoie {signals}",
        before_update_allowed: "Avant la mise à jour de la politique : autorisés",
        before_update_refused: "Avant la mise à jour de la politique : refusés",
        allow: "Autoriser les cookies « {category} »",
        purpose_line: "À quoi ils servent : {purposes}.",
        cookies_in_category: "Cookies de cette catégorie ({count})",
        cookies_region: "Cookies : {category}",
        col_cookie: "Cookie",
        col_purpose: "Finalité",
        col_duration: "Durée",
        col_set_by: "Déposé par",
        col_provider: "Fournisseur",
        first_party: "Premier niveau",
        third_party: "Tiers",
        session: "Session",
        day: "{n} jour",
        days: "{n} jours",
        year: "{n} an",
        years: "{n} ans",
        saved: "Enregistré : {choices}.",
        category_on: "{category} : oui",
        category_off: "{category} : non",
    },
    notices: Notices {
        signal: "Votre navigateur envoie {signals} : les cookies de mesure d’audience et de \
                 marketing restent désactivés.",
        signal_accept_all: " « Tout accepter » n’autorise que les cookies fonctionnels.",
        dnt: "Do Not Track",
        gpc: "Global Privacy Control",
        both_signals: "{dnt} et {gpc}",
        policy_updated: "Notre politique cookies a été mise à jour le {date}. Merci de revoir vos \
                         choix.",
        page_only: "Votre choix ne vaut que pour cette page, car les cookies fonctionnels sont \
                    désactivés. Pour le conserver, autorisez les cookies fonctionnels.",
        remember: "Mémoriser mes choix",
        reloaded_label: "Page rechargée",
        reloaded: "Vos choix de cookies ont changé : la page a été rechargée pour arrêter les \
                   scripts que vous avez désactivés.",
        ok: "OK",
        saved_sidebar_collapsed: "Enregistré : barre latérale repliée.",
        saved_sidebar_expanded: "Enregistré : barre latérale dépliée.",
        saved_theme: "Enregistré : thème {theme}.",
        saved_workspace: "Enregistré : espace de travail {workspace}.",
    },
    proof: Proof {
        consent_id: "Identifiant de consentement ",
        given_on: " · donné le ",
        download: "Télécharger votre preuve de consentement",
        view: "L’afficher comme une page",
    },
    home: Home {
        title: "LeadsGen : trouvez vos prochains clients",
        heading: "Trouvez vos prochains clients, plus vite",
        lead: "LeadsGen trouve les entreprises qui correspondent à votre profil client idéal, \
               les enrichit de contacts vérifiés et remet à votre équipe commerciale un \
               pipeline prêt à l’emploi.",
        lists: "Listes ciblées",
        lists_text: "Filtrez par secteur, taille, localisation et technologie pour construire \
                     des listes qui convertissent.",
        contacts: "Contacts vérifiés",
        contacts_text: "Chaque adresse e-mail est vérifiée avant de vous parvenir, pour que vos \
                        campagnes ne reviennent pas en erreur.",
        crm: "Synchronisation CRM",
        crm_text: "Envoyez vos leads qualifiés vers votre CRM en un clic et gardez votre \
                   pipeline au même endroit.",
        privacy: "Nous respectons votre vie privée : découvrez comment nous utilisons les \
                  cookies dans notre ",
        policy_link: "politique cookies",
    },
    policy: Policy {
        title: "Politique cookies",
        binding: "Ceci est une traduction ; seule la version anglaise fait foi.",
        last_updated: "Dernière mise à jour : ",
        intro: "La présente politique explique comment LeadsGen (« nous ») utilise les cookies \
                et des technologies de suivi similaires sur son site web et dans son \
                application. En utilisant LeadsGen, vous consentez à l’utilisation des cookies \
                décrite ici. Vous pouvez modifier ou retirer votre consentement à tout moment \
                via le bandeau cookies ou les paramètres de votre navigateur.",
        what_heading: "1. Qu’est-ce qu’un cookie ?",
        what_1: "Les cookies sont de petits fichiers texte déposés sur votre appareil lorsque \
                 vous visitez un site web. Ils servent couramment à faire fonctionner les sites, \
                 à améliorer l’expérience des utilisateurs et à fournir des statistiques aux \
                 éditeurs de sites.",
        what_2: "Nous utilisons des cookies de premier niveau (déposés par LeadsGen) et des \
                 cookies tiers (déposés par des partenaires de confiance comme Stripe).",
        types_heading: "2. Les cookies que nous utilisons",
        manage_heading: "3. Comment gérer les cookies",
        manage_intro: "Vous avez trois moyens de gérer vos préférences en matière de cookies :",
        manage_banner: "Notre bandeau cookies",
        manage_banner_text: " — cliquez sur « Personnaliser » pour activer ou désactiver \
                             chaque catégorie",
        manage_button_undecided: "Personnaliser",
        manage_browser: "Les paramètres de votre navigateur",
        manage_browser_text: " — la plupart des navigateurs permettent de bloquer ou de \
                              supprimer les cookies. Voir ",
        manage_browser_after: " pour les instructions",
        manage_account: "Les paramètres de votre compte",
        manage_account_text: " — ouvrez les Paramètres et activez ou désactivez la mesure \
                              d’audience et le marketing",
        note: "Remarque :",
        note_text: " bloquer les cookies strictement nécessaires vous empêchera de vous \
                    connecter et d’utiliser les fonctions essentielles de LeadsGen.",
        dnt_heading: "4. Do Not Track",
        dnt_text: "Nous respectons le signal Do Not Track (DNT) de votre navigateur. Lorsque DNT \
                   est activé, nous désactivons automatiquement les cookies de mesure \
                   d’audience et de marketing pour votre session.",
        changes_heading: "5. Modifications de cette politique",
        changes_text: "Nous pouvons mettre à jour cette politique de temps à autre. Les \
                       changements importants seront annoncés par le bandeau cookies ou par \
                       une notification dans l’application. La date de « Dernière mise à \
                       jour » en haut de page indique la version la plus récente.",
        contact_heading: "6. Contact",
        contact_text: "Des questions sur les cookies ou le suivi ? Écrivez-nous à ",
    },
    preferences: PreferencesPage {
        title: "Préférences cookies",
        intro: "Choisissez les cookies que LeadsGen peut utiliser. Les cookies strictement \
                nécessaires font fonctionner le Service et sont toujours actifs ; toutes les \
                autres catégories restent désactivées tant que vous ne les activez pas. Vous \
                pouvez changer d’avis ici à tout moment. ",
        policy_link: "Lire la politique cookies",
        save: "Enregistrer mes choix",
    },
    settings: Settings {
        title: "Paramètres",
        heading: "Paramètres du compte",
        sections: "Rubriques des paramètres",
        expand_sidebar: "Déplier la barre latérale",
        collapse_sidebar: "Replier la barre latérale",
        privacy: "Confidentialité",
        privacy_intro: "Choisissez les cookies facultatifs que LeadsGen peut utiliser. Les \
                        changements s’appliquent immédiatement et vous pouvez les modifier ici à \
                        tout moment.",
        appearance: "Apparence",
        appearance_text: "Le thème est conservé un an dans le cookie fonctionnel {cookie}.",
        workspace: "Espace de travail",
        current_workspace: "Espace de travail actuel : ",
        no_workspace: "aucun pour l’instant",
        switch_workspace: "Changer d’espace de travail",
        save: "Enregistrer mes préférences",
    },
    not_found: NotFound {
        title: "Page introuvable",
        text: "Nous n’avons pas trouvé la page demandée. Elle a peut-être été déplacée, ou \
               l’adresse contient une faute de frappe.",
        home: "Aller à l’accueil",
        policy: "Lire notre politique cookies",
    },
    errors: Errors {
        refused_title: "Nous n’avons pas pu enregistrer",
        bad_request: "Cette requête n’était pas valide : rien n’a été enregistré.",
        forbidden: "Cette requête venait d’un autre site : elle a été refusée et rien n’a été \
                    enregistré.",
        internal: "Une erreur s’est produite de notre côté : rien n’a été enregistré. Merci de \
                   réessayer.",
        unavailable: "Nous n’avons pas pu enregistrer votre choix pour le moment : aucun cookie \
                      n’a été déposé et rien n’a changé. Merci de réessayer dans un instant.",
        too_large: "La requête dépasse la taille acceptée par ce site (16 Kio) : rien n’a été \
                    enregistré.",
        rate_limited: "Trop de choix ont été envoyés depuis votre réseau en peu de temps : \
                       celui-ci n’a pas été enregistré et aucun cookie n’a été déposé. \
                       Veuillez réessayer dans {seconds} s.",
        review_choices: "Revoir vos choix de cookies",
        home: "Aller à l’accueil",
        network: "Votre choix n’a pas pu être envoyé. Vérifiez votre connexion et réessayez.",
        refused: "Votre choix n’a pas pu être enregistré (erreur {status}). Merci de recharger \
                  la page et de réessayer.",
        bad_answer: "Votre choix a été enregistré, mais cette page n’a pas pu se mettre à jour. \
                     Merci de la recharger.",
    },
    receipt: Receipt {
        title: "Votre preuve de consentement",
        intro: "Voici l’enregistrement que {controller} conserve de vos choix de cookies. \
                Contact : {contact}.",
        current: "Votre décision actuelle",
        earlier: "Décisions antérieures qu’elle remplace",
        consent_id: "Identifiant de consentement",
        recorded: "Enregistrée le",
        policy: "Politique",
        policy_ref: "version {revision}, SHA-256 {sha256}",
        signals: "Signaux de confidentialité",
        no_signals: "aucun",
        how: "Comment",
        how_text: "{action} ({source}), langue {locale}",
        record_hash: "Empreinte de l’enregistrement",
        signature: "Signature",
        signature_text: "signé avec la clé {kid} du journal des consentements, empreinte {fingerprint}. Le reçu JSON porte la signature complète, que chacun peut vérifier avec les clés publiques publiées à {keys}.",
        choices_caption: "Vos choix pour {id}",
        col_category: "Catégorie",
        col_asked: "Votre demande",
        col_in_force: "En vigueur",
        on: "activé",
        off: "désactivé",
        none: "Aucune décision sur les cookies n’est en vigueur dans ce navigateur : il n’y a \
               donc pas de preuve. Faites d’abord votre choix dans le bandeau cookies ou sur la \
               page « Préférences cookies ».",
        no_log: "Ce site ne tient pas de registre des consentements : il ne peut donc pas \
                 fournir de preuve.",
        not_logged: "Votre décision ne figure pas dans le registre des consentements. Faites à \
                     nouveau votre choix pour obtenir une preuve.",
        unreadable: "Le registre des consentements ne peut pas être lu pour le moment. Merci de \
                     réessayer dans un instant.",
    },
    accounts: Accounts {
        sign_in: "Se connecter",
        sign_up: "Créer un compte",
        sign_out: "Se déconnecter",
        sign_out_everywhere: "Se déconnecter sur tous les appareils",
        account_nav: "Compte",
        signed_in_as: "Connecté en tant que {email}",
        sign_in_heading: "Se connecter à LeadsGen",
        sign_up_heading: "Créer votre compte LeadsGen",
        cookies_used: "La connexion utilise deux cookies strictement nécessaires : {session} vous \
                       garde connecté 30 jours, et {csrf} protège ce formulaire jusqu’à la \
                       fermeture du navigateur.",
        email: "Adresse e-mail",
        password: "Mot de passe",
        password_hint: "Au moins 8 caractères. Tous les caractères sont permis, espaces compris.",
        no_account: "Pas encore de compte ?",
        have_account: "Vous avez déjà un compte ?",
        failed: "Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte. \
                 Vérifiez-les et réessayez.",
        cookies_needed: "La connexion a besoin des cookies strictement nécessaires, et ce \
                         navigateur ne les a pas renvoyés. Autorisez les cookies pour ce site, \
                         puis réessayez.",
        bad_email: "Saisissez une adresse e-mail comme nom@example.com.",
        password_too_short: "Le mot de passe doit comporter au moins 8 caractères.",
        password_too_long: "Le mot de passe peut comporter au plus 256 caractères.",
        email_taken: "Un compte existe déjà avec cette adresse e-mail. Connectez-vous plutôt.",
        form_expired: "Ce formulaire avait expiré, rien n’a donc été envoyé. Veuillez réessayer.",
        too_many: "Trop de connexions échouées. Veuillez réessayer dans {minutes} minutes.",
        unavailable: "Les comptes ne sont pas disponibles pour le moment. Veuillez réessayer \
                      plus tard.",
        signed_out: "Vous êtes déconnecté.",
        signed_out_everywhere: "Vous êtes déconnecté sur tous les appareils.",
        account_heading: "Compte",
        account_intro: "Vous êtes connecté en tant que {email}. Vos choix de cookies ici \
                        appartiennent à votre compte et s’appliquent sur tous les appareils où \
                        vous êtes connecté.",
        everywhere_text: "Connecté sur un appareil que vous n’utilisez plus ? Mettez fin à toutes \
                          les sessions d’un coup.",
        delete_heading: "Supprimer mon compte",
        delete_text: "Cela supprime votre adresse e-mail, votre mot de passe et vos sessions. \
                      Les enregistrements de vos décisions de consentement restent, sans votre \
                      adresse e-mail, comme la preuve que la loi nous demande de garder (RGPD \
                      art. 17, par. 3, point e).",
        delete_button: "Supprimer mon compte",
        deleted: "Votre compte a été supprimé.",
        wrong_password: "Ce mot de passe n’est pas le bon, rien n’a donc été supprimé.",
        signed_out_settings: "Connectez-vous pour gérer votre compte. Sans compte, ces \
                              paramètres s’appliquent à ce navigateur seulement.",
        scope_note: "Vous êtes connecté en tant que {email} : votre choix s’applique à votre \
                     compte sur tous les appareils où vous êtes connecté.",
        adopt_text: "Les choix de cookies en vigueur sur cet appareil ont été faits avant votre \
                     connexion. Votre compte n’en a pas encore, ils ne valent donc que pour cet \
                     appareil.",
        adopt_button: "Les utiliser pour mon compte",
    },
    changes: Changes {
        heading: "Ce qui a changé :",
        more_one: "Afficher 1 autre changement",
        more: "Afficher {count} autres changements",
        category_added: "Ajout : la catégorie {category}",
        category_removed: "Retrait : la catégorie {category}",
        cookie_added: "Ajout : {cookie} dans la catégorie {category}",
        cookie_removed: "Retrait : {cookie} de la catégorie {category}",
        cookie_moved: "Déplacement : {cookie} de la catégorie {from} vers la catégorie {to}",
        purpose_changed: "Modification : {cookie} sert désormais à « {purpose} »",
        now_lasts: "Modification : {cookie} dure désormais {duration}",
        now_session: "Modification : {cookie} n’est désormais conservé que jusqu’à la fermeture du navigateur",
        setter_changed: "Modification : {cookie} est désormais déposé par {provider} ({party})",
        tracker_added: "Ajout : les scripts de {provider}, chargés depuis {host}, dans la catégorie {category}",
        tracker_removed: "Retrait : les scripts de {provider}, chargés depuis {host}, de la catégorie {category}",
        this_site: "ce site",
        account_label: "Mise à jour de la politique cookies",
        account_notice: "Notre politique cookies a changé le {date}, après la dernière décision de votre compte. Vos choix s’appliquent sur chaque appareil où vous vous connectez.",
        review: "Revoir vos choix",
    },
};
