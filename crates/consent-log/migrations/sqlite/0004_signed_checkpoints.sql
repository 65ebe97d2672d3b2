-- Signed checkpoints: the log's Ed25519 public keys, and the checkpoints they signed. A
-- checkpoint is the chain's head and anchor, signed, so that anyone with the public key (and
-- no secret) can check an export or the database against it.

-- Every key that ever signed, kept for good so that old signatures stay checkable.
CREATE TABLE log_signing_key (
    key_id TEXT PRIMARY KEY NOT NULL,
    algorithm TEXT NOT NULL,
    public_key TEXT NOT NULL,
    first_used_at_ms INTEGER NOT NULL
);

CREATE TRIGGER log_signing_key_no_update BEFORE UPDATE ON log_signing_key
BEGIN
    SELECT RAISE(ABORT, 'log_signing_key is append-only');
END;

CREATE TRIGGER log_signing_key_no_delete BEFORE DELETE ON log_signing_key
BEGIN
    SELECT RAISE(ABORT, 'log_signing_key is append-only');
END;

-- Append-only like the records: a checkpoint may go only once every record it covers has
-- been purged (its head is at or before the anchor).
CREATE TABLE log_checkpoint (
    id INTEGER PRIMARY KEY NOT NULL,
    head_seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    anchor_seq INTEGER NOT NULL,
    anchor_hash TEXT NOT NULL,
    signed_at_ms INTEGER NOT NULL,
    key_id TEXT NOT NULL REFERENCES log_signing_key (key_id),
    signature TEXT NOT NULL
);

CREATE INDEX log_checkpoint_by_head ON log_checkpoint (head_seq);

CREATE TRIGGER log_checkpoint_no_update BEFORE UPDATE ON log_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'log_checkpoint is append-only');
END;

CREATE TRIGGER log_checkpoint_purge_only BEFORE DELETE ON log_checkpoint
WHEN OLD.head_seq > (SELECT anchor_seq FROM chain_state WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'only checkpoints before the purge anchor may be deleted');
END;
