package org.tutela.app.confidential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.confidential.ConfidentialFixtures.CANARY;
import static org.tutela.app.confidential.ConfidentialFixtures.PASSWORD;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.records.TypedStore;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.escrow.EscrowCommand;
import picocli.CommandLine;

/**
 * The whole escrow path with real files: the lead's keygen, the public key in the organisation's
 * settings, a tutorial sealed on the laptop and exported, then `escrow open` at head office.
 */
class EscrowEndToEndTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("LEAD_PASS", "heron quarry lantern 1987", "OTHER_PASS", "puffin estuary gravel 2002");

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // head office's settings: its data folder keeps the audit log, its database the log's head
        CommandLine cmd = new CommandLine(new EscrowCommand(env::get, Clock.systemUTC(),
                () -> ServerSettings.defaults().with("data-dir", dir.resolve("head-office").toString())));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private void keygen(String name, String passEnv) {
        String[] r = run("keygen", "--private-key", dir.resolve(name + ".key").toString(), "--public-key",
                dir.resolve(name + ".pub").toString(), "--passphrase-env", passEnv, "--argon2-memory-kib", "19456",
                "--argon2-iterations", "2");
        assertEquals("0", r[0], r[2]);
    }

    @Test
    void theConfiguredLeadOpensAnExportedTutorialAndAnotherLeadCannot() throws Exception {
        keygen("lead", "LEAD_PASS");
        keygen("other", "OTHER_PASS");
        String publicKey = Files.readString(dir.resolve("lead.pub")).strip();

        Path exported = dir.resolve("exported-envelope.json");
        try (Vault vault = Vault.create(dir.resolve("laptop.tutela"), "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR)) {
            new OrganisationSettingsStore(new TypedStore(vault::records)).save(new OrganisationSettings(publicKey, "01632 960123", null));
            ConfidentialTutorials tutorials = new ConfidentialTutorials(new TypedStore(vault::records), "Tutor Bexamund", Clock.systemUTC(),
                    Sleeper.REAL, Argon2Params.FLOOR);
            Tutorial tutorial = ConfidentialFixtures.tutorial();
            tutorials.seal(tutorial, PASSWORD.toCharArray());
            tutorials.export(tutorial.id(), exported);
        }
        assertFalse(Files.readString(exported).contains("caravan"));

        Path log = dir.resolve("head-office").resolve("escrow").resolve("audit-log.jsonl");
        String[] other = run("open", "--private-key", dir.resolve("other.key").toString(), "--envelope", exported.toString(),
                "--operator", "Lead Quennell", "--passphrase-env", "OTHER_PASS");
        assertEquals(String.valueOf(EscrowCommand.NOT_OPENED), other[0]);
        assertFalse(other[1].contains(CANARY));

        String[] lead = run("open", "--private-key", dir.resolve("lead.key").toString(), "--envelope", exported.toString(),
                "--operator", "Lead Quennell", "--passphrase-env", "LEAD_PASS");
        assertEquals("0", lead[0], lead[2]);
        assertTrue(lead[1].contains(CANARY), lead[1]);
        assertEquals(2, Files.readAllLines(log).size(), "the refusal and the opening are both in the audit log");
        assertTrue(Files.readAllLines(log).get(1).contains("\"outcome\":\"opened\""));
    }
}
