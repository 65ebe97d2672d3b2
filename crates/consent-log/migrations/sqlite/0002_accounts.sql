-- Accounts and their sessions (SQLite), in the consent log's database. Unlike the log, these
-- rows may be deleted: deleting an account deletes its e-mail, password hash, sessions and
-- the link to its subject reference (the server runs with secure_delete, so the freed pages
-- are zeroed). The consent records that carry the subject reference stay as proof.

CREATE TABLE account (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Trimmed and lower-cased (leadsgen_domain::accounts::Email).
    email TEXT NOT NULL UNIQUE,
    -- Argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    -- The pseudonymous reference consent records carry instead of the e-mail: 32 hex digits.
    subject TEXT NOT NULL UNIQUE,
    created_at_ms INTEGER NOT NULL,
    -- The account's decision in force: the cookie-consent codec's value, before signing.
    decision TEXT,
    -- A signed-in request carried Sec-GPC: 1 after that decision (CCPA regs 7025(c)(1)).
    marketing_opted_out INTEGER NOT NULL DEFAULT 0
);

-- One row per signed-in browser. Only the SHA-256 of the token in next-auth.session-token.
CREATE TABLE account_session (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX account_session_by_account ON account_session (account_id);

-- Failed sign-ins, for the per-account and per-client limits: the key is a hash, never the
-- e-mail or the address itself.
CREATE TABLE sign_in_failure (
    key_sha256 TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX sign_in_failure_by_key ON sign_in_failure (key_sha256, at_ms);
