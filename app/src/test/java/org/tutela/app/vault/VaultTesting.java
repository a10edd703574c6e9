package org.tutela.app.vault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.tutela.crypto.Argon2Params;

/** Shared helpers for the vault tests: floor-cost vaults and raw SQLite access for tampering. */
final class VaultTesting {
    static final char[] PASS = "correct horse battery staple".toCharArray();

    private VaultTesting() {
    }

    static Vault create(Path file) {
        return Vault.create(file, PASS.clone(), Argon2Params.FLOOR);
    }

    static Vault open(Path file) {
        return Vault.open(file, PASS.clone());
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A raw connection to a (locked) vault file, for tampering. */
    static Connection raw(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** The number of rows in a table of a (locked) vault file. */
    static long count(Path file, String table) throws SQLException {
        try (Connection c = raw(file); var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void sql(Path file, String sql, Object... args) throws SQLException {
        try (Connection c = raw(file); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
