package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Contact;
import org.tutela.app.domain.ContactKind;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.TargetStatus;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialLockedException;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/** The caseload through the real encrypted vault file: saved, locked, reopened, the same. */
class CaseloadVaultTest {
    private static final char[] PASS = "invented test passphrase".toCharArray();
    private final LocalDate day = LocalDate.of(2025, 10, 1);
    private final Clock clock = Clock.fixed(Instant.parse("2025-10-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Caseload load(Vault v) {
        return Caseload.load(v.records(), AcademicCalendar.standard(), clock);
    }

    @Test
    void everyFieldSurvivesTheRoundTripThroughTheVaultFile() {
        Path file = dir.resolve("tutor.vault");
        Learner learner;
        Tutorial signed;
        Concern urgent;
        Group group;
        SignpostingService counselling;
        NewTarget newTarget = NewTarget.of("Finish the unit 2 log", day.plusDays(28));
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            Caseload c = load(v);
            counselling = c.tutorialWrites().save(SignpostingService.create("Learner counselling (invented)", "Counselling", "Ext 1"));
            group = c.learnerWrites().save(Group.create("Motor Vehicle L2 A", "MV apprenticeship", "Quillbrook Garages (invented)",
                    "Orla Vexmoor", ReviewFrequency.everyWeeks(12)).withEntitlementOverride(new Entitlement(5, 6)));
            learner = c.learnerWrites().save(Learner.builder().givenName("Renée").familyName("Trellstead").preferredName("Ren")
                    .dateOfBirth(LocalDate.of(2008, 3, 4)).uln("9276308686").ilrReference("ILR-0000042")
                    .schoolOrEmployer("Quillbrook Garages (invented)").course("Motor vehicle").yearOfCourse(1)
                    .courseTutor("Orla Vexmoor").formTutor("Pell Strangways").levelWorkingTowards("Level 2")
                    .addContact(new Contact(ContactKind.PARENT_CARER, "Kessana Trellstead", "Mother", "07700 900001",
                            "k.t@example.invalid"))
                    .flag(LearnerFlag.VULNERABLE, true).flag(LearnerFlag.ADDITIONAL_SUPPORT, true)
                    .group(group.id()).startDate(LocalDate.of(2025, 9, 1)).attendance(new Attendance(30, 1))
                    .punctuality(Punctuality.EXCELLENT).build());
            Tutorial planned = c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), group.id(),
                    "Orla Vexmoor", TutorialPlan.on(day, LocalTime.of(10, 30), "Site office")).learnerNotified(day.minusDays(8)));
            Tutorial held = c.tutorialWrites().hold(planned.id(), day);
            assertTrue(held.draft());
            held = held.withForm(held.form().toBuilder().onTargetToAchieve(true).comments("Good start")
                    .learnerComments("Enjoying it").tutorComments("Well done").addNewTarget(newTarget)
                    .agreedActions("Bring the log next time").nextTutorialDate(day.plusWeeks(12))
                    .copyTo(CopyRecipient.STUDENT, true).copyTo(CopyRecipient.EMPLOYER, true).build());
            c.tutorialWrites().saveDraft(held);
            signed = c.tutorialWrites().saveTutorial(held.signByLearner(Signature.drawn("Renée Trellstead", List.of(new Signature.Stroke(
                    List.of(new Signature.Point(0.1f, 0.2f), new Signature.Point(0.3f, 0.25f)))), day))
                    .signByTutor(Signature.typed("Orla Vexmoor", day)));
            urgent = c.tutorialWrites().save(Concern.raise(learner.id(), ConcernCategory.SAFEGUARDING, day, "Orla Vexmoor",
                    "Invented test concern").referTo(counselling.id(), null, day)
                    .followUp(new Concern.FollowUp(day.plusDays(1), "Spoke to the DSO", "Orla Vexmoor")));
            c.tutorialWrites().save(Concern.raise(learner.id(), ConcernCategory.FINANCE, day, "Orla Vexmoor", "Bus fares"));
            assertEquals(1, c.openTargets(learner.id()).size());

            List<OutboxEntry> outbox = v.records().pendingOutbox(100);
            assertEquals(urgent.id(), outbox.get(0).recordId());
            assertTrue(outbox.get(0).urgent());
        }

        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload c = load(v);
            assertTrue(c.damaged().isEmpty());
            assertEquals(learner, c.learner(learner.id()).orElseThrow());
            assertEquals(group, c.group(group.id()).orElseThrow());
            assertEquals(signed, c.tutorial(signed.id()).orElseThrow());
            assertEquals(urgent, c.concern(urgent.id()).orElseThrow());
            assertEquals(List.of(counselling), c.signposting());
            assertEquals(2, c.concernsOf(learner.id()).size());
            assertEquals(urgent.id(), c.openConcerns().get(0).id());
            Tutorial t = c.tutorial(signed.id()).orElseThrow();
            assertTrue(t.locked());
            assertEquals(new Attendance(30, 1), t.snapshot().attendance());
            assertEquals("Renée Trellstead", t.snapshot().header().learnerName());
            assertEquals(newTarget.targetId(), c.openTargets(learner.id()).get(0).id());
            assertEquals(signed.id(), c.openTargets(learner.id()).get(0).setInTutorialId());
            assertEquals(1, c.entitlement(learner.id(), org.tutela.app.domain.AcademicYear.of(day)).reviewsHeld());
            assertEquals(new Entitlement(5, 6), c.entitlement(learner.id(), org.tutela.app.domain.AcademicYear.of(day)).entitlement());

            // opening a signed form again gives it as it is
            assertEquals(t, c.tutorialWrites().hold(t.id(), day.plusDays(3)));
            // locked: a plain save of a change is refused and nothing is written
            Tutorial changed = t.toBuilder().form(t.form().toBuilder().comments("Changed").build()).build();
            assertThrows(TutorialLockedException.class, () -> c.tutorialWrites().saveTutorial(changed));
            assertThrows(TutorialLockedException.class, () -> c.tutorialWrites().amendTutorial(changed, "Orla Vexmoor", ""));
            assertThrows(TutorialLockedException.class, () -> c.tutorialWrites().deleteTutorial(t.id()));
            Tutorial amended = c.tutorialWrites().amendTutorial(changed, "Orla Vexmoor", "Comment was incomplete");
            assertEquals(1, amended.history().size());
            assertEquals(Instant.parse("2025-10-02T10:00:00Z"), amended.history().get(0).when());

            // the next tutorial lists the open target; met, it closes
            Tutorial next = c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), group.id(),
                    "Orla Vexmoor", TutorialPlan.on(day.plusWeeks(12), null, null)));
            Tutorial nextHeld = c.tutorialWrites().hold(next.id(), day.plusWeeks(12));
            assertEquals(newTarget.targetId(), nextHeld.form().previousTargets().get(0).targetId());
            c.tutorialWrites().saveTutorial(nextHeld.withForm(nextHeld.form().toBuilder().previousTargets(List.of(
                    nextHeld.form().previousTargets().get(0).answered(true, null, false))).build()));
            assertTrue(c.openTargets(learner.id()).isEmpty());
        }

        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload c = load(v);
            Tutorial t = c.tutorial(signed.id()).orElseThrow();
            assertEquals("Changed", t.form().comments());
            assertEquals("Comment was incomplete", t.history().get(0).reason());
            assertEquals(signed, t.history().get(0).previousVersion());
            assertEquals(TargetStatus.MET, c.target(newTarget.targetId()).orElseThrow().status());
            assertEquals(2, c.tutorialsOf(learner.id()).size());
        }
    }
}
