package org.tutela.sync.server.escrow;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.sealed.EnvelopeDamagedException;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.protocol.sealed.WrongEscrowKeyException;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The safeguarding escrow, for the server's admin command line: {@code escrow keygen} makes the
 * safeguarding lead's key pair; {@code escrow open} opens an exported confidential tutorial with
 * the lead's private key and records that it did; {@code escrow verify-log} checks the audit log.
 *
 * <p>Passphrases are asked for on the terminal, or read from an environment variable named with
 * {@code --passphrase-env} (for scripts and tests); never taken as a command-line argument.
 *
 * <p>The audit log's place is fixed by the server's settings ({@code <data-dir>/escrow}), and its
 * head is kept in the server's database (see {@link AuditLog}), so these commands run on the server
 * machine with the server's settings, like the other admin commands.
 *
 * <p>Exit codes: 0 done; 1 could not open (wrong key, damaged envelope); 2 wrong passphrase or
 * unreadable file; 3 the audit log is damaged or cannot be checked (nothing opened); 4 bad usage.
 */
@Command(name = "escrow", mixinStandardHelpOptions = true,
        description = "The safeguarding lead's escrow for confidential tutorials: make the key pair, open an exported envelope.",
        subcommands = {EscrowCommand.Keygen.class, EscrowCommand.Open.class, EscrowCommand.VerifyLog.class})
