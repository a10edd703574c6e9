package org.tutela.app.vault;

import static org.tutela.app.vault.EnvelopeStore.micros;
import static org.tutela.app.vault.EnvelopeStore.requireKind;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.crypto.ContentHash;

/**
 * Head office's version of each record in an {@link EnvelopeStore}: a record taken in as head
 * office holds it (from a pull, or chosen in a conflict), and the version a record is based on,
 * noted and read. The version's hash is sealed, bound to its record and revision (the hash of a
 * small record could be guessed). Works under the store's lock and in its transactions.
 */
final class HeadOfficeVersions {
    /** The store's logger: these log lines are the vault store's, as they always were. */
    private static final Logger log = LoggerFactory.getLogger(EnvelopeStore.class);

    private final EnvelopeStore store;
    private final RecordEnvelopes envelopes;
    private final RecordCipher cipher;
    private final PreparedStatement readHead;

    HeadOfficeVersions(EnvelopeStore store, RecordEnvelopes envelopes, RecordCipher cipher, PreparedStatement readHead) {
        this.store = store;
        this.envelopes = envelopes;
        this.cipher = cipher;
        this.readHead = readHead;
    }

    void applyRemote(StoredRecord incoming) {
        Objects.requireNonNull(incoming, "incoming");
        requireKind(incoming.kind());
        Objects.requireNonNull(incoming.id(), "id");
        Objects.requireNonNull(incoming.body(), "body");
        if (incoming.revision() < 1) {
            throw new IllegalArgumentException("A stored record's revision is at least 1");
        }
        long incomingCreated = micros(Objects.requireNonNull(incoming.createdAt(), "createdAt"));
        long updated = micros(Objects.requireNonNull(incoming.updatedAt(), "updatedAt"));
        byte[] body = incoming.body().clone();
        HeadVersion head = new HeadVersion(incoming.revision(), ContentHash.of(incoming.deleted(), body));
        store.writeOne(() -> {
            RecordEnvelopes.Meta existing = envelopes.meta(incoming.id());
            if (existing != null && ((incoming.sealed() && !existing.sealed()) || (incoming.deleted() && !existing.deleted()))) {
                store.eraseAtCommit(); // sealed or deleted elsewhere: the open copy held here goes too
            }
            if (existing != null && !existing.kind().equals(incoming.kind())) {
                throw new IllegalArgumentException("Record " + incoming.id() + " is a " + existing.kind() + ", not a " + incoming.kind());
            }
            // the local revision counts every write here, so a form opened before this one can tell
            long revision = existing == null ? 1 : existing.revision() + 1;
            long created = existing == null ? incomingCreated : existing.createdMicros();
            // the record and its head-office version in one statement
            byte[] nonce = cipher.newNonce();
            long up = Math.max(updated, created);
            cipher.recordAad(incoming.id(), incoming.kind(), revision, created, up, incoming.deleted(), incoming.sealed());
            byte[] ciphertext = cipher.seal(nonce, body);
            byte[][] sealedHead = sealHead(incoming.id(), head);
            try {
                PreparedStatement ps = store.statement("INSERT INTO records (id, kind, revision, created_at, updated_at, deleted, sealed, nonce,"
                        + " ciphertext, head_revision, head_nonce, head_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, revision = excluded.revision,"
                        + " created_at = excluded.created_at, updated_at = excluded.updated_at, deleted = excluded.deleted,"
                        + " sealed = excluded.sealed, nonce = excluded.nonce, ciphertext = excluded.ciphertext,"
                        + " head_revision = excluded.head_revision, head_nonce = excluded.head_nonce, head_hash = excluded.head_hash");
                ps.setString(1, incoming.id().toString());
                ps.setString(2, incoming.kind());
                ps.setLong(3, revision);
                ps.setLong(4, created);
                ps.setLong(5, up);
                ps.setInt(6, incoming.deleted() ? 1 : 0);
                ps.setInt(7, incoming.sealed() ? 1 : 0);
                ps.setBytes(8, nonce);
                ps.setBytes(9, ciphertext);
                ps.setLong(10, head.revision());
                ps.setBytes(11, sealedHead[0]);
                ps.setBytes(12, sealedHead[1]);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw store.sqlFailure("store a record", e);
            }
            return null;
        });
    }

    HeadVersion headVersion(UUID id) {
        Objects.requireNonNull(id, "id");
        return store.locked(() -> readHeadVersion(id));
    }

    void setHeadVersion(UUID id, HeadVersion version) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        store.writeOne(() -> {
            if (writeHead(id, version) == 0) {
                throw new java.util.NoSuchElementException("There is no record " + id);
            }
            return null;
        });
    }

    HeadVersion readHeadVersion(UUID id) {
        try {
            readHead.setString(1, id.toString());
            try (ResultSet rs = readHead.executeQuery()) {
                return rs.next() ? headVersion(id, rs.getLong(1), rs.getBytes(2), rs.getBytes(3)) : HeadVersion.NONE;
            }
        } catch (SQLException e) {
            throw store.sqlFailure("read a head-office version", e);
        }
    }

    /** A record's head-office version from its columns (revision, nonce, sealed hash). */
    HeadVersion headVersion(UUID id, long revision, byte[] nonce, byte[] sealedHash) {
        if (revision == 0) {
            return HeadVersion.NONE;
        }
        if (nonce == null) {
            return new HeadVersion(revision, null);
        }
        cipher.sideAad("head", id, revision);
        byte[] hash = cipher.open(nonce, sealedHash);
        if (hash == null) {
            log.warn("The head-office version of record {} is damaged", id);
            throw new DamagedRecordException(id, null);
        }
        return new HeadVersion(revision, new String(hash, StandardCharsets.US_ASCII));
    }

    /** {nonce, sealed hash} of a head-office version, bound to its record and revision; {null, null} without a hash. */
    private byte[][] sealHead(UUID id, HeadVersion head) {
        if (head.hash() == null) {
            return new byte[2][];
        }
        byte[] nonce = cipher.newNonce();
        cipher.sideAad("head", id, head.revision());
        return new byte[][] {nonce, cipher.seal(nonce, head.hash().getBytes(StandardCharsets.US_ASCII))};
    }

    /** Returns how many records it changed: 0 if there is no such record. */
    int writeHead(UUID id, HeadVersion head) {
        byte[][] sealedHead = sealHead(id, head);
        byte[] nonce = sealedHead[0];
        byte[] sealed = sealedHead[1];
        try {
            PreparedStatement up = store.statement("UPDATE records SET head_revision = ?, head_nonce = ?, head_hash = ? WHERE id = ?");
            up.setLong(1, head.revision());
            up.setBytes(2, nonce);
            up.setBytes(3, sealed);
            up.setString(4, id.toString());
            return up.executeUpdate();
        } catch (SQLException e) {
            throw store.sqlFailure("note a head-office version", e);
        }
    }
}
