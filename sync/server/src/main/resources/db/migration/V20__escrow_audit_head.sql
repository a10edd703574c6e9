-- Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- How far the escrow audit log reached (its entries and the mac of the last one) and its key's
-- fingerprint, kept apart from the log file: a log cut short, deleted or rewritten no longer
-- matches (docs/decisions/0007-escrow-audit-log-keyed-and-anchored.md). The one row is made here;
-- a missing row is tampering.
CREATE TABLE escrow_audit_head (
    id INTEGER PRIMARY KEY,
    entries BIGINT NOT NULL,
    head VARCHAR(64) NOT NULL,
    key_fingerprint VARCHAR(64),
    updated_at BIGINT NOT NULL
);
INSERT INTO escrow_audit_head (id, entries, head, key_fingerprint, updated_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL, 0);
