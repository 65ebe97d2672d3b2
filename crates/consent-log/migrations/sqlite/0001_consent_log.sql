-- The consent log (SQLite). Append-only: triggers refuse to edit a record or a policy
-- version, and to delete a record that the chain state has not first declared purged (the
-- anchor). See src/log/.

-- The policy as a visitor saw it: a canonical snapshot and its SHA-256.
CREATE TABLE policy_version (
    sha256 TEXT PRIMARY KEY NOT NULL,
    revision TEXT NOT NULL,
    locale TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    first_recorded_at_ms INTEGER NOT NULL
);

-- One row per decision, in chain order.
CREATE TABLE consent_record (
    seq INTEGER PRIMARY KEY NOT NULL,
    consent_id TEXT NOT NULL UNIQUE,
    previous_consent_id TEXT,
    recorded_at_ms INTEGER NOT NULL,
    policy_revision TEXT NOT NULL,
    policy_sha256 TEXT NOT NULL REFERENCES policy_version (sha256),
    action TEXT NOT NULL,
    source TEXT NOT NULL,
    requested_functional INTEGER NOT NULL,
    requested_analytics INTEGER NOT NULL,
    requested_marketing INTEGER NOT NULL,
    effective_functional INTEGER NOT NULL,
    effective_analytics INTEGER NOT NULL,
    effective_marketing INTEGER NOT NULL,
    dnt INTEGER NOT NULL,
    gpc INTEGER NOT NULL,
    locale TEXT NOT NULL,
    user_agent TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX consent_record_recorded_at ON consent_record (recorded_at_ms);

-- The chain's two ends, signed with the server's key: one row.
CREATE TABLE chain_state (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    anchor_seq INTEGER NOT NULL,
    anchor_hash TEXT NOT NULL,
    head_seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    mac TEXT NOT NULL
);

CREATE TRIGGER consent_record_no_update BEFORE UPDATE ON consent_record
BEGIN
    SELECT RAISE(ABORT, 'the consent log is append-only');
END;

CREATE TRIGGER consent_record_purge_only BEFORE DELETE ON consent_record
WHEN OLD.seq > (SELECT anchor_seq FROM chain_state WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'only records before the purge anchor may be deleted');
END;

CREATE TRIGGER policy_version_no_update BEFORE UPDATE ON policy_version
BEGIN
    SELECT RAISE(ABORT, 'policy versions are append-only');
END;

CREATE TRIGGER policy_version_no_delete BEFORE DELETE ON policy_version
BEGIN
    SELECT RAISE(ABORT, 'policy versions are append-only');
END;
