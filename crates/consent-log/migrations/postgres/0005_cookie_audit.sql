-- The live cookie audit (issue 22 §2): per UTC day, how many requests carried a cookie name
-- the registry does not declare, or a declared cookie without the consent it needs. Names
-- and counts only: no value, no consent ID, no address. Each server adds its counts (an
-- upsert), so several servers sum into one row.
CREATE TABLE cookie_audit (
    day BIGINT NOT NULL,
    finding TEXT NOT NULL,
    name TEXT NOT NULL,
    count BIGINT NOT NULL,
    first_seen_ms BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    PRIMARY KEY (day, finding, name)
);
