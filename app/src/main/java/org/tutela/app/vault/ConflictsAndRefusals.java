package org.tutela.app.vault;

import static org.tutela.app.vault.EnvelopeStore.instant;
import static org.tutela.app.vault.EnvelopeStore.micros;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sync leaves in an {@link EnvelopeStore} for the tutor to settle: conflicts (the other
 * version of a record, sealed, bound to the record) and head office's refusals of a change (its
 * code and when). Works under the store's lock and in its transactions.
 */
final class ConflictsAndRefusals {
    /** The store's logger: these log lines are the vault store's, as they always were. */
    private static final Logger log = LoggerFactory.getLogger(EnvelopeStore.class);

    private final EnvelopeStore store;
    private final RecordCipher cipher;

    ConflictsAndRefusals(EnvelopeStore store, RecordCipher cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    // ---------------------------------------------------------------- conflicts

    void putConflict(Conflict c) {
        Objects.requireNonNull(c, "conflict");
        store.writeOne(() -> {
            byte[] nonce = cipher.newNonce();
            cipher.sideAad("conflict", c.recordId(), 0);
            byte[] sealed = cipher.seal(nonce, ConflictCodec.encode(c));
            try {
                PreparedStatement ps = store.statement(
                        "INSERT INTO conflicts (record_id, origin, found_at, nonce, ciphertext) VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT (record_id) DO UPDATE SET origin = excluded.origin, found_at = excluded.found_at,"
                                + " nonce = excluded.nonce, ciphertext = excluded.ciphertext");
                ps.setString(1, c.recordId().toString());
                ps.setString(2, c.origin().name());
                ps.setLong(3, micros(c.foundAt().truncatedTo(ChronoUnit.MICROS)));
                ps.setBytes(4, nonce);
                ps.setBytes(5, sealed);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw store.sqlFailure("keep a conflict", e);
            }
            return null;
        });
    }

    Optional<Conflict> conflict(UUID id) {
        Objects.requireNonNull(id, "id");
        List<Conflict> found = readConflicts(id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<Conflict> conflicts() {
        return readConflicts(null);
    }

    java.util.Set<UUID> recordsInConflict() {
        return store.ids("SELECT record_id FROM conflicts");
    }

    void removeConflict(UUID id) {
        Objects.requireNonNull(id, "id");
        store.writeOne(() -> store.update("DELETE FROM conflicts WHERE record_id = ?", id.toString()));
    }

    private List<Conflict> readConflicts(UUID only) {
        return store.locked(() -> {
            List<Conflict> out = new ArrayList<>();
            try {
                PreparedStatement ps = store.statement("SELECT record_id, origin, found_at, nonce, ciphertext FROM conflicts"
                        + (only == null ? "" : " WHERE record_id = ?") + " ORDER BY found_at");
                if (only != null) {
                    ps.setString(1, only.toString());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = UUID.fromString(rs.getString(1));
                        cipher.sideAad("conflict", id, 0);
                        byte[] plain = cipher.open(rs.getBytes(4), rs.getBytes(5));
                        if (plain == null) {
                            log.warn("The kept conflict of record {} is damaged", id);
                            throw new DamagedRecordException(id, null);
                        }
                        out.add(ConflictCodec.decode(id, Conflict.Origin.valueOf(rs.getString(2)), instant(rs.getLong(3)), plain));
                    }
                }
            } catch (SQLException e) {
                throw store.sqlFailure("read conflicts", e);
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- refusals

    void putRefusal(Refusal r) {
        Objects.requireNonNull(r, "refusal");
        store.writeOne(() -> {
            try {
                PreparedStatement ps = store.statement("INSERT INTO refusals (record_id, code, refused_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (record_id) DO UPDATE SET code = excluded.code, refused_at = excluded.refused_at");
                ps.setString(1, r.recordId().toString());
                ps.setString(2, r.code());
                ps.setLong(3, micros(r.refusedAt().truncatedTo(ChronoUnit.MICROS)));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw store.sqlFailure("note a refusal", e);
            }
            return null;
        });
    }

    List<Refusal> refusals() {
        return store.locked(() -> {
            List<Refusal> out = new ArrayList<>();
            try (ResultSet rs = store.statement("SELECT record_id, code, refused_at FROM refusals ORDER BY refused_at").executeQuery()) {
                while (rs.next()) {
                    out.add(new Refusal(UUID.fromString(rs.getString(1)), rs.getString(2), instant(rs.getLong(3))));
                }
            } catch (SQLException e) {
                throw store.sqlFailure("read refusals", e);
            }
            return out;
        });
    }

    void removeRefusal(UUID id) {
        Objects.requireNonNull(id, "id");
        store.writeOne(() -> store.update("DELETE FROM refusals WHERE record_id = ?", id.toString()));
    }
}
