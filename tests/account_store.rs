//! Accounts, sessions and failed sign-ins in the consent log's database, against real
//! databases: SQLite in a temporary file and PostgreSQL in the throw-away cluster of
//! `scripts/with-postgres.sh`. Every test runs on both.
//!
//! What is checked: an e-mail address has one account; a session is found by its token's hash
//! until it expires or ends, and "every device" ends them all (OWASP session management
//! cheat sheet, "Session expiration"); an account's decision and its GPC opt-out; failed
//! sign-ins are counted per key in a window (OWASP authentication cheat sheet, "Account
//! lockout"); deleting an account leaves no copy of its e-mail address or password hash in
//! SQLite's files, and the consent log still verifies.

#[path = "support/postgres.rs"]
mod postgres;

use leadsgen_consent::consent::{Choices, ConsentId, FormAction, Signals, Source, LEADSGEN};
use leadsgen_consent::i18n::Locale;
use leadsgen_consent::log::{
    verify, ConsentLog, EmailTaken, LogKey, LogSigner, NewRecord, PolicyVersion, Store, StoreTarget,
};

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2g";
const EMAIL: &str = "ana.unique-marker@example.com";
const NOW: u64 = 1_795_916_459_000;
const MINUTE: u64 = 60_000;

enum Db {
    Sqlite(tempfile::TempDir),
    Postgres(String),
}

impl Db {
    async fn both() -> [Db; 2] {
        [
            Db::Sqlite(tempfile::tempdir().unwrap()),
            Db::Postgres(postgres::fresh_database().await),
        ]
    }

    fn target(&self) -> StoreTarget {
        match self {
            Db::Sqlite(dir) => StoreTarget::Sqlite(dir.path().join("consent.db")),
            Db::Postgres(url) => StoreTarget::Postgres(url.clone()),
        }
    }

    async fn store(&self) -> Store {
        Store::open(&self.target()).await.unwrap()
    }

    fn name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }
}

fn subject(n: u8) -> String {
    format!("{n:032x}")
}