public final class EscrowCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int NOT_OPENED = 1;
    public static final int BAD_SECRET_OR_FILE = 2;
    public static final int AUDIT_LOG_DAMAGED = 3;
    public static final int USAGE = 4;

    private final Function<String, String> environment;
    private final Clock clock;
    private final Callable<ServerSettings> settings;

    @Spec
    CommandSpec spec;

    /**
     * @param environment where {@code --passphrase-env} variables are read
     * @param clock       the audit log's clock
     * @param settings    the server's settings (read when a command runs): the data folder that holds
     *                    the audit log, and the database that holds its head
     */
    public EscrowCommand(Function<String, String> environment, Clock clock, Callable<ServerSettings> settings) {
        this.environment = Objects.requireNonNull(environment);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
    }

    /** The server's database and the audit log in its data folder, for one command. */
    private record Opened(Database db, AuditLog log) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }

    /** The audit log with its head store, or null after saying on {@code err} why it cannot be checked. */
    Opened auditLog(PrintWriter err, String consequence) {
        try {
            ServerSettings s = settings.call();
            Database db = Database.open(s);
            return new Opened(db, new AuditLog(s.dataDir(), new DatabaseAuditHead(db)));
        } catch (Exception e) {
            err.println("The audit log cannot be checked: the server's database does not open with these settings ("
                    + e.getClass().getSimpleName() + ")." + consequence);
            return null;
        }
    }

    /** The refusal of the old {@code --audit-log FILE}: the log's place is no longer the caller's to choose. */
    static boolean refuseAuditLogOption(Path given, PrintWriter err) {
        if (given == null) {
            return false;
        }
        err.println("--audit-log is no longer accepted: the audit log's place is fixed by the server's settings ("
                + "<data-dir>/" + AuditLog.FOLDER + "/" + AuditLog.LOG_FILE + "). Run the command with the server's settings"
                + " (--config FILE, or the TUTELA_ environment) and without --audit-log.");
        return true;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return USAGE;
    }

    char[] passphrase(String envName, String prompt, boolean confirm) {
        if (envName != null) {
            String value = environment.apply(envName);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("The environment variable " + envName + " is not set");
            }
            return value.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("There is no terminal to ask for the passphrase; use --passphrase-env NAME");
        }
        char[] first = console.readPassword("%s: ", prompt);
        if (first == null || first.length == 0) {
            throw new IllegalArgumentException("No passphrase given");
        }
        if (confirm) {
            char[] second = console.readPassword("Type it again: ");
            boolean same = second != null && Arrays.equals(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("The two passphrases differ");
            }
        }
        return first;
    }

    // ------------------------------------------------------------------ keygen

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Generate the safeguarding lead's X25519 key pair.",
                    "The private key is written encrypted under a passphrase (Argon2id + AES-256-GCM), owner-only;",
                    "the public key (base64) goes into Tutela's Organisation settings on every laptop."})
    static final class Keygen implements Callable<Integer> {
        @ParentCommand
        EscrowCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--private-key", required = true, paramLabel = "FILE",
                description = "Where to write the encrypted private key (must not exist). Keep it off laptops.")
        Path privateKey;

        @Option(names = "--public-key", paramLabel = "FILE", description = "Also write the public key (base64) to this file.")
        Path publicKey;

        @Option(names = "--passphrase-env", paramLabel = "NAME",
                description = "Read the passphrase from this environment variable instead of asking.")
        String passphraseEnv;

        @Option(names = "--argon2-memory-kib", defaultValue = "65536", description = "Argon2id memory (KiB, at least 19456). Default: ${DEFAULT-VALUE}.")
        int memoryKiB;

        @Option(names = "--argon2-iterations", defaultValue = "3", description = "Argon2id passes (at least 2). Default: ${DEFAULT-VALUE}.")
        int iterations;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Argon2Params params = new Argon2Params(memoryKiB, iterations, 1);
            if (params.problem() != null) {
                err.println(params.problem());
                return USAGE;
            }
            if (Files.exists(privateKey) || (publicKey != null && Files.exists(publicKey))) {
                err.println("A file is already there; escrow keygen never overwrites a key: "
                        + (Files.exists(privateKey) ? privateKey : publicKey));
                return USAGE;
            }
            char[] passphrase;
            try {
                passphrase = parent.passphrase(passphraseEnv, "Passphrase for the new private key", true);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return USAGE;
            }
            if (passphrase.length < 12) {
                Arrays.fill(passphrase, '\0');
                err.println("Choose a passphrase of at least 12 characters (a few unrelated words)");
                return USAGE;
            }
            EscrowKeys.KeyPair pair = EscrowKeys.generate(new SecureRandom());
            try {
                EscrowKeyFile.write(privateKey, pair, passphrase, params);
                if (publicKey != null) {
                    Files.writeString(publicKey, pair.publicKeyBase64() + System.lineSeparator(), StandardCharsets.US_ASCII,
                            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                }
            } catch (IOException e) {
                err.println("The key could not be written: " + e.getMessage());
                return BAD_SECRET_OR_FILE;
            } finally {
                pair.wipe();
                Arrays.fill(passphrase, '\0');
            }
            out.println("Private key written (encrypted, owner-only) to " + privateKey);
            out.println("Key id: " + EscrowKeys.keyId(pair.publicKey()));
            out.println("Public key (enter it in Tutela's Organisation settings):");
            out.println(pair.publicKeyBase64());
            out.flush();
            return OK;
        }
    }

    // ------------------------------------------------------------------ open

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"Open an exported confidential tutorial envelope with the safeguarding lead's private key.",
                    "The opening (who, when, which envelope) is appended to the audit log (a keyed chain in <data-dir>/escrow,",
                    "its head kept in the server's database) before the content is shown; the new head is printed."})
    static final class Open implements Callable<Integer> {
        @ParentCommand
        EscrowCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--private-key", required = true, paramLabel = "FILE", description = "The lead's encrypted private key file.")
        Path privateKey;

        @Option(names = "--envelope", required = true, paramLabel = "FILE", description = "The exported envelope (JSON).")
        Path envelope;

        @Option(names = "--operator", required = true, paramLabel = "NAME", description = "Who is opening it (recorded).")
        String operator;

        @Option(names = "--audit-log", hidden = true, paramLabel = "FILE", description = "No longer accepted: the place is fixed.")
        Path auditLogFile;

        @Option(names = "--passphrase-env", paramLabel = "NAME",
                description = "Read the key file's passphrase from this environment variable instead of asking.")
        String passphraseEnv;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (refuseAuditLogOption(auditLogFile, err)) {
                return USAGE;
            }
            if (operator.isBlank()) {
                err.println("Say who is opening it with --operator");
                return USAGE;
            }
            Opened opened = parent.auditLog(err, " Nothing was opened.");
            if (opened == null) {
                return AUDIT_LOG_DAMAGED;
            }
            try (opened) {
                return open(opened.log(), out, err);
            }
        }

        private int open(AuditLog log, PrintWriter out, PrintWriter err) {
            try {
                log.verify();
            } catch (AuditLog.BrokenChainException e) {
                err.println(e.getMessage() + ". Nothing was opened.");
                return AUDIT_LOG_DAMAGED;
            } catch (IOException e) {
                err.println("The audit log cannot be read: " + e.getMessage() + ". Nothing was opened.");
                return AUDIT_LOG_DAMAGED;
            }
            SealedEnvelope sealed;
            try {
                sealed = Sealing.fromJson(Files.readAllBytes(envelope));
            } catch (IOException e) {
                err.println("The envelope file cannot be read: " + envelope);
                return BAD_SECRET_OR_FILE;
            } catch (EnvelopeDamagedException e) {
                err.println(e.getMessage());
                return NOT_OPENED;
            }
            char[] passphrase;
            try {
                passphrase = parent.passphrase(passphraseEnv, "Passphrase for the private key", false);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return USAGE;
            }
            byte[] key;
            try {
                key = EscrowKeyFile.read(privateKey, passphrase);
            } catch (EscrowKeyFile.WrongPassphraseException e) {
                err.println(e.getMessage());
                return BAD_SECRET_OR_FILE;
            } catch (IOException e) {
                err.println(e.getMessage());
                return BAD_SECRET_OR_FILE;
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            String keyId = EscrowKeys.keyId(EscrowKeys.publicKeyOf(key));
            byte[] content;
            try {
                content = Sealing.openWithEscrowKey(sealed, key);
            } catch (WrongEscrowKeyException | EnvelopeDamagedException e) {
                record(log, sealed, keyId, "refused", e.getMessage(), err);
                err.println(e.getMessage());
                return NOT_OPENED;
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            try {
                AuditLog.Entry recorded = record(log, sealed, keyId, "opened", null, err);
                if (recorded == null) {
                    return AUDIT_LOG_DAMAGED;
                }
                out.println("Recorded in the audit log as entry " + recorded.seq() + "; its head is now " + head(log)
                        + " (keep this line where head office keeps the audit log's heads).");
                SealedEnvelope.Header h = sealed.header();
                out.println(SealedEnvelope.LABEL + " " + h.envelopeId() + " (learner " + h.learnerId() + ", " + h.tutor()
                        + ", " + h.date() + "), opened by escrow by " + operator + ":");
                out.println(readable(content));
                out.flush();
                return OK;
            } finally {
                Arrays.fill(content, (byte) 0);
            }
        }

        /** The content as indented JSON when it is JSON (a tutorial is), else as text. */
        private static String readable(byte[] content) {
            try {
                com.fasterxml.jackson.databind.ObjectMapper json = Sealing.json();
                return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(content));
            } catch (IOException | RuntimeException e) {
                return new String(content, StandardCharsets.UTF_8);
            }
        }

        /** The entry as appended, or null (said on {@code err}) if it could not be. */
        private AuditLog.Entry record(AuditLog log, SealedEnvelope sealed, String keyId, String outcome, String reason, PrintWriter err) {
            SealedEnvelope.Header h = sealed.header();
            try {
                return log.append(new AuditLog.Entry(0, parent.clock.instant(), operator.strip(), "open", "escrow", outcome,
                        String.valueOf(h.envelopeId()), h.learnerId() == null ? null : h.learnerId().toString(), h.tutor(),
                        h.date() == null ? null : h.date().toString(), keyId, reason, null));
            } catch (IOException e) {
                err.println("The opening could not be recorded in the audit log (" + e.getMessage() + "); nothing is shown.");
                return null;
            }
        }

        private static String head(AuditLog log) {
            try {
                return log.verify().head();
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }
    }

    // ------------------------------------------------------------------ verify-log

    @Command(name = "verify-log", mixinStandardHelpOptions = true,
            description = {"Check the escrow audit log (<data-dir>/escrow/audit-log.jsonl): its keyed chain, its key, and the head",
                    "recorded in the server's database. Prints the head, to compare with the copy kept elsewhere."})
    static final class VerifyLog implements Callable<Integer> {
        @ParentCommand
        EscrowCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--audit-log", hidden = true, paramLabel = "FILE", description = "No longer accepted: the place is fixed.")
        Path auditLogFile;

        @Option(names = "--expected-head", paramLabel = "HEX",
                description = "A head printed earlier and kept elsewhere: the log must still contain it.")
        String expectedHead;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (refuseAuditLogOption(auditLogFile, err)) {
                return USAGE;
            }
            Opened opened = parent.auditLog(err, "");
            if (opened == null) {
                return AUDIT_LOG_DAMAGED;
            }
            try (opened) {
                AuditLog.State state = opened.log().verify();
                out.println("The audit log is intact: " + state.entries() + " entries.");
                out.println("Head: " + state.head());
                out.println("Key fingerprint: " + (state.keyFingerprint() == null ? "(no key yet: nothing recorded)" : state.keyFingerprint()));
                out.println("Log: " + opened.log().file().toAbsolutePath());
                if (state.recordedEntries() < state.entries()) {
                    out.println("The server's database recorded " + state.recordedEntries() + " of them (was it restored from"
                            + " an older backup?); the next opening records the head again.");
                }
                if (expectedHead != null) {
                    long at = state.entryWithHead(expectedHead);
                    if (at < 0) {
                        err.println("The head you kept is not in this log: the log was rewritten, cut short or replaced"
                                + " since that head was printed.");
                        return AUDIT_LOG_DAMAGED;
                    }
                    out.println("The head you kept is entry " + at + " of " + state.entries() + ": this log continues it.");
                }
                out.flush();
                return OK;
            } catch (IOException e) {
                err.println(e.getMessage());
                return AUDIT_LOG_DAMAGED;
            }
        }
    }
}
