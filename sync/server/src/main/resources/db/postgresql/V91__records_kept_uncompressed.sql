-- A record's payload is stored as it came, not compressed. PostgreSQL compresses a row's long values
-- once the row passes about 2 KB, with its own compressor (pglz), on every write: a tutorial with
-- much free text crosses that line, and a push rewrites thousands of them, so compressing them was
-- the largest single share of the database's work in a push (and decompressing them, of a pull).
-- Rows now stay whole on their page up to the longest a page holds; a record longer than that is
-- still moved out of line and compressed, as before. The table grows by about what compression saved.
ALTER TABLE records SET (toast_tuple_target = 8160);