#[tokio::test]
async fn one_account_per_email_address() {
    for db in Db::both().await {
        let store = db.store().await;
        let id = store
            .create_account(EMAIL, HASH, &subject(1), NOW)
            .await
            .unwrap()
            .unwrap();
        let again = store.create_account(EMAIL, HASH, &subject(2), NOW).await;
        assert_eq!(again.unwrap(), Err(EmailTaken), "{}", db.name());
        let account = store.account_by_email(EMAIL).await.unwrap().unwrap();
        assert_eq!((account.id, account.password_hash.as_str()), (id, HASH));
        assert_eq!(store.account_by_id(id).await.unwrap(), Some(account));
        assert!(store
            .account_by_email("nobody@example.com")
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test]
async fn sessions_live_until_they_expire_or_end() {
    for db in Db::both().await {
        let store = db.store().await;
        let id = store
            .create_account(EMAIL, HASH, &subject(1), NOW)
            .await
            .unwrap()
            .unwrap();
        for (token, expires) in [
            ("a", NOW + 30 * MINUTE),
            ("b", NOW + MINUTE),
            ("c", NOW + MINUTE),
        ] {
            store.start_session(id, token, NOW, expires).await.unwrap();
        }
        let signed_in = store.signed_in("a", NOW).await.unwrap().unwrap();
        assert_eq!(signed_in.account_id, id, "{}", db.name());
        assert_eq!(signed_in.email, EMAIL);
        assert_eq!(signed_in.subject, subject(1));
        assert_eq!(signed_in.decision, None);
        assert!(!signed_in.marketing_opted_out);
        // Expired: refused, though the row is still there.
        assert!(store
            .signed_in("b", NOW + 2 * MINUTE)
            .await
            .unwrap()
            .is_none());
        // Signing out: the token is refused when replayed.
        store.end_session("a").await.unwrap();
        assert!(store.signed_in("a", NOW).await.unwrap().is_none());
        store.end_session("a").await.unwrap();
        // Every device: none is left.
        assert_eq!(store.end_all_sessions(id).await.unwrap(), 2);
        assert!(store.signed_in("c", NOW).await.unwrap().is_none());
        assert!(store.signed_in("unknown", NOW).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn an_accounts_decision_and_its_gpc_opt_out() {
    for db in Db::both().await {
        let store = db.store().await;
        let id = store
            .create_account(EMAIL, HASH, &subject(1), NOW)
            .await
            .unwrap()
            .unwrap();
        store
            .start_session(id, "t", NOW, NOW + MINUTE)
            .await
            .unwrap();
        store
            .set_account_decision(id, "1.value", false)
            .await
            .unwrap();
        // Of two requests claiming the opt-out of the same decision, one wins.
        let claim = store.claim_gpc_opt_out(id, Some("1.value"), Some("1.opted"));
        assert!(claim.await.unwrap(), "{}", db.name());
        let again = store.claim_gpc_opt_out(id, Some("1.value"), Some("1.opted"));
        assert!(!again.await.unwrap(), "changed once");
        let s = store.signed_in("t", NOW).await.unwrap().unwrap();
        assert_eq!(s.decision.as_deref(), Some("1.opted"));
        assert!(s.marketing_opted_out);
        // A claim whose record failed is undone.
        store
            .revert_gpc_opt_out(id, Some("1.value"), Some("1.opted"))
            .await
            .unwrap();
        let s = store.signed_in("t", NOW).await.unwrap().unwrap();
        assert_eq!(
            (s.decision.as_deref(), s.marketing_opted_out),
            (Some("1.value"), false)
        );
        // A new explicit decision says whether it keeps an opt-out.
        store
            .set_account_decision(id, "1.other", false)
            .await
            .unwrap();
        let s = store.signed_in("t", NOW).await.unwrap().unwrap();
        assert_eq!(s.decision.as_deref(), Some("1.other"));
        assert!(!s.marketing_opted_out);
        // Without a decision: the opt-out alone, once.
        let other = store
            .create_account("b@example.com", HASH, &subject(2), NOW)
            .await
            .unwrap()
            .unwrap();
        assert!(store.claim_gpc_opt_out(other, None, None).await.unwrap());
        assert!(!store.claim_gpc_opt_out(other, None, None).await.unwrap());
    }
}

#[tokio::test]
async fn sign_in_attempts_are_admitted_up_to_the_limit_within_the_window() {
    const WINDOW: u64 = 15 * MINUTE;
    for db in Db::both().await {
        let store = db.store().await;
        // Ten attempts a minute apart are admitted (and count until forgiven); the eleventh
        // waits until the oldest leaves the window.
        for i in 0..10 {
            let admitted = store
                .admit_sign_in(&["account", "client"], NOW + i * MINUTE, WINDOW, 10)
                .await
                .unwrap();
            assert_eq!(admitted, Ok(()), "{} attempt {i}", db.name());
        }
        let now = NOW + 10 * MINUTE;
        let refused = store.admit_sign_in(&["account"], now, WINDOW, 10).await;
        assert_eq!(refused.unwrap(), Err(NOW + WINDOW - now), "{}", db.name());
        // Another key is not affected; one at its limit refuses the whole attempt.
        assert_eq!(
            store
                .admit_sign_in(&["other"], now, WINDOW, 10)
                .await
                .unwrap(),
            Ok(())
        );
        assert!(store
            .admit_sign_in(&["other", "client"], now, WINDOW, 10)
            .await
            .unwrap()
            .is_err());
        // A success is forgiven: the last attempt no longer counts.
        store
            .forgive_sign_in(&["account"], NOW + 9 * MINUTE)
            .await
            .unwrap();
        assert_eq!(
            store
                .admit_sign_in(&["account"], now, WINDOW, 10)
                .await
                .unwrap(),
            Ok(())
        );
        store.clear_sign_in_failures("account").await.unwrap();
        // Once the window has passed, old failures are forgotten.
        let later = NOW + 40 * MINUTE;
        assert_eq!(
            store
                .admit_sign_in(&["client"], later, WINDOW, 10)
                .await
                .unwrap(),
            Ok(())
        );
        assert_eq!(
            store
                .admit_sign_in(&["client"], later, WINDOW, 1)
                .await
                .unwrap(),
            Err(WINDOW)
        );
    }
}

#[tokio::test]
async fn deleting_an_account_leaves_no_copy_and_the_log_still_verifies() {
    let key = LogKey::derive(&[42; 64]);
    for db in Db::both().await {
        let store = db.store().await;
        let policy = PolicyVersion::new(&LEADSGEN, Locale::En, "<article>the policy</article>");
        let log = ConsentLog::open(
            store.clone(),
            key.clone(),
            LogSigner::from_seed([42; 32]),
            Locale::ALL
                .map(|l| PolicyVersion::new(&LEADSGEN, l, "<article>the policy</article>"))
                .to_vec(),
            false,
        )
        .await
        .unwrap();
        let id = store
            .create_account(EMAIL, HASH, &subject(7), NOW)
            .await
            .unwrap()
            .unwrap();
        store
            .start_session(id, "t", NOW, NOW + MINUTE)
            .await
            .unwrap();
        for n in 0..3u8 {
            log.record(NewRecord {
                consent_id: ConsentId([n; 16]),
                previous_consent_id: None,
                recorded_at_ms: NOW,
                policy_revision: LEADSGEN.revision.iso(),
                policy_sha256: policy.sha256.clone(),
                action: FormAction::AcceptAll,
                source: Source::Banner,
                requested: Choices::ALL,
                effective: Choices::ALL,
                signals: Signals::NONE,
                locale: "en".into(),
                user_agent: None,
                subject: Some(subject(7)),
            })
            .await
            .unwrap();
        }
        assert!(store.delete_account(id).await.unwrap(), "{}", db.name());
        assert!(!store.delete_account(id).await.unwrap());
        assert!(store.account_by_email(EMAIL).await.unwrap().is_none());
        assert!(store.signed_in("t", NOW).await.unwrap().is_none());
        assert_eq!(verify(&store, &key).await.unwrap(), 3, "the records stay");
        if let Db::Sqlite(dir) = &db {
            for entry in std::fs::read_dir(dir.path()).unwrap() {
                let path = entry.unwrap().path();
                let bytes = std::fs::read(&path).unwrap();
                for secret in [EMAIL.as_bytes(), HASH.as_bytes()] {
                    assert!(
                        !bytes.windows(secret.len()).any(|w| w == secret),
                        "{} still holds {}",
                        path.display(),
                        String::from_utf8_lossy(secret)
                    );
                }
            }
        }
    }
}
