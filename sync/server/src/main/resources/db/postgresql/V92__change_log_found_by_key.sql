-- The change log's triggers find the log rows a statement replaces by their key, one index probe
-- each, whatever the log's length. Joined with the statement's old rows, PostgreSQL read the whole
-- log and hashed it for each batch a push wrote (it takes that for cheaper while the log is short),
-- so the work grew with every record head office holds rather than with the batch.
CREATE OR REPLACE FUNCTION record_changes_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM record_changes WHERE server_seq = ANY (ARRAY(SELECT server_seq FROM was));
    INSERT INTO record_changes (server_seq, record_id) SELECT server_seq, record_id FROM written;
    RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION record_changes_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM record_changes WHERE server_seq = ANY (ARRAY(SELECT server_seq FROM was));
    RETURN NULL;
END
$$;
