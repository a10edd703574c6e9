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
 * <p>Exit codes: 0 done; 1 could not open (wrong key, damaged envelope); 2 wrong passphrase or
 * unreadable file; 3 the audit log is damaged (nothing opened); 4 bad usage.
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

    @Spec
    CommandSpec spec;

    public EscrowCommand() {
        this(System::getenv, Clock.systemUTC());
    }

    /** For tests: the environment to read {@code --passphrase-env} variables from, and the clock for the audit log. */
    public EscrowCommand(Function<String, String> environment, Clock clock) {
        this.environment = Objects.requireNonNull(environment);
        this.clock = Objects.requireNonNull(clock);
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
                    "The opening (who, when, which envelope) is appended to the hash-chained audit log before the content is shown."})
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

        @Option(names = "--audit-log", required = true, paramLabel = "FILE", description = "The escrow audit log (JSON lines, appended to).")
        Path auditLogFile;

        @Option(names = "--passphrase-env", paramLabel = "NAME",
                description = "Read the key file's passphrase from this environment variable instead of asking.")
        String passphraseEnv;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (operator.isBlank()) {
                err.println("Say who is opening it with --operator");
                return USAGE;
            }
            AuditLog log = new AuditLog(auditLogFile);
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
                if (!record(log, sealed, keyId, "opened", null, err)) {
                    return AUDIT_LOG_DAMAGED;
                }
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

        private boolean record(AuditLog log, SealedEnvelope sealed, String keyId, String outcome, String reason, PrintWriter err) {
            SealedEnvelope.Header h = sealed.header();
            try {
                log.append(new AuditLog.Entry(0, parent.clock.instant(), operator.strip(), "open", "escrow", outcome,
                        String.valueOf(h.envelopeId()), h.learnerId() == null ? null : h.learnerId().toString(), h.tutor(),
                        h.date() == null ? null : h.date().toString(), keyId, reason, null));
                return true;
            } catch (IOException e) {
                err.println("The opening could not be recorded in the audit log (" + e.getMessage() + "); nothing is shown.");
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ verify-log

    @Command(name = "verify-log", mixinStandardHelpOptions = true, description = "Check the escrow audit log's hash chain.")
    static final class VerifyLog implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--audit-log", required = true, paramLabel = "FILE", description = "The escrow audit log.")
        Path auditLogFile;

        @Override
        public Integer call() {
            try {
                AuditLog.State state = new AuditLog(auditLogFile).verify();
                spec.commandLine().getOut().println("The audit log is intact: " + state.entries() + " entries.");
                spec.commandLine().getOut().flush();
                return OK;
            } catch (IOException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return AUDIT_LOG_DAMAGED;
            }
        }
    }
}
