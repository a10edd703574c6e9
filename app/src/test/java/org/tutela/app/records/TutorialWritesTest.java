package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialLockedException;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.print.FormContent;
import org.tutela.app.print.PrintItems;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.Vault;

/** Tutorials, targets, concerns and signposting as the tutor records them ({@link TutorialWrites}). */
class TutorialWritesTest {
    private static final char[] PASS = "invented held date passphrase".toCharArray();
    /** Held on 6 Dec 2026, planned for 28 Feb 2027. */
    private final LocalDate heldDay = LocalDate.of(2026, 12, 6);
    private final LocalDate plannedDay = LocalDate.of(2027, 2, 28);
    private final Clock clock = Clock.fixed(heldDay.atTime(11, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /**
     * A tutorial planned for one day and held on another is the day it was held: stored, listed,
     * counted for the next review and printed with it, through the real vault file and after the
     * vault is opened again.
     */
    @Test
    void aTutorialHeldEarlyIsTheDayItWasHeldEverywhere() {
        Path file = dir.resolve("held.vault");
        Learner learner;
        Group group;
        Tutorial planned;
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            Caseload c = Caseload.load(v.records(), AcademicCalendar.standard(), clock);
            group = c.learnerWrites().save(Group.create("Motor Vehicle L2 B", "MV apprenticeship", "Quillbrook Garages (invented)",
                    "Orla Vexmoor", ReviewFrequency.termly()));
            learner = c.learnerWrites().save(Learner.builder().givenName("Ilsabet").familyName("Mournwhistle").group(group.id())
                    .startDate(heldDay.minusMonths(2)).build());
            planned = c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), group.id(), "Orla Vexmoor",
                    TutorialPlan.on(plannedDay, LocalTime.of(10, 0), "Room 4")));

