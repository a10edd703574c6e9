package org.tutela.app.confidential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tutela.app.records.RecordKind;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.WriteOptions;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;

/** Invented people and a settable clock for the confidential-tutorial tests (also used by the UI tests). */
public final class ConfidentialFixtures {
    public static final String CANARY = "Obadiah Fernsworth told me about the caravan";
    public static final String PASSWORD = "lantern quarry meadow 42";
    public static final String OTHER_PASSWORD = "orchard tram violet 77";

    private ConfidentialFixtures() {
    }

    public static Tutorial tutorial() {
        LocalDate on = LocalDate.of(2026, 3, 4);
        return Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, UUID.randomUUID(), null, "Tutor Bexamund",
                        TutorialPlan.on(on, LocalTime.of(10, 0), "Room 4 (invented)"))
                .withOutcome(TutorialOutcome.HELD, null)
                .withForm(TutorialForm.builder().comments(CANARY).learnerComments("Zephyrine Quallick said she felt heard")
                        .tutorComments("Follow up gently").addNewTarget(NewTarget.of("Visit the learning mentor", on.plusDays(14)))
                        .agreedActions("Meet again in a fortnight").build());
    }

    /**
     * Writes another tutor's name on a sealed tutorial's stored envelope, as tampering would: its
     * content no longer authenticates.
     */
    public static void alterEnvelopeHeader(RecordStore store, UUID tutorialId) {
        SealedEnvelope envelope = Sealing.fromJson(store.get(tutorialId).orElseThrow().body());
        SealedEnvelope.Header h = envelope.header();
        SealedEnvelope altered = new SealedEnvelope(envelope.format(), envelope.version(),
                new SealedEnvelope.Header(h.envelopeId(), h.learnerId(), h.groupId(), "Tutor Orulak", h.date(), h.tutorialKind(),
                        h.outcome(), h.label(), h.sealedAt()), envelope.content(), envelope.passwordWrap(), envelope.escrowWrap());
        store.save(RecordKind.TUTORIAL.name(), tutorialId, Sealing.toJson(altered), WriteOptions.SEALED);
    }

    /** A clock the test moves by hand. */
    public static final class MutableClock extends Clock {
        private Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A sleeper that records each wait and moves the clock on instead of sleeping. */
    public static final class RecordingSleeper implements Sleeper {
        public final List<Duration> waits = new ArrayList<>();
        private final MutableClock clock;

        public RecordingSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
            clock.advance(duration);
        }
    }
}
