package org.tutela.app.vault;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The vault file's format: SQLite with {@code PRAGMA application_id} marking it as Tutela's and
 * {@code PRAGMA user_version} holding the format version. Migrations are an explicit list of
 * steps in code; each step brings the file to its version and all pending steps run in the
 * caller's transaction, so a file is at one version or the next, never half-way.
 */
final class Schema {

    /** "TUTV" — written at creation, checked (from the raw header bytes) before SQLite opens a file. */
    static final int APPLICATION_ID = 0x54555456;

    /** One migration step: the SQL that takes the file from {@code version - 1} to {@code version}. */
    record Step(int version, String description, List<String> sql) {
    }

    static final List<Step> STEPS = List.of(
            new Step(1, "vault header, record envelopes, outbox, device sequence, local values", List.of(
                    """
                    CREATE TABLE vault_header (
                        singleton        INTEGER PRIMARY KEY CHECK (singleton = 1),
                        kdf_type         TEXT    NOT NULL,
                        kdf_version      INTEGER NOT NULL,
                        kdf_memory_kib   INTEGER NOT NULL,
                        kdf_iterations   INTEGER NOT NULL,
                        kdf_parallelism  INTEGER NOT NULL,
                        kdf_salt         BLOB    NOT NULL,
                        key_nonce        BLOB    NOT NULL,
                        wrapped_key      BLOB    NOT NULL,
                        device_id        TEXT    NOT NULL,
                        created_at       INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE records (
                        id          TEXT    PRIMARY KEY NOT NULL,
                        kind        TEXT    NOT NULL,
                        revision    INTEGER NOT NULL,
                        created_at  INTEGER NOT NULL,
                        updated_at  INTEGER NOT NULL,
                        deleted     INTEGER NOT NULL DEFAULT 0,
                        sealed      INTEGER NOT NULL DEFAULT 0,
                        nonce       BLOB    NOT NULL,
                        ciphertext  BLOB    NOT NULL
                    )""",
                    "CREATE INDEX records_by_kind ON records (kind)",
                    """
                    CREATE TABLE outbox (
                        device_seq     INTEGER PRIMARY KEY NOT NULL,
                        record_id      TEXT    NOT NULL REFERENCES records (id),
                        base_revision  INTEGER NOT NULL,
                        urgent         INTEGER NOT NULL DEFAULT 0,
                        queued_at      INTEGER NOT NULL
                    )""",
                    "CREATE INDEX outbox_by_priority ON outbox (urgent DESC, device_seq)",
                    """
                    CREATE TABLE device_sequence (
                        singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
                        last_sequence  INTEGER NOT NULL
                    )""",
                    "INSERT INTO device_sequence (singleton, last_sequence) VALUES (1, 0)",
                    """
                    CREATE TABLE local_values (
                        key         TEXT PRIMARY KEY NOT NULL,
                        nonce       BLOB NOT NULL,
                        ciphertext  BLOB NOT NULL
                    )""")),
            new Step(2, "head-office versions, sent entries' frozen copies, conflicts and refusals", List.of(
                    // the head-office version each record is based on (its hash encrypted, bound to the record)
                    "ALTER TABLE records ADD COLUMN head_revision INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE records ADD COLUMN head_nonce BLOB",
                    "ALTER TABLE records ADD COLUMN head_hash BLOB",
                    // before head versions were kept, a record's revision was head office's once it had no change waiting
                    "UPDATE records SET head_revision = revision WHERE id NOT IN (SELECT record_id FROM outbox)",
                    "UPDATE records SET head_revision = (SELECT MIN(o.base_revision) FROM outbox o WHERE o.record_id = records.id)"
                            + " WHERE id IN (SELECT record_id FROM outbox)",
                    "ALTER TABLE outbox ADD COLUMN wire_seq INTEGER",
                    "ALTER TABLE outbox ADD COLUMN sent_nonce BLOB",
                    "ALTER TABLE outbox ADD COLUMN sent_ciphertext BLOB",
                    "CREATE INDEX outbox_by_record ON outbox (record_id)",
                    """
                    CREATE TABLE conflicts (
                        record_id   TEXT    PRIMARY KEY NOT NULL,
                        origin      TEXT    NOT NULL,
                        found_at    INTEGER NOT NULL,
                        nonce       BLOB    NOT NULL,
                        ciphertext  BLOB    NOT NULL
                    )""",
                    """
                    CREATE TABLE refusals (
                        record_id   TEXT    PRIMARY KEY NOT NULL,
                        code        TEXT    NOT NULL,
                        refused_at  INTEGER NOT NULL
                    )""")),
            // A checksum of the header's fields, so a changed Argon2 parameter reads as a damaged
            // header rather than as a wrong passphrase (see VaultHeader.check). Filled at the first unlock.
            new Step(3, "vault header checksum", List.of("ALTER TABLE vault_header ADD COLUMN header_check BLOB")),
            // What the caseload shows, kept encrypted at lock so the next unlock reads one envelope
            // instead of every record (see Snapshots). Any change to any record drops it in the same
            // statement, whoever makes the change: it never outlives what it was made from.
            new Step(4, "the caseload's snapshot, dropped by any change to a record", List.of(
                    """
                    CREATE TABLE snapshot (
                        singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
                        format      INTEGER NOT NULL,
                        nonce       BLOB    NOT NULL,
                        ciphertext  BLOB    NOT NULL
                    )""",
                    "CREATE TRIGGER snapshot_dropped_by_insert AFTER INSERT ON records BEGIN DELETE FROM snapshot; END",
                    "CREATE TRIGGER snapshot_dropped_by_update AFTER UPDATE ON records BEGIN DELETE FROM snapshot; END",
                    "CREATE TRIGGER snapshot_dropped_by_delete AFTER DELETE ON records BEGIN DELETE FROM snapshot; END")),
            // Each batch a sync makes ready first reads the entries already on their way, in wire order.
            // Without an index that read went through the whole outbox and sorted it, once a batch, so a
            // push after a long time offline took time growing with the square of what waited.
            new Step(5, "an index of the outbox entries on their way", List.of(
                    "CREATE INDEX outbox_on_its_way ON outbox (wire_seq) WHERE wire_seq IS NOT NULL")),
            // A change on its way is the record as it was sent: until head office answers, a retry must
            // send exactly that. Instead of a frozen copy of every entry sent (written, and zeroed
            // again, for each of them), the record's envelope is kept aside only if it is overwritten
            // before the answer: the trigger does it in the same statement, whoever writes, so no
            // write can slip past it. The copy goes when the entry is answered or numbered anew.
            new Step(6, "a record on its way kept as it was sent when overwritten", List.of(
                    """
                    CREATE TABLE records_as_sent (
                        wire_seq       INTEGER PRIMARY KEY NOT NULL,
                        id             TEXT    NOT NULL,
                        kind           TEXT    NOT NULL,
                        revision       INTEGER NOT NULL,
                        created_at     INTEGER NOT NULL,
                        updated_at     INTEGER NOT NULL,
                        deleted        INTEGER NOT NULL,
                        sealed         INTEGER NOT NULL,
                        nonce          BLOB    NOT NULL,
                        ciphertext     BLOB    NOT NULL,
                        head_revision  INTEGER NOT NULL,
                        head_nonce     BLOB,
                        head_hash      BLOB
                    )""",
                    """
                    CREATE TRIGGER record_kept_as_sent BEFORE UPDATE ON records
                    WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.record_id = old.id AND o.wire_seq IS NOT NULL
                            AND o.sent_ciphertext IS NULL AND NOT EXISTS (SELECT 1 FROM records_as_sent k WHERE k.wire_seq = o.wire_seq))
                    BEGIN
                        INSERT INTO records_as_sent (wire_seq, id, kind, revision, created_at, updated_at, deleted,
                                sealed, nonce, ciphertext, head_revision, head_nonce, head_hash)
                            SELECT o.wire_seq, old.id, old.kind, old.revision, old.created_at, old.updated_at, old.deleted,
                                old.sealed, old.nonce, old.ciphertext, old.head_revision, old.head_nonce, old.head_hash
                            FROM outbox o WHERE o.record_id = old.id AND o.wire_seq IS NOT NULL AND o.sent_ciphertext IS NULL
                                AND NOT EXISTS (SELECT 1 FROM records_as_sent k WHERE k.wire_seq = o.wire_seq);
                    END""",
                    """
                    CREATE TRIGGER record_as_sent_dropped_by_answer AFTER DELETE ON outbox WHEN old.wire_seq IS NOT NULL
                    BEGIN
                        DELETE FROM records_as_sent WHERE wire_seq = old.wire_seq;
                    END""",
                    """
                    CREATE TRIGGER record_as_sent_dropped_by_renumbering AFTER UPDATE OF wire_seq ON outbox
                    WHEN old.wire_seq IS NOT NULL AND (new.wire_seq IS NULL OR new.wire_seq <> old.wire_seq)
                    BEGIN
                        DELETE FROM records_as_sent WHERE wire_seq = old.wire_seq;
                    END""")));

    static final int CURRENT_VERSION = STEPS.get(STEPS.size() - 1).version();

    private Schema() {
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    static int applicationId(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA application_id")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    static int latest(List<Step> steps) {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).version();
    }

    /**
     * Applies every step above {@code from}, in order, inside the caller's transaction, and sets
     * {@code user_version} to the last one. Returns the new version.
     */
    static int migrate(Connection connection, int from, List<Step> steps) throws SQLException {
        int version = from;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.version() != i + 1) {
                throw new IllegalStateException("migration steps must be numbered 1, 2, 3, …");
            }
            if (step.version() <= from) {
                continue;
            }
            try (Statement s = connection.createStatement()) {
                for (String sql : step.sql()) {
                    s.executeUpdate(sql);
                }
                s.executeUpdate("PRAGMA user_version = " + step.version());
            }
            version = step.version();
        }
        return version;
    }
}
