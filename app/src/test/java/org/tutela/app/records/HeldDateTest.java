package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.print.FormContent;
import org.tutela.app.print.PrintItems;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.Vault;

/**
 * A tutorial planned for one day and held on another is the day it was held: stored, listed,
 * counted for the next review and printed with it, through the real vault file and after the
 * vault is opened again.
 */
class HeldDateTest {
    private static final char[] PASS = "invented held date passphrase".toCharArray();
    /** Held on 6 Dec 2026, planned for 28 Feb 2027. */
    private final LocalDate heldDay = LocalDate.of(2026, 12, 6);
    private final LocalDate plannedDay = LocalDate.of(2027, 2, 28);
    private final Clock clock = Clock.fixed(heldDay.atTime(11, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aTutorialHeldEarlyIsTheDayItWasHeldEverywhere() {
        Path file = dir.resolve("held.vault");
        Learner learner;
        Group group;
        Tutorial planned;
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            Caseload c = Caseload.load(v.records(), AcademicCalendar.standard(), clock);
            group = c.save(Group.create("Motor Vehicle L2 B", "MV apprenticeship", "Quillbrook Garages (invented)",
                    "Orla Vexmoor", ReviewFrequency.termly()));
            learner = c.save(Learner.builder().givenName("Ilsabet").familyName("Mournwhistle").group(group.id())
                    .startDate(heldDay.minusMonths(2)).build());
            planned = c.saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), group.id(), "Orla Vexmoor",
                    TutorialPlan.on(plannedDay, LocalTime.of(10, 0), "Room 4")));

            Tutorial held = c.hold(planned.id(), c.today());
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
            Tutorial corrected = c.saveTutorial(c.tutorial(planned.id()).orElseThrow().withHeldOn(heldDay.minusDays(1)));
            assertEquals(heldDay.minusDays(1), c.tutorial(planned.id()).orElseThrow().date());
            Tutorial signed = c.saveTutorial(corrected.signByLearner(Signature.typed("Ilsabet Mournwhistle", heldDay)));
            assertThrows(IllegalArgumentException.class, () -> signed.withHeldOn(heldDay.plusDays(1)),
                    "never held after it was signed");
            assertThrows(IllegalArgumentException.class,
                    () -> corrected.withHeldOn(heldDay.plusDays(3)).signByTutor(Signature.typed("Orla Vexmoor", heldDay)),
                    "never signed before it was held");
            assertEquals(List.of(heldDay.minusDays(1)), c.tutorialSummariesOf(learner.id()).stream().map(t -> t.date()).toList());
        }
    }
}
