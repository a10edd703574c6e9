package org.tutela.app.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tutela.app.confidential.WrongConfidentialPasswordException;
import org.tutela.app.domain.AmendmentNeedsReasonException;
import org.tutela.app.domain.HeldAfterSigningException;
import org.tutela.app.domain.TutorialLockedException;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.records.LearnerHasRecordsException;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.vault.DamagedRecordException;
import org.tutela.app.vault.VaultDamagedException;
import org.tutela.app.vault.VaultException;
import org.tutela.app.vault.VaultHeaderDamagedException;
import org.tutela.app.vault.VaultInUseException;
import org.tutela.app.vault.WrongPassphraseException;

/** The failure mapper: exception types to the bundle's words, the cause logged without its message. */
class FailuresTest {
    /** An invented learner's name, as a message from deep inside might carry it. */
    private static final String CANARY = "Zorvane Pettlebright";

    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void listen() {
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(Failures.class)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Failures.class)).detachAppender(log);
    }

    @Test
    void eachTypeThatMeansSomethingToTheTutorHasItsOwnWords() {
        assertKind(Failures.Kind.WRONG_PASSPHRASE, "unlock.wrongPassphrase", new WrongPassphraseException());
        assertKind(Failures.Kind.VAULT_IN_USE, "unlock.inUse", new VaultInUseException(Path.of("v.tutela")));
        assertKind(Failures.Kind.VAULT_HEADER_DAMAGED, "unlock.headerDamaged", new VaultHeaderDamagedException(Path.of("v.tutela")));
        assertKind(Failures.Kind.VAULT_DAMAGED, "unlock.damaged", new VaultDamagedException(Path.of("v.tutela"), CANARY, null));
        assertKind(Failures.Kind.VAULT_FROM_NEWER_VERSION, "unlock.newerVersion",
                new org.tutela.app.vault.VaultFromNewerVersionException(Path.of("v.tutela"), 9));
        assertKind(Failures.Kind.RECORD_DAMAGED, "failure.recordDamaged", new DamagedRecordException(UUID.randomUUID(), null));
        assertKind(Failures.Kind.VAULT, "failure.vault", new VaultException("The vault is locked"));
        assertKind(Failures.Kind.LEARNER_HAS_RECORDS, "failure.learnerHasRecords", new LearnerHasRecordsException());
        assertKind(Failures.Kind.AMENDMENT_NEEDS_REASON, "form.amendNeedsReason", new AmendmentNeedsReasonException());
        assertKind(Failures.Kind.TUTORIAL_LOCKED, "form.lockedRefused", new TutorialLockedException(TutorialLockedException.LOCKED));
        assertKind(Failures.Kind.HELD_AFTER_SIGNING, "failure.heldAfterSigning", new HeldAfterSigningException());
        assertKind(Failures.Kind.FILE, "failure.file", new UncheckedIOException(new IOException(CANARY)));
        assertKind(Failures.Kind.INVALID, "failure.invalid", new IllegalArgumentException(CANARY));
        assertKind(Failures.Kind.UNEXPECTED, "failure.unexpected", new IllegalStateException(CANARY));
        assertKind(Failures.Kind.SYNC, "sync.reason.OFFLINE", new SyncException(SyncException.Reason.OFFLINE, null));
        assertKind(Failures.Kind.NO_PRINTER, "failure.noPrinter", PdfPrinter.PrintFailedException.noPrinter());
        assertKind(Failures.Kind.PRINTER, "failure.printer", new PdfPrinter.PrintFailedException("lp: " + CANARY, null));
    }

    @Test
    void theWordsComeFromTheBundleWithTheExceptionsFieldsNeverItsMessage() {
        String damaged = Failures.text(new VaultDamagedException(Path.of("profiles", "default.tutela"), CANARY, null));
        assertEquals(Messages.get("unlock.damaged", Path.of("profiles", "default.tutela").toString()), damaged);
        assertFalse(damaged.contains(CANARY));
        assertEquals(Messages.get("failure.wrongConfidentialPassword", 3L),
                Failures.text(new WrongConfidentialPasswordException(2, Duration.ofMillis(2_100))), "seconds rounded up");
        assertEquals(Messages.get("failure.unexpected"), Failures.text(new IllegalStateException(CANARY)));
        assertEquals("Check the date.", Failures.text(new Problem("Check the date.")), "a screen's own problem is said as it is");
    }

    @Test
    void theTypeIsFoundAlongTheCauseChain() {
        Throwable wrapped = new ExecutionException(new RuntimeException(new WrongPassphraseException()));
        assertEquals(Failures.Kind.WRONG_PASSPHRASE, Failures.of(wrapped).kind());
        // the outermost type that means something wins over what it wraps
        Throwable sync = new SyncException(SyncException.Reason.OFFLINE, null, new IOException("Connection refused"));
        assertEquals(Failures.Kind.SYNC, Failures.of(sync).kind());
    }

    @Test
    void aScreenKeepsItsOwnWordsForWhatIsNotKnown() {
        assertEquals(Messages.get("common.saveFailed"), Failures.text(new IllegalStateException(CANARY), "common.saveFailed"));
        assertEquals(Messages.get("form.lockedRefused"),
                Failures.text(new TutorialLockedException(TutorialLockedException.LOCKED), "common.saveFailed"));
    }

    @Test
    void theLogNamesTheTypesAndWhereButNeverTheMessage() {
        Failures.text(new IllegalStateException("Could not save " + CANARY, new IOException(CANARY + "'s file")));
        Failures.log("saving the settings", new RuntimeException(CANARY));
        assertEquals(2, log.list.size());
        for (ILoggingEvent e : log.list) {
            String line = e.getFormattedMessage();
            assertFalse(line.contains(CANARY), line);
            assertTrue(e.getThrowableProxy() == null, "no stack trace with messages");
        }
        String first = log.list.get(0).getFormattedMessage();
        assertTrue(first.contains("java.lang.IllegalStateException at org.tutela.app.ui.common.FailuresTest"), first);
        assertTrue(first.contains("<- java.io.IOException"), first);
    }

    @Test
    void headOfficesRefusalShowsItsCodeAndRequestNeverItsEnglishWords() {
        String english = "The batch holds more than 500 entries " + CANARY;
        String refused = Failures.text(SyncException.refused("BATCH_TOO_LARGE", "req-7f3a", english, null));
        assertTrue(refused.contains("BATCH_TOO_LARGE") && refused.contains("req-7f3a"), refused);
        assertFalse(refused.contains("500 entries") || refused.contains(CANARY), refused);
        String versions = Failures.text(SyncException.versionMismatch("[2]/[1]", "1/1"));
        assertTrue(versions.contains("[2]/[1]") && versions.contains("1/1"), versions);
        for (SyncException.Reason reason : SyncException.Reason.values()) {
            String text = Failures.text(new SyncException(reason, english));
            assertFalse(text.contains("500 entries") || text.contains("{"), reason + ": " + text);
        }
    }

    @Test
    void everyKindsKeyIsInTheBundle() {
        for (Failures.Kind kind : Failures.Kind.values()) {
            if (kind.key() != null) {
                assertTrue(Messages.has(kind.key()), kind.name() + ": " + kind.key());
            }
        }
        for (SyncException.Reason reason : SyncException.Reason.values()) {
            assertTrue(Messages.has("sync.reason." + reason.name()), reason.name());
        }
    }

    private static void assertKind(Failures.Kind kind, String key, Throwable failure) {
        Failures.Failure mapped = Failures.of(failure);
        assertEquals(kind, mapped.kind(), failure.getClass().getName());
        assertEquals(key, mapped.key(), failure.getClass().getName());
        assertTrue(Messages.has(key), key);
        assertFalse(mapped.text().isBlank());
    }
}
