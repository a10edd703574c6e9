package org.tutela.app.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.confidential.DamagedConfidentialTutorialException;
import org.tutela.app.confidential.WrongConfidentialPasswordException;
import org.tutela.app.domain.AmendmentNeedsReasonException;
import org.tutela.app.domain.HeldAfterSigningException;
import org.tutela.app.domain.InvalidUlnException;
import org.tutela.app.domain.TutorialLockedException;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.records.LearnerHasRecordsException;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.vault.DamagedRecordException;
import org.tutela.app.vault.VaultDamagedException;
import org.tutela.app.vault.VaultFromNewerVersionException;
import org.tutela.app.vault.VaultException;
import org.tutela.app.vault.VaultHeaderDamagedException;
import org.tutela.app.vault.VaultInUseException;
import org.tutela.app.vault.WrongPassphraseException;

/**
 * The one failure mapper: what the tutor is told when something fails. Each exception type that
 * means something to the tutor maps to a message key in the bundle that says what happened and
 * what to do; anything else is "unexpected" (or the screen's own words for its step). The type is
 * looked for along the cause chain, outermost first. An exception's own message is never shown:
 * it is English from deep inside and may hold a name.
 *
 * <p>Every failure a screen receives goes through here ({@link #of}, {@link #text}) or is logged
 * here ({@link #log}, {@link #logged}); the log names the exception types and where they were
 * thrown, never their messages, so no personal data reaches it.
 *
 * <p>This is the one class of the screens that may name the vault's exception types (never its
 * stores): {@code ArchitectureTest} holds it to that.
 */
