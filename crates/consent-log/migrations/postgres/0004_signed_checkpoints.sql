-- Signed checkpoints: the log's Ed25519 public keys, and the checkpoints they signed. A
-- checkpoint is the chain's head and anchor, signed, so that anyone with the public key (and
-- no secret) can check an export or the database against it.

-- Every key that ever signed, kept for good so that old signatures stay checkable.
CREATE TABLE log_signing_key (
    key_id TEXT PRIMARY KEY,
    algorithm TEXT NOT NULL,
    public_key TEXT NOT NULL,
    first_used_at_ms BIGINT NOT NULL
);

CREATE TRIGGER log_signing_key_append_only BEFORE UPDATE OR DELETE ON log_signing_key
FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TRIGGER log_signing_key_no_truncate BEFORE TRUNCATE ON log_signing_key
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Append-only like the records: a checkpoint may go only once every record it covers has
-- been purged (its head is at or before the anchor).
CREATE TABLE log_checkpoint (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    head_seq BIGINT NOT NULL,
    head_hash TEXT NOT NULL,
    anchor_seq BIGINT NOT NULL,
    anchor_hash TEXT NOT NULL,
    signed_at_ms BIGINT NOT NULL,
    key_id TEXT NOT NULL REFERENCES log_signing_key (key_id),
    signature TEXT NOT NULL
);

CREATE INDEX log_checkpoint_by_head ON log_checkpoint (head_seq);

CREATE FUNCTION log_checkpoint_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'log_checkpoint is append-only';
    END IF;
    IF OLD.head_seq > (SELECT anchor_seq FROM chain_state WHERE id = 1) THEN
        RAISE EXCEPTION 'only checkpoints before the purge anchor may be deleted';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER log_checkpoint_append_only BEFORE UPDATE OR DELETE ON log_checkpoint
FOR EACH ROW EXECUTE FUNCTION log_checkpoint_append_only();

CREATE TRIGGER log_checkpoint_no_truncate BEFORE TRUNCATE ON log_checkpoint
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
