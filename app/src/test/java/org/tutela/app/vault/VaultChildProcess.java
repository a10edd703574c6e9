package org.tutela.app.vault;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs in a child JVM started by the crash tests, which kill it with SIGKILL. Protocol lines
 * start with {@code "@ "} (the console log shares stdout).
 * <ul>
 *   <li>{@code save FILE}: saves records in a burst and prints {@code ack ID N} after each save returned.</li>
 *   <li>{@code passphrase FILE A B}: changes the passphrase A→B→A… and prints {@code now X} after each change returned.</li>
 *   <li>{@code halt-mid-change FILE A B}: changes A→B but halts the JVM inside the transaction, after the header row was rewritten.</li>
 * </ul>
 */
public final class VaultChildProcess {
    private VaultChildProcess() {
    }

    static String body(UUID id, long n) {
        return "{\"n\":" + n + ",\"id\":\"" + id + "\",\"pad\":\"" + "p".repeat(700) + "\"}";
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "save" -> {
                Vault vault = Vault.open(file, VaultTesting.PASS.clone());
                out.println("@ ready");
                for (long n = 0; ; n++) {
                    UUID id = UUID.randomUUID();
                    vault.records().save("learner", id, body(id, n).getBytes(StandardCharsets.UTF_8),
                            n % 7 == 0 ? WriteOptions.URGENT : WriteOptions.NORMAL);
                    out.println("@ ack " + id + " " + n);
                }
            }
            case "passphrase" -> {
                char[][] passes = {args[2].toCharArray(), args[3].toCharArray()};
                Vault vault = Vault.open(file, passes[0].clone());
                out.println("@ ready");
                for (int i = 0; ; i++) {
                    char[] from = passes[i % 2];
                    char[] to = passes[(i + 1) % 2];
                    vault.changePassphrase(from.clone(), to.clone());
                    out.println("@ now " + new String(to));
                }
            }
            case "halt-mid-change" -> {
                Vault vault = Vault.open(file, args[2].toCharArray());
                vault.beforePassphraseCommit = () -> {
                    out.println("@ halting");
                    Runtime.getRuntime().halt(137);
                };
                vault.changePassphrase(args[2].toCharArray(), args[3].toCharArray());
                out.println("@ changed");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
