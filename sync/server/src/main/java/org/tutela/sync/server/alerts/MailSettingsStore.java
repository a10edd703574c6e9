package org.tutela.sync.server.alerts;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.ServerSecrets;

/**
 * Where the email settings are kept: one row of {@code mail_settings}, the SMTP password sealed
 * under the data folder's {@link ServerSecrets} (never in clear in the database, never shown back
 * on the page). Saving is audited with what changed (the password only as "changed").
 */
public final class MailSettingsStore {
    private static final String PURPOSE = "smtp-password";
    private static final String SUBJECT = "mail_settings";

    /** What to do with the stored password when the settings are saved. */
    public enum PasswordChange { KEEP, REPLACE, REMOVE }

    private final Database db;
    private final ServerSecrets secrets;
    private final Clock clock;

    public MailSettingsStore(Database db, ServerSecrets secrets, Clock clock) {
        this.db = db;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The settings with their password opened, to send; empty before anyone set them up. */
    public Optional<MailSettings> get() throws Exception {
        Optional<Row> r = row();
        if (r.isEmpty()) {
            return Optional.empty();
        }
        String password = null;
        if (r.get().sealedPassword() != null) {
            byte[] pw = secrets.open(PURPOSE, SUBJECT, r.get().sealedPassword());
            password = new String(pw, StandardCharsets.UTF_8);
            Arrays.fill(pw, (byte) 0);
        }
        return Optional.of(r.get().settings().withPassword(password));
    }

    /** The settings to show on the page: without the password, and whether one is stored. */
    public record Shown(MailSettings settings, boolean hasPassword, long updatedAt) {
    }

    public Optional<Shown> shown() throws SQLException {
        return row().map(r -> new Shown(r.settings(), r.sealedPassword() != null, r.updatedAt()));
    }

    private record Row(MailSettings settings, String sealedPassword, long updatedAt) {
    }

    private Optional<Row> row() throws SQLException {
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement(
                "SELECT host, port, security, username, password_sealed, from_address, lead_address, deputy_address, console_address,"
                        + " updated_at FROM mail_settings WHERE id = 1")) {
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                MailSettings s = new MailSettings(rs.getString(1), rs.getInt(2), MailSettings.Security.parse(rs.getString(3)),
                        rs.getString(4), null, rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
                return Optional.of(new Row(s, rs.getString(5), rs.getLong(10)));
            }
        }
    }

    /**
     * Stores {@code wanted} (which must have no problems), keeping, replacing (with
     * {@code wanted}'s password) or removing the stored password; audited in the same transaction.
     */
    public void save(MailSettings wanted, PasswordChange change, AuditTrail.Actor actor, AuditTrail audit) throws Exception {
        if (!wanted.problems().isEmpty()) {
            throw new IllegalArgumentException("The email settings have problems: " + wanted.problems());
        }
        Optional<Row> before = row();
        String sealed = switch (change) {
            case KEEP -> before.map(Row::sealedPassword).orElse(null);
            case REMOVE -> null;
            case REPLACE -> wanted.password() == null ? null
                    : secrets.seal(PURPOSE, SUBJECT, wanted.password().getBytes(StandardCharsets.UTF_8));
        };
        if (sealed != null && wanted.security() == MailSettings.Security.NONE) {
            throw new IllegalArgumentException("A password is never sent over a connection without TLS");
        }
        long now = clock.millis();
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM mail_settings WHERE id = 1");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO mail_settings (id, host, port, security, username, password_sealed,"
                         + " from_address, lead_address, deputy_address, console_address, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                del.executeUpdate();
                ins.setString(1, wanted.host());
                ins.setInt(2, wanted.port());
                ins.setString(3, wanted.security().wire());
                ins.setString(4, wanted.username());
                ins.setString(5, sealed);
                ins.setString(6, wanted.fromAddress());
                ins.setString(7, wanted.leadAddress());
                ins.setString(8, wanted.deputyAddress());
                ins.setString(9, wanted.consoleAddress());
                ins.setLong(10, now);
                ins.executeUpdate();
            }
            audit.record(c, actor, "alerts.settings", null, changes(before.orElse(null), wanted, sealed,
                    before.map(Row::sealedPassword).orElse(null)));
            return null;
        });
    }

    private static Map<String, String> changes(Row before, MailSettings after, String sealedAfter, String sealedBefore) {
        MailSettings b = before == null ? new MailSettings(null, 0, null, null, null, null, null, null, null) : before.settings();
        Map<String, String> d = new LinkedHashMap<>();
        Accounts.changed(d, "smtpServer", b.host() == null ? null : b.host() + ":" + b.port(), after.host() + ":" + after.port());
        Accounts.changed(d, "security", b.security() == null ? null : b.security().wire(), after.security().wire());
        Accounts.changed(d, "smtpUser", b.username(), after.username());
        if (!java.util.Objects.equals(sealedBefore, sealedAfter)) {
            d.put("smtpPassword", sealedAfter == null ? "removed" : "changed");
        }
        Accounts.changed(d, "from", b.fromAddress(), after.fromAddress());
        Accounts.changed(d, "lead", b.leadAddress(), after.leadAddress());
        Accounts.changed(d, "deputy", b.deputyAddress(), after.deputyAddress());
        Accounts.changed(d, "consoleAddress", b.consoleAddress(), after.consoleAddress());
        return d;
    }
}