public final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    /** What kind of failure it was: screens that say something of their own switch on it (never on message text). */
    public enum Kind {
        /** A problem a screen found in what was typed ({@link Problem}): its text is already in the tutor's words. */
        TYPED(null),
        WRONG_PASSPHRASE("unlock.wrongPassphrase"),
        VAULT_IN_USE("unlock.inUse"),
        VAULT_HEADER_DAMAGED("unlock.headerDamaged"),
        VAULT_FROM_NEWER_VERSION("unlock.newerVersion"),
        VAULT_DAMAGED("unlock.damaged"),
        RECORD_DAMAGED("failure.recordDamaged"),
        /** The vault could not be read or written (or was locked meanwhile). */
        VAULT("failure.vault"),
        WRONG_CONFIDENTIAL_PASSWORD("failure.wrongConfidentialPassword"),
        CONFIDENTIAL_DAMAGED("failure.confidentialDamaged"),
        LEARNER_HAS_RECORDS("failure.learnerHasRecords"),
        AMENDMENT_NEEDS_REASON("form.amendNeedsReason"),
        TUTORIAL_LOCKED("form.lockedRefused"),
        HELD_AFTER_SIGNING("failure.heldAfterSigning"),
        INVALID_ULN("failure.invalidUln"),
        /** Sync stopped: the key follows the reason ({@code sync.reason.*}). */
        SYNC(null),
        NO_PRINTER("failure.noPrinter"),
        PRINTER("failure.printer"),
        FILE("failure.file"),
        /** Something typed that the rules below the screen refused. */
        INVALID("failure.invalid"),
        UNEXPECTED("failure.unexpected");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The message key of this kind (null where the failure gives it: a typed problem, a sync reason). */
        String key() {
            return key;
        }
    }

    /** A failure as the tutor is told it: its kind and the message (key and arguments). */
    public record Failure(Kind kind, String key, List<Object> args, String typed) {
        /** The words shown to the tutor. */
        public String text() {
            return kind == Kind.TYPED ? typed : Messages.get(key, args.toArray());
        }
    }

    /** One mapping: the type, its kind and the message's arguments (read from the exception's fields, never its message). */
    private record Rule(Class<? extends Throwable> type, Kind kind, Function<Throwable, List<Object>> args) {
    }

    /** Most specific first: the first rule a throwable in the chain matches wins. */
    private static final List<Rule> RULES = List.of(
            new Rule(Problem.class, Kind.TYPED, t -> List.of()),
            new Rule(WrongPassphraseException.class, Kind.WRONG_PASSPHRASE, t -> List.of()),
            new Rule(VaultInUseException.class, Kind.VAULT_IN_USE, t -> List.of()),
            new Rule(VaultHeaderDamagedException.class, Kind.VAULT_HEADER_DAMAGED,
                    t -> List.of(String.valueOf(((VaultHeaderDamagedException) t).file()))),
            new Rule(VaultFromNewerVersionException.class, Kind.VAULT_FROM_NEWER_VERSION,
                    t -> List.of(String.valueOf(((VaultFromNewerVersionException) t).file()))),
            new Rule(VaultDamagedException.class, Kind.VAULT_DAMAGED, t -> List.of(String.valueOf(((VaultDamagedException) t).file()))),
            new Rule(DamagedRecordException.class, Kind.RECORD_DAMAGED, t -> List.of()),
            new Rule(WrongConfidentialPasswordException.class, Kind.WRONG_CONFIDENTIAL_PASSWORD,
                    t -> List.of(Math.max(1, (((WrongConfidentialPasswordException) t).nextDelay().toMillis() + 999) / 1000))),
            new Rule(DamagedConfidentialTutorialException.class, Kind.CONFIDENTIAL_DAMAGED, t -> List.of()),
            new Rule(LearnerHasRecordsException.class, Kind.LEARNER_HAS_RECORDS, t -> List.of()),
            new Rule(AmendmentNeedsReasonException.class, Kind.AMENDMENT_NEEDS_REASON, t -> List.of()),
            new Rule(TutorialLockedException.class, Kind.TUTORIAL_LOCKED, t -> List.of()),
            new Rule(HeldAfterSigningException.class, Kind.HELD_AFTER_SIGNING, t -> List.of()),
            new Rule(InvalidUlnException.class, Kind.INVALID_ULN, t -> List.of()),
            new Rule(SyncException.class, Kind.SYNC, t -> List.copyOf(((SyncException) t).shown())),
            new Rule(PdfPrinter.PrintFailedException.class, Kind.PRINTER, t -> List.of()),
            new Rule(VaultException.class, Kind.VAULT, t -> List.of()),
            new Rule(IOException.class, Kind.FILE, t -> List.of()),
            new Rule(UncheckedIOException.class, Kind.FILE, t -> List.of()),
            new Rule(IllegalArgumentException.class, Kind.INVALID, t -> List.of()));

    private Failures() {
    }

    /** The failure as the tutor is told it (and logged, without its messages). */
    public static Failure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Rule rule : RULES) {
                if (rule.type().isInstance(t)) {
                    Kind kind = t instanceof PdfPrinter.PrintFailedException p && p.becauseNoPrinter() ? Kind.NO_PRINTER : rule.kind();
                    Failure mapped = new Failure(kind, keyOf(kind, t), rule.args().apply(t), t instanceof Problem p ? p.text() : null);
                    if (kind != Kind.TYPED) {
                        LOG.info("{}: {}", kind, chain(failure));
                    }
                    return mapped;
                }
            }
        }
        LOG.warn("Unexpected failure: {}", chain(failure));
        return new Failure(Kind.UNEXPECTED, Kind.UNEXPECTED.key, List.of(), null);
    }

    /** What the tutor is told of this failure. */
    public static String text(Throwable failure) {
        return of(failure).text();
    }

    /**
     * What the tutor is told of this failure on a screen that has its own words for a failure of
     * its step ({@code otherwiseKey}, a key with no arguments): those, unless the failure's type
     * says more.
     */
    public static String text(Throwable failure, String otherwiseKey) {
        Failure f = of(failure);
        return f.kind() == Kind.UNEXPECTED ? Messages.get(otherwiseKey) : f.text();
    }

    /** Logs a failure nobody is waiting for (a background read, a save of settings), without its messages. */
    public static void log(String doing, Throwable failure) {
        LOG.warn("{} failed: {}", doing, chain(failure));
    }

    /** A failure handler that logs (for work whose failure the tutor need not be told of). */
    public static Consumer<Throwable> logged(String doing) {
        return failure -> log(doing, failure);
    }

    /**
     * The exception types along the cause chain, each with where it was thrown: enough to find the
     * fault, and no message (which may hold a learner's name or what was typed).
     */
    static String chain(Throwable failure) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (out.length() > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            StackTraceElement[] trace = t.getStackTrace();
            if (trace.length > 0) {
                StackTraceElement at = trace[0];
                for (StackTraceElement e : trace) {
                    // Tutela's own code that threw it (not the exception's own factory method)
                    if (e.getClassName().startsWith("org.tutela.") && !e.getClassName().equals(t.getClass().getName())) {
                        at = e;
                        break;
                    }
                }
                out.append(" at ").append(at.getClassName()).append('.').append(at.getMethodName())
                        .append(':').append(at.getLineNumber());
            }
        }
        return out.toString();
    }

    private static String keyOf(Kind kind, Throwable t) {
        if (kind == Kind.SYNC) {
            return "sync.reason." + ((SyncException) t).reason().name();
        }
        return kind.key;
    }

}