            Tutorial held = c.tutorialWrites().hold(planned.id(), c.today());
            assertEquals(heldDay, held.date(), "held today, not on the planned day");
            assertEquals(plannedDay, held.plannedDate(), "the plan is kept as it was");
            assertEquals(heldDay, c.tutorialSummariesOf(learner.id()).get(0).date(), "listed on the day it was held");
            assertEquals(heldDay, c.reviewDue(learner.id(), c.today()).lastHeld());
            FormContent printed = (FormContent) PrintItems.of(held, learner, group);
            assertEquals(heldDay, printed.extras().date(), "printed with the day it was held");
        }
        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload c = Caseload.load(v.records(), AcademicCalendar.standard(), clock);
            LearnerRow row = c.rows("mournwhistle", java.util.Set.of(), null, c.today()).get(0);
            assertEquals(heldDay, row.lastTutorialHeld(), "\"Last tutorial\" on the caseload, read back from the file");
            LocalDate due = c.reviewDue(learner.id(), c.today()).dueBy();
            assertEquals(ReviewFrequency.termly().dueAfter(heldDay, AcademicCalendar.standard()), due,
                    "the next review counts from the day it was held");

            // Written up a day late: the held day is corrected, and stays before its signatures.
            Tutorial corrected = c.tutorialWrites().saveTutorial(c.tutorial(planned.id()).orElseThrow().withHeldOn(heldDay.minusDays(1)));
            assertEquals(heldDay.minusDays(1), c.tutorial(planned.id()).orElseThrow().date());
            Tutorial signed = c.tutorialWrites().saveTutorial(corrected.signByLearner(Signature.typed("Ilsabet Mournwhistle", heldDay)));
            assertThrows(IllegalArgumentException.class, () -> signed.withHeldOn(heldDay.plusDays(1)),
                    "never held after it was signed");
            assertThrows(IllegalArgumentException.class,
                    () -> corrected.withHeldOn(heldDay.plusDays(3)).signByTutor(Signature.typed("Orla Vexmoor", heldDay)),
                    "never signed before it was held");
            assertEquals(List.of(heldDay.minusDays(1)), c.tutorialSummariesOf(learner.id()).stream().map(t -> t.date()).toList());
        }
    }

    /** A caseload in memory with one learner in one group, on {@link #heldDay}. */
    private Caseload withOneLearner(MemoryRecordStore store) {
        Caseload c = Caseload.load(store, AcademicCalendar.standard(), clock);
        Group g = c.learnerWrites().save(Group.create("Catering L2 A", "Professional cookery", "Tarrow Vale Kitchens (invented)", "T",
                ReviewFrequency.everyWeeks(8)));
        c.learnerWrites().save(Learner.builder().givenName("Zoë").familyName("Blenwick").group(g.id()).startDate(heldDay.minusMonths(3))
                .build());
        return c;
    }

    @Test
    void markedHeldWithoutHoldStillFreezesASnapshot() {
        Caseload caseload = withOneLearner(new MemoryRecordStore());
        Learner zoe = caseload.learners().get(0);
        assertEquals(null, caseload.row(zoe.id(), heldDay).lastTutorialHeld());
        Tutorial t = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.INFORMAL_SUPPORT, zoe.id(), zoe.primaryGroupId(), "T",
                TutorialPlan.on(heldDay, null, null)).withOutcome(TutorialOutcome.HELD, null));
        assertEquals(heldDay, t.snapshot().asOf());
        assertEquals("Zoë Blenwick", caseload.tutorial(t.id()).orElseThrow().snapshot().header().learnerName());
        // the caseload line shows it at once
        assertEquals(heldDay, caseload.row(zoe.id(), heldDay).lastTutorialHeld());
    }

    @Test
    void aTutorialNotSignedIsDeletedEverywhereAndASignedOneIsKept() {
        MemoryRecordStore store = new MemoryRecordStore();
        Caseload c = withOneLearner(store);
        Learner zoe = c.learners().get(0);
        Tutorial mistake = c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.MENTORING_MEETING, zoe.id(), null, "T",
                TutorialPlan.on(heldDay.plusDays(7), LocalTime.NOON, "Room 2")));
        c.tutorialWrites().deleteTutorial(mistake.id());
        assertEquals(List.of(), c.tutorialSummariesOf(zoe.id()));
        assertTrue(store.get(mistake.id()).orElseThrow().deleted(), "gone from the vault too, as a tombstone for sync");
        assertTrue(Caseload.load(store).tutorial(mistake.id()).isEmpty());

        Tutorial held = c.tutorialWrites().hold(c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, zoe.id(),
                zoe.primaryGroupId(), "T", TutorialPlan.on(heldDay, null, null))).id(), heldDay);
        Tutorial signed = c.tutorialWrites().saveTutorial(held.signByLearner(Signature.typed("Zoë Blenwick", heldDay))
                .signByTutor(Signature.typed("T", heldDay)));
        assertThrows(TutorialLockedException.class, () -> c.tutorialWrites().deleteTutorial(signed.id()));
        assertEquals(List.of(signed.id()), Caseload.load(store).tutorialSummariesOf(zoe.id()).stream().map(t -> t.id()).toList());
    }

    @Test
    void aSafeguardingConcernIsWrittenUrgentAndAServiceLeavesTheListWhenDeleted() {
        MemoryRecordStore store = new MemoryRecordStore();
        Caseload c = withOneLearner(store);
        Learner zoe = c.learners().get(0);
        Concern worry = c.tutorialWrites().save(Concern.raise(zoe.id(), ConcernCategory.SAFEGUARDING, heldDay, "T",
                "Invented worry for the test"));
        assertTrue(store.pendingOutbox(100).stream().anyMatch(e -> e.recordId().equals(worry.id()) && e.urgent()),
                "a safeguarding concern syncs first");
        assertEquals(List.of(worry), Caseload.load(store).concernsOf(zoe.id()));

        SignpostingService drop = c.tutorialWrites().save(new SignpostingService(java.util.UUID.randomUUID(), "Study skills drop-in",
                "Help with assignments", "Library (invented)"));
        assertEquals(List.of(drop), c.signposting());
        c.tutorialWrites().deleteSignposting(drop.id());
        assertEquals(List.of(), c.signposting());
        assertEquals(List.of(), Caseload.load(store).signposting());
    }

}
