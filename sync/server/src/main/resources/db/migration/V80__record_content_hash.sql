-- The hash of each record's content (the protocol's version hash: SHA-256 over a tombstone marker
-- or the payload's UTF-8 bytes, base64url), written with the record. A push compares a change's
-- base hash with it instead of reading and hashing the stored payload. Rows written before this
-- version have none: their hash is worked out from the payload when they are read.
ALTER TABLE records ADD COLUMN content_hash VARCHAR(43);
