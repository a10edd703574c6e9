package org.tutela.app.vault;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one snapshot a vault keeps of what is derived from its records (the caseload's list), so an
 * unlock can read one envelope instead of every record. Two rules make it safe to trust:
 * <ul>
 * <li>it is kept only if, in the same transaction, the live records of the kinds it covers are
 *     exactly the ids and revisions it was made from;</li>
 * <li>any change to any record, by any code, drops it in the same statement (the file's own
 *     triggers, see {@link Schema}), so it never outlives what it was made from: a crash, a sync, a
 *     sealing, a deletion, all leave no snapshot behind.</li>
 * </ul>
 * It is sealed with the vault's data key in pieces of {@link #PIECE} bytes, each bound to the
 * purpose, the format, the number of pieces and its place among them, so no piece can be moved,
 * dropped or replaced. (The JDK's AES-GCM opens pieces of this size several times faster than one
 * envelope of several MiB: beyond 16 KiB it leaves its hardware path.)
 */
final class Snapshots {
    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);
    private static final String PURPOSE = "snapshot";
    static final int PIECE = 16 * 1024;
    private static final int NONCE = RecordCipher.NONCE_BYTES;
    private static final int TAG = RecordCipher.TAG_BYTES;

    private final EnvelopeStore store;
    private final Connection connection;
    private final RecordCipher cipher;

    Snapshots(EnvelopeStore store, Connection connection, RecordCipher cipher) {
        this.store = store;
        this.connection = connection;
        this.cipher = cipher;
    }

    boolean keep(int format, Supplier<byte[]> made, Set<String> kinds, Map<UUID, Long> revisions) {
        return store.write(() -> {
            try {
                if (present(format)) {
                    return true; // no record has changed since it was kept, so it is still the records' own
                }
                if (!matches(kinds, revisions)) {
                    dropRow();
                    return false;
                }
                byte[] content = made.get();
                int pieces = Math.max(1, (content.length + PIECE - 1) / PIECE);
                byte[] nonces = new byte[pieces * NONCE];
                byte[] sealed = new byte[content.length + pieces * TAG];
                for (int i = 0; i < pieces; i++) {
                    byte[] nonce = cipher.newNonce();
                    System.arraycopy(nonce, 0, nonces, i * NONCE, NONCE);
                    cipher.sideAad(PURPOSE, new UUID(format, pieces), i);
                    int from = i * PIECE;
                    cipher.seal(nonce, content, from, Math.min(PIECE, content.length - from), sealed, from + i * TAG);
                }
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT OR REPLACE INTO snapshot (singleton, format, nonce, ciphertext) VALUES (1, ?, ?, ?)")) {
                    ps.setInt(1, format);
                    ps.setBytes(2, nonces);
                    ps.setBytes(3, sealed);
                    ps.executeUpdate();
                }
                return true;
            } catch (SQLException e) {
                throw new VaultException("Could not keep the caseload's snapshot", e);
            }
        });
    }

    private boolean present(int format) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM snapshot WHERE singleton = 1 AND format = ?")) {
            ps.setInt(1, format);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The live records of {@code kinds} are exactly {@code revisions}: the same ids, each at the same revision. */
    private boolean matches(Set<String> kinds, Map<UUID, Long> revisions) throws SQLException {
        int seen = 0;
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, revision FROM records WHERE kind = ? AND deleted = 0")) {
            for (String kind : kinds) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id;
                        try {
                            id = UUID.fromString(rs.getString(1));
                        } catch (RuntimeException e) {
                            return false;
                        }
                        Long revision = revisions.get(id);
                        if (revision == null || revision != rs.getLong(2)) {
                            return false;
                        }
                        seen++;
                    }
                }
            }
        }
        return seen == revisions.size();
    }

    Optional<ByteBuffer> read(int format) {
        Optional<ByteBuffer> content = readSealed(format);
        if (content == null) {
            log.warn("The caseload's snapshot is damaged; the caseload is read from its records");
            drop();
            return Optional.empty();
        }
        return content;
    }

    /** Drops the snapshot, if there is one. */
    void drop() {
        store.write(() -> {
            try {
                dropRow();
            } catch (SQLException e) {
                throw new VaultException("Could not drop the caseload's snapshot", e);
            }
            return null;
        });
    }

    /** Null if there is one and it does not open. */
    private Optional<ByteBuffer> readSealed(int format) {
        return store.locked(() -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT format, nonce, ciphertext FROM snapshot WHERE singleton = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != format) {
                    return Optional.<ByteBuffer>empty(); // none, or one an older version of the app kept
                }
                ByteBuffer content = open(format, rs.getBytes(2), rs.getBytes(3));
                return content == null ? null : Optional.of(content);
            } catch (SQLException e) {
                throw new VaultException("Could not read the caseload's snapshot", e);
            }
        });
    }

    /**
     * The content, or null if any piece is missing, out of place or does not authenticate. Opened
     * where it lies: each piece's plaintext is written over the sealed bytes a little before its
     * own (by the tags of the pieces before it), so a caseload's 20 MB is not held twice while it
     * is read.
     */
    private ByteBuffer open(int format, byte[] nonces, byte[] sealed) {
        if (nonces == null || sealed == null || nonces.length == 0 || nonces.length % NONCE != 0) {
            return null;
        }
        int pieces = nonces.length / NONCE;
        long length = (long) sealed.length - (long) pieces * TAG;
        if (length < 0 || length > (long) pieces * PIECE || (pieces > 1 && length <= (long) (pieces - 1) * PIECE)) {
            return null;
        }
        byte[] nonce = new byte[NONCE];
        for (int i = 0; i < pieces; i++) {
            System.arraycopy(nonces, i * NONCE, nonce, 0, NONCE);
            cipher.sideAad(PURPOSE, new UUID(format, pieces), i);
            int from = i * PIECE;
            int size = (int) Math.min(PIECE, length - from);
            if (!cipher.open(nonce, sealed, from + i * TAG, size + TAG, sealed, from)) {
                return null;
            }
        }
        return ByteBuffer.wrap(sealed, 0, (int) length).slice();
    }

    private void dropRow() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM snapshot")) {
            ps.executeUpdate();
        }
    }
}
