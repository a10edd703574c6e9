package org.tutela.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.sync.protocol.UlnRule;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.LearnerImport;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;

/**
 * Head office's own code writing records into a real server database (SQLite in a folder), so a
 * test can hand what head office wrote to the laptop's readers, byte for byte.
 */
public final class HeadOfficeFixture implements AutoCloseable {
    public final Database db;
    public final Accounts accounts;
    public final OrganisationSetup organisation;
    public final Groups groups;
    public final LearnerImport importer;

    public HeadOfficeFixture(Path dir) throws Exception {
        db = Database.open(ServerSettings.defaults().with("data-dir", dir.toString()));
        accounts = new Accounts(db);
        organisation = new OrganisationSetup(db);
        groups = new Groups(db, accounts);
        importer = new LearnerImport(db, accounts);
    }

    /** Invented term dates for 2025/26: autumn from 3 September, spring 2 from 23 February. */
    public static Organisation.TermDates terms2025() {
        return new Organisation.TermDates(2025, List.of(LocalDate.of(2025, 9, 3), LocalDate.of(2025, 10, 27), LocalDate.of(2026, 1, 5),
                LocalDate.of(2026, 2, 23), LocalDate.of(2026, 4, 13), LocalDate.of(2026, 6, 1)));
    }

    /** A valid invented ULN from a number. */
    public static String uln(int n) {
        for (int k = n * 20; ; k++) { // distinct n never meet
            String nine = String.valueOf(500_000_000 + k);
            var d = UlnRule.checkDigit(nine);
            if (d.isPresent()) {
                return nine + d.getAsInt();
            }
        }
    }

    /** Imports a CSV (remembered mapping, the presets) and returns what it did. */
    public LearnerImport.Preview importCsv(String csv) throws Exception {
        return importer.importFile(csv.getBytes(StandardCharsets.UTF_8), importer.mapping(null, List.of()), LearnerImport.Options.DEFAULT);
    }

    /** The stored record's kind, revision and payload. */
    public record Stored(String kind, long revision, String payload) {
    }

    public Stored stored(UUID id) throws Exception {
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement("SELECT kind, revision, payload FROM records WHERE record_id = ?")) {
            q.setString(1, id.toString());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("head office has no record " + id);
                }
                return new Stored(rs.getString(1), rs.getLong(2), rs.getString(3));
            }
        }
    }

    /** Every record id of a kind head office holds. */
    public List<UUID> ids(String kind) throws Exception {
        List<UUID> out = new java.util.ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement("SELECT record_id FROM records WHERE kind = ? ORDER BY server_seq")) {
            q.setString(1, kind);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(UUID.fromString(rs.getString(1)));
                }
            }
        }
        return out;
    }

    /** Puts head office's record into a laptop's store as a pull would. */
    public void deliver(RecordStore store, UUID id) throws Exception {
        Stored s = stored(id);
        Instant now = Instant.now();
        store.applyRemote(new StoredRecord(id, s.kind(), s.revision(), now, now, false, false, s.payload().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        db.close();
    }
}
