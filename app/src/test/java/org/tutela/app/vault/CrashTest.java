package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tutela.app.vault.VaultTesting.json;
import static org.tutela.app.vault.VaultTesting.text;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.crypto.Argon2Params;

/** SIGKILL in the middle of saves or of a passphrase change: nothing acknowledged is lost, the vault opens. */
class CrashTest {
    @TempDir
    Path dir;

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dtutela.logdir=" + dir.resolve("logs"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(VaultChildProcess.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(dir.resolve("child-stderr.txt").toFile()).start();
    }

    private String readLine(BufferedReader reader, Process process) throws Exception {
        while (true) {
            String line = reader.readLine();
            if (line == null) {
                process.waitFor(10, TimeUnit.SECONDS);
                fail("the child ended early: " + Files.readString(dir.resolve("child-stderr.txt")));
            }
            if (line.startsWith("@ ")) {
                return line.substring(2);
            }
        }
    }

    private static void kill(Process process) throws Exception {
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertTrue(process.exitValue() != 0);
    }

    @Test
    void everyAcknowledgedSaveSurvivesSigkill() throws Exception {
        Path file = dir.resolve("tutor.tutela");
        VaultTesting.create(file).close();
        Process child = start("save", file.toString());
        Map<UUID, Long> acknowledged = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", readLine(reader, child));
            int target = 300 + ThreadLocalRandom.current().nextInt(200);
            while (acknowledged.size() < target) {
                String[] parts = readLine(reader, child).split(" ");
                assertEquals("ack", parts[0]);
                acknowledged.put(UUID.fromString(parts[1]), Long.parseLong(parts[2]));
            }
            kill(child);
        } finally {
            child.destroyForcibly();
        }
        assertTrue(Files.exists(VaultFile.wal(file)), "killed with its write-ahead log in place");

        try (Vault vault = VaultTesting.open(file)) {
            RecordStore store = vault.records();
            for (Map.Entry<UUID, Long> ack : acknowledged.entrySet()) {
                StoredRecord r = store.get(ack.getKey()).orElse(null);
                assertNotNull(r, "acknowledged record " + ack.getValue() + " survived");
                assertEquals(VaultChildProcess.body(ack.getKey(), ack.getValue()), text(r.body()));
            }
            RecordList all = store.list("learner");
            assertTrue(all.damaged().isEmpty());
            assertTrue(all.records().size() >= acknowledged.size());
            // the outbox has one entry per saved record, gap-free from 1
            List<OutboxEntry> outbox = store.pendingOutbox(Integer.MAX_VALUE);
            assertEquals(all.records().size(), outbox.size());
            List<Long> seqs = outbox.stream().map(OutboxEntry::deviceSequence).sorted().toList();
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i + 1L, seqs.get(i));
            }
            // and the vault takes new writes
            store.save("learner", UUID.randomUUID(), json("{}"), WriteOptions.NORMAL);
        }
    }

    @Test
    void aCrashInsideThePassphraseChangeLeavesTheOldPassphraseWorking() throws Exception {
        Path file = dir.resolve("tutor.tutela");
        UUID id = UUID.randomUUID();
        try (Vault vault = Vault.create(file, "old passphrase".toCharArray(), Argon2Params.FLOOR)) {
            vault.records().save("learner", id, json("{\"kept\":true}"), WriteOptions.NORMAL);
        }
        Process child = start("halt-mid-change", file.toString(), "old passphrase", "new passphrase");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("halting", readLine(reader, child));
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
        assertThrows(WrongPassphraseException.class, () -> Vault.open(file, "new passphrase".toCharArray()));
        try (Vault vault = Vault.open(file, "old passphrase".toCharArray())) {
            assertEquals("{\"kept\":true}", text(vault.records().get(id).orElseThrow().body()));
        }
    }

    @Test
    void sigkillDuringRepeatedPassphraseChangesAlwaysLeavesOneWorkingPassphrase() throws Exception {
        Path file = dir.resolve("tutor.tutela");
        UUID id = UUID.randomUUID();
        try (Vault vault = Vault.create(file, "alpha".toCharArray(), Argon2Params.FLOOR)) {
            vault.records().save("learner", id, json("{\"kept\":true}"), WriteOptions.NORMAL);
        }
        String current = "alpha";
        for (int round = 0; round < 3; round++) {
            String other = current.equals("alpha") ? "bravo" : "alpha";
            Process child = start("passphrase", file.toString(), current, other);
            String lastAcknowledged = current;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("ready", readLine(reader, child));
                int changes = 1 + ThreadLocalRandom.current().nextInt(3);
                for (int i = 0; i < changes; i++) {
                    lastAcknowledged = readLine(reader, child).substring("now ".length());
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(150));
                kill(child);
            } finally {
                child.destroyForcibly();
            }
            String notAcknowledged = lastAcknowledged.equals("alpha") ? "bravo" : "alpha";
            String opens = null;
            for (String candidate : new String[] {lastAcknowledged, notAcknowledged}) {
                try (Vault vault = Vault.open(file, candidate.toCharArray())) {
                    assertEquals("{\"kept\":true}", text(vault.records().get(id).orElseThrow().body()));
                    opens = candidate;
                    break;
                } catch (WrongPassphraseException e) {
                    // try the other one
                }
            }
            assertNotNull(opens, "exactly one of the two passphrases opens the vault after the kill");
            current = opens;
        }
    }
}
