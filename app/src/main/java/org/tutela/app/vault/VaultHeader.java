package org.tutela.app.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.tutela.crypto.AesGcm;
import org.tutela.crypto.Argon2Params;
import org.tutela.crypto.Argon2id;

/**
 * The one row of {@code vault_header}: how to turn the passphrase into the key-encryption key
 * (Argon2id type, version, memory, passes, lanes, salt) and the data key wrapped under it.
 */
record VaultHeader(String kdfType, int kdfVersion, Argon2Params kdf, byte[] salt, byte[] keyNonce,
                   byte[] wrappedKey, UUID deviceId, long createdMicros) {

    private static final byte[] WRAP_TAG = "tutela.datakey.v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * Associated data of the key wrap: the header's identity and every KDF field, so the wrapped
     * key only opens under exactly the parameters and salt it was wrapped with.
     */
    byte[] wrapAad() {
        byte[] type = kdfType.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(WRAP_TAG.length + 16 + 4 * 4 + salt.length + type.length);
        b.put(WRAP_TAG)
                .putLong(deviceId.getMostSignificantBits()).putLong(deviceId.getLeastSignificantBits())
                .putInt(kdfVersion).putInt(kdf.memoryKiB()).putInt(kdf.iterations()).putInt(kdf.parallelism())
                .put(salt).put(type);
        return b.array();
    }

    VaultHeader withKey(byte[] newSalt, byte[] newNonce, byte[] newWrapped) {
        return new VaultHeader(kdfType, kdfVersion, kdf, newSalt, newNonce, newWrapped, deviceId, createdMicros);
    }

    void insert(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO vault_header (singleton, kdf_type, kdf_version, kdf_memory_kib, kdf_iterations, kdf_parallelism,"
                        + " kdf_salt, key_nonce, wrapped_key, device_id, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, kdfType);
            ps.setInt(2, kdfVersion);
            ps.setInt(3, kdf.memoryKiB());
            ps.setInt(4, kdf.iterations());
            ps.setInt(5, kdf.parallelism());
            ps.setBytes(6, salt);
            ps.setBytes(7, keyNonce);
            ps.setBytes(8, wrappedKey);
            ps.setString(9, deviceId.toString());
            ps.setLong(10, createdMicros);
            ps.executeUpdate();
        }
    }

    /** Replaces salt, nonce and wrapped key in one statement: the passphrase swap. */
    void updateKey(Connection connection, VaultHeader previous) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE vault_header SET kdf_salt = ?, key_nonce = ?, wrapped_key = ? WHERE singleton = 1 AND kdf_salt = ?")) {
            ps.setBytes(1, salt);
            ps.setBytes(2, keyNonce);
            ps.setBytes(3, wrappedKey);
            ps.setBytes(4, previous.salt());
            if (ps.executeUpdate() != 1) {
                throw new VaultException("The passphrase was changed at the same time elsewhere; nothing was changed");
            }
        }
    }

    /**
     * Reads and validates the header. Anything missing, malformed, of another Argon2 type or
     * version, or with parameters outside the sane range is refused as damage or tampering,
     * before any key derivation runs.
     */
    static VaultHeader read(Connection connection, Path file) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT kdf_type, kdf_version, kdf_memory_kib, kdf_iterations, kdf_parallelism, kdf_salt, key_nonce,"
                        + " wrapped_key, device_id, created_at FROM vault_header WHERE singleton = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new VaultDamagedException(file, "its header is missing", null);
            }
            String type = rs.getString(1);
            long version = rs.getLong(2);
            long m = rs.getLong(3);
            long t = rs.getLong(4);
            long p = rs.getLong(5);
            byte[] salt = rs.getBytes(6);
            byte[] nonce = rs.getBytes(7);
            byte[] wrapped = rs.getBytes(8);
            String device = rs.getString(9);
            long created = rs.getLong(10);
            if (!Argon2id.TYPE.equals(type) || version != Argon2id.VERSION) {
                throw new VaultDamagedException(file, "its header names a key derivation other than Argon2id v1.3 (possible tampering)", null);
            }
            if (m < 0 || m > Integer.MAX_VALUE || t < 0 || t > Integer.MAX_VALUE || p < 0 || p > Integer.MAX_VALUE) {
                throw new VaultDamagedException(file, "the Argon2id parameters are out of range (possible tampering)", null);
            }
            Argon2Params kdf = new Argon2Params((int) m, (int) t, (int) p);
            String problem = kdf.problem();
            if (problem != null) {
                throw new VaultDamagedException(file, problem + " (possible tampering)", null);
            }
            if (salt == null || salt.length != Argon2id.SALT_BYTES || nonce == null || nonce.length != AesGcm.NONCE_BYTES
                    || wrapped == null || wrapped.length != 32 + AesGcm.TAG_BYTES) {
                throw new VaultDamagedException(file, "its header is malformed", null);
            }
            UUID deviceId;
            try {
                deviceId = UUID.fromString(device);
            } catch (RuntimeException e) {
                throw new VaultDamagedException(file, "its header is malformed", null);
            }
            return new VaultHeader(type, (int) version, kdf, salt, nonce, wrapped, deviceId, created);
        }
    }
}
