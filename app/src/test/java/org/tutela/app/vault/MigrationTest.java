package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.vault.VaultTesting.json;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The format version and the migration steps. */
class MigrationTest {
    @TempDir
    Path dir;

    private static List<Schema.Step> withStep(String... sql) {
        List<Schema.Step> steps = new ArrayList<>(Schema.STEPS);
        steps.add(new Schema.Step(Schema.CURRENT_VERSION + 1, "test step", List.of(sql)));
        return steps;
    }

    private static int userVersion(Path file) throws Exception {
        try (Connection c = VaultTesting.raw(file)) {
            return Schema.userVersion(c);
        }
    }

    @Test
    void aNewVaultIsAtTheCurrentVersionWithTutelasApplicationId() throws Exception {
        Path file = dir.resolve("tutor.tutela");
        VaultTesting.create(file).close();
        try (Connection c = VaultTesting.raw(file)) {
            assertEquals(Schema.CURRENT_VERSION, Schema.userVersion(c));
            assertEquals(Schema.APPLICATION_ID, Schema.applicationId(c));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    @Test
    void theConnectionIsDurableKeepsTemporaryDataInMemoryAndEnforcesForeignKeys() {
        Path file = dir.resolve("tutor.tutela");
        VaultTesting.create(file).close();
        try (Vault vault = VaultTesting.open(file)) {
            assertEquals("wal", vault.pragma("journal_mode"));
            assertEquals("2", vault.pragma("synchronous"), "synchronous=FULL");
            assertEquals("2", vault.pragma("temp_store"), "temp_store=MEMORY");
            assertEquals("1", vault.pragma("foreign_keys"));
        }
    }

    @Test
    void openingAnOlderFileRunsThePendingStepsAfterUnlockingAndKeepsTheRecords() throws Exception {
        Path file = dir.resolve("tutor.tutela");
        UUID id = UUID.randomUUID();
        try (Vault vault = VaultTesting.create(file)) {
            vault.records().save("learner", id, json("{}"), WriteOptions.NORMAL);
        }
        List<Schema.Step> steps = withStep("CREATE TABLE added_later (x INTEGER)", "CREATE INDEX records_by_updated ON records (updated_at)");
        assertThrows(WrongPassphraseException.class, () -> Vault.open(file, "wrong".toCharArray(), steps));
        assertEquals(Schema.CURRENT_VERSION, userVersion(file), "nothing migrated without the passphrase");
        try (Vault vault = Vault.open(file, VaultTesting.PASS.clone(), steps)) {
            assertTrue(vault.records().get(id).isPresent());
        }
        assertEquals(Schema.CURRENT_VERSION + 1, userVersion(file));
        try (Connection c = VaultTesting.raw(file); Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM added_later").close();
        }
        // a build that knows only the older format refuses the newer file instead of damaging it
        assertThrows(VaultDamagedException.class, () -> VaultTesting.open(file));
    }

    @Test
    void aFailingStepRollsBackAndLeavesTheFileAtItsVersion() throws Exception {
        Path file = dir.resolve("tutor.tutela");
        VaultTesting.create(file).close();
        List<Schema.Step> steps = withStep("CREATE TABLE half_done (x)", "THIS IS NOT SQL");
        assertThrows(VaultException.class, () -> Vault.open(file, VaultTesting.PASS.clone(), steps));
        assertEquals(Schema.CURRENT_VERSION, userVersion(file));
        try (Connection c = VaultTesting.raw(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
        VaultTesting.open(file).close();
    }
}
