package org.tutela.app.vault;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local values of an {@link EnvelopeStore}: the laptop's own small state (the sync cursor,
 * the account), never sent. Each value is sealed and bound to its key; the key names are plain.
 * Works under the store's lock and in its transactions.
 */
final class LocalValues {
    /** The store's logger: these log lines are the vault store's, as they always were. */
    private static final Logger log = LoggerFactory.getLogger(EnvelopeStore.class);

    private final EnvelopeStore store;
    private final RecordCipher cipher;

    LocalValues(EnvelopeStore store, RecordCipher cipher) {
        this.store = store;
        this.cipher = cipher;
    }

    void putLocalValue(String key, String value) {
        requireKey(key);
        store.writeOne(() -> {
            try {
                if (value == null) {
                    PreparedStatement ps = store.statement("DELETE FROM local_values WHERE key = ?");
                    ps.setString(1, key);
                    ps.executeUpdate();
                    return null;
                }
                byte[] nonce = cipher.newNonce();
                cipher.localAad(key);
                byte[] sealed = cipher.seal(nonce, value.getBytes(StandardCharsets.UTF_8));
                PreparedStatement ps = store.statement("INSERT INTO local_values (key, nonce, ciphertext) VALUES (?, ?, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext");
                ps.setString(1, key);
                ps.setBytes(2, nonce);
                ps.setBytes(3, sealed);
                ps.executeUpdate();
                return null;
            } catch (SQLException e) {
                throw store.sqlFailure("store a local value", e);
            }
        });
    }

    Optional<String> localValue(String key) {
        requireKey(key);
        return store.locked(() -> {
            try {
                PreparedStatement ps = store.statement("SELECT nonce, ciphertext FROM local_values WHERE key = ?");
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    cipher.localAad(key);
                    byte[] plain = cipher.open(rs.getBytes(1), rs.getBytes(2));
                    if (plain == null) {
                        log.warn("The local value '{}' is damaged", key);
                        throw new VaultException("The local value '" + key + "' is damaged and cannot be opened");
                    }
                    return Optional.of(new String(plain, StandardCharsets.UTF_8));
                }
            } catch (SQLException e) {
                throw store.sqlFailure("read a local value", e);
            }
        });
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("A local value key is a short non-blank name");
        }
    }
}
