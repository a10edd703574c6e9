-- The records in the order they changed, in a log of their own (the same table as on PostgreSQL,
-- where it lets an update stay on its page; see the PostgreSQL migration of this version). Here
-- `records.server_seq` becomes a plain column too, so both databases are read the same way:
-- readers that follow the sequence walk this table's key and look each record up by its id.
CREATE TABLE record_changes (
    server_seq INTEGER PRIMARY KEY,
    record_id VARCHAR(36) NOT NULL
);
INSERT INTO record_changes (server_seq, record_id) SELECT server_seq, record_id FROM records;
DROP INDEX records_seq;

-- The database keeps the log, whatever writes a record.
CREATE TRIGGER record_changes_after_insert AFTER INSERT ON records
BEGIN
    INSERT INTO record_changes (server_seq, record_id) VALUES (NEW.server_seq, NEW.record_id);
END;
CREATE TRIGGER record_changes_after_update AFTER UPDATE OF server_seq, record_id ON records
BEGIN
    DELETE FROM record_changes WHERE server_seq = OLD.server_seq;
    INSERT INTO record_changes (server_seq, record_id) VALUES (NEW.server_seq, NEW.record_id);
END;
CREATE TRIGGER record_changes_after_delete AFTER DELETE ON records
BEGIN
    DELETE FROM record_changes WHERE server_seq = OLD.server_seq;
END;
