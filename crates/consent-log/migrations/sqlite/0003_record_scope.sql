-- (SQLite.) A decision made signed in belongs to the account: its record carries the scope (`account`)
-- and the account's pseudonymous subject reference (32 hex digits, never the e-mail address).
-- Both are empty for a device's own decision, whose canonical form (version 1) is unchanged.
ALTER TABLE consent_record ADD COLUMN scope TEXT;
ALTER TABLE consent_record ADD COLUMN subject TEXT;
CREATE INDEX consent_record_by_subject ON consent_record (subject, seq);
