package org.tutela.sync.server.escrow;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.tutela.sync.server.Database;

/**
 * The escrow audit log's head kept in the server's database (table {@code escrow_audit_head},
 * one row), apart from the log file: on PostgreSQL often on another machine, with its own
 * administrators and backups.
 */
public final class DatabaseAuditHead implements AuditLog.HeadStore {
    private final Database db;

    public DatabaseAuditHead(Database db) {
        this.db = db;
    }

    @Override
    public AuditLog.Head read() throws IOException {
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT entries, head, key_fingerprint FROM escrow_audit_head WHERE id = 1");
             ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                throw new AuditLog.BrokenChainException("the record of its head is missing from the server's database");
            }
            return new AuditLog.Head(rs.getLong(1), rs.getString(2), rs.getString(3));
        } catch (SQLException e) {
            throw new IOException("The server's database cannot be read (SQL state " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public void write(AuditLog.Head head) throws IOException {
        try {
            int updated = db.inTransaction(c -> {
                try (PreparedStatement up = c.prepareStatement(
                        "UPDATE escrow_audit_head SET entries = ?, head = ?, key_fingerprint = ?, updated_at = ? WHERE id = 1")) {
                    up.setLong(1, head.entries());
                    up.setString(2, head.head());
                    up.setString(3, head.keyFingerprint());
                    up.setLong(4, System.currentTimeMillis());
                    return up.executeUpdate();
                }
            });
            if (updated != 1) {
                throw new AuditLog.BrokenChainException("the record of its head is missing from the server's database");
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("The server's database cannot be written (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
