-- The consent log (PostgreSQL). Append-only: triggers refuse to edit a record or a policy
-- version, to delete a record that the chain state has not first declared purged (the
-- anchor), and to truncate either table. See src/log/.

-- The policy as a visitor saw it: a canonical snapshot and its SHA-256.
CREATE TABLE policy_version (
    sha256 TEXT PRIMARY KEY,
    revision TEXT NOT NULL,
    locale TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    first_recorded_at_ms BIGINT NOT NULL
);

-- One row per decision, in chain order.
CREATE TABLE consent_record (
    seq BIGINT PRIMARY KEY,
    consent_id TEXT NOT NULL UNIQUE,
    previous_consent_id TEXT,
    recorded_at_ms BIGINT NOT NULL,
    policy_revision TEXT NOT NULL,
    policy_sha256 TEXT NOT NULL REFERENCES policy_version (sha256),
    action TEXT NOT NULL,
    source TEXT NOT NULL,
    requested_functional BOOLEAN NOT NULL,
    requested_analytics BOOLEAN NOT NULL,
    requested_marketing BOOLEAN NOT NULL,
    effective_functional BOOLEAN NOT NULL,
    effective_analytics BOOLEAN NOT NULL,
    effective_marketing BOOLEAN NOT NULL,
    dnt BOOLEAN NOT NULL,
    gpc BOOLEAN NOT NULL,
    locale TEXT NOT NULL,
    user_agent TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX consent_record_recorded_at ON consent_record (recorded_at_ms);

-- The chain's two ends, signed with the server's key: one row. Every writer locks it
-- (SELECT … FOR UPDATE), which orders the appends of several servers sharing the database.
CREATE TABLE chain_state (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    anchor_seq BIGINT NOT NULL,
    anchor_hash TEXT NOT NULL,
    head_seq BIGINT NOT NULL,
    head_hash TEXT NOT NULL,
    mac TEXT NOT NULL
);

CREATE FUNCTION consent_record_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'the consent log is append-only';
    END IF;
    IF OLD.seq > (SELECT anchor_seq FROM chain_state WHERE id = 1) THEN
        RAISE EXCEPTION 'only records before the purge anchor may be deleted';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consent_record_append_only BEFORE UPDATE OR DELETE ON consent_record
FOR EACH ROW EXECUTE FUNCTION consent_record_append_only();

CREATE FUNCTION refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER policy_version_append_only BEFORE UPDATE OR DELETE ON policy_version
FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TRIGGER consent_record_no_truncate BEFORE TRUNCATE ON consent_record
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TRIGGER policy_version_no_truncate BEFORE TRUNCATE ON policy_version
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
