-- The records in the order they changed, in a log of their own. Every push gives each record it
-- writes the next server sequence; while that sequence was indexed on `records`, each change wrote a
-- new entry in every index of the table (its id's, its sequence's, its learner's), so no update
-- could stay on its page as a heap-only (HOT) update. Now `records.server_seq` is a plain column and
-- the order lives here, one row a record: a change deletes the record's old row and inserts its new
-- one. Readers that follow the sequence (pulls, the report projector, the concern alerts, what each
-- device has waiting) walk this table's key and look each record up by its id.
CREATE TABLE record_changes (
    server_seq BIGINT PRIMARY KEY,
    record_id VARCHAR(36) NOT NULL
);
INSERT INTO record_changes (server_seq, record_id) SELECT server_seq, record_id FROM records;
DROP INDEX records_seq;
-- Room on each page for the next version of its records, so an update can stay on the page.
ALTER TABLE records SET (fillfactor = 50);

-- The database keeps the log, whatever writes a record: once a statement, over the rows it wrote.
CREATE FUNCTION record_changes_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO record_changes (server_seq, record_id) SELECT server_seq, record_id FROM written;
    RETURN NULL;
END
$$;
CREATE FUNCTION record_changes_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM record_changes c USING was w WHERE c.server_seq = w.server_seq;
    INSERT INTO record_changes (server_seq, record_id) SELECT server_seq, record_id FROM written;
    RETURN NULL;
END
$$;
CREATE FUNCTION record_changes_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM record_changes c USING was w WHERE c.server_seq = w.server_seq;
    RETURN NULL;
END
$$;
CREATE TRIGGER record_changes_after_insert AFTER INSERT ON records
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION record_changes_after_insert();
CREATE TRIGGER record_changes_after_update AFTER UPDATE ON records
    REFERENCING OLD TABLE AS was NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION record_changes_after_update();
CREATE TRIGGER record_changes_after_delete AFTER DELETE ON records
    REFERENCING OLD TABLE AS was FOR EACH STATEMENT EXECUTE FUNCTION record_changes_after_delete();
