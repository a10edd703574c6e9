package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.ConcernStatus;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.ReviewDue;
import org.tutela.app.domain.TargetStatus;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.ui.caseload.CaseloadViewModel;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.concern.ConcernViewModel;
import org.tutela.app.ui.concern.SignpostingViewModel;
import org.tutela.app.ui.learner.LearnerViewModel;
import org.tutela.app.ui.summary.SummaryViewModel;
import org.tutela.app.ui.tutorial.PlanTutorialViewModel;
import org.tutela.app.ui.tutorial.TutorialFormViewModel;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/** The screens' view models without a toolkit: a real vault, the records layer, work run inline. */
class ScreenModelsTest {
    private Path dir;
    private Vault vault;
    private Caseload caseload;
    private UiFixtures.Seeded seeded;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("tutela-models");
        vault = Vault.create(dir.resolve("v.tutela"), UiFixtures.PASSPHRASE.toCharArray(), Argon2Params.FLOOR);
        seeded = UiFixtures.seed(vault, new DemoCaseload.Scale(4, 6, 2, 0));
        caseload = Caseload.load(vault.records());
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    private CaseloadViewModel loadedCaseload() {
        CaseloadViewModel m = new CaseloadViewModel(TaskRunner.INLINE);
        boolean[] shown = {false};
        m.load(() -> Caseload.load(vault.records()), () -> shown[0] = true);
        assertTrue(shown[0]);
        return m;
    }

    @Test
    void searchAsYouTypeGroupsAndFilters() {
        CaseloadViewModel m = loadedCaseload();
        int all = m.rows().size();
        assertEquals(caseload.learners().size(), all, "every learner shows with no search");
        assertEquals("", m.damagedWarningProperty().get());
        assertEquals(5, m.groups().size(), "all groups, then each group");

        m.queryProperty().set("quorth");
        assertEquals(1, m.rows().size());
        assertEquals("Yavima Quorthwick", m.rows().get(0).learner().displayName());
        assertNotNull(m.rows().get(0).lastTutorialHeld(), "the last tutorial held shows");
        m.queryProperty().set("9276308686");
        assertEquals(1, m.rows().size(), "search by ULN");

        m.queryProperty().set("");
        m.atRiskProperty().set(true);
        assertFalse(m.rows().isEmpty());
        assertTrue(m.rows().stream().allMatch(r -> r.learner().flagged(LearnerFlag.AT_RISK_OF_DROP_OUT)));
        m.atRiskProperty().set(false);
        m.reviewOverdueProperty().set(true);
        assertTrue(m.rows().stream().allMatch(r -> r.review().state() == ReviewDue.State.OVERDUE));
        m.reviewOverdueProperty().set(false);
        m.pastoralProperty().set(true);
        assertTrue(m.rows().stream().allMatch(r -> r.learner().flagged(LearnerFlag.OPEN_TO_PASTORAL_TEAM)));
        m.clearFilters();

        m.selectedGroupProperty().set(m.groups().get(2));
        assertTrue(m.rows().stream().allMatch(r -> r.learner().groupIds().contains(m.groups().get(2).id())));
        assertTrue(m.countProperty().get().startsWith("Showing " + m.rows().size() + " of " + all));
    }

    @Test
    void damagedRecordsAreNamedAndTheRestOpens() {
        vault.records().save(org.tutela.app.records.RecordKind.LEARNER.name(), java.util.UUID.randomUUID(),
                "not a learner".getBytes(java.nio.charset.StandardCharsets.UTF_8), org.tutela.app.vault.WriteOptions.NORMAL);
        CaseloadViewModel m = loadedCaseload();
        assertTrue(m.damagedWarningProperty().get().startsWith("One record could not be opened because it is damaged (learner "), m.damagedWarningProperty().get());
        assertEquals(caseload.learners().size(), m.rows().size(), "everything else is here");
    }

    @Test
    void learnerShowsTimelineTargetsAndOnlyTheEnvelopeOfAConfidentialTutorial() {
        LearnerViewModel m = new LearnerViewModel(caseload, seeded.learnerId());
        assertEquals("Yavima Quorthwick", m.name());
        assertEquals(List.of(LearnerFlag.AT_RISK_OF_DROP_OUT, LearnerFlag.OPEN_TO_PASTORAL_TEAM), m.flags());
        assertTrue(m.openTargets().get(0).startsWith(UiFixtures.TARGET_TEXT));
        assertEquals(2, m.contacts().size());
        LearnerViewModel.Entry envelope = m.timeline().stream().filter(LearnerViewModel.Entry::confidential).findFirst().orElseThrow();
        assertEquals("Confidential tutorial", envelope.what());
        assertTrue(envelope.detail().contains("Yavima Quorthwick") && envelope.detail().contains("Orla Vexmoor"));
        assertTrue(m.timeline().stream().noneMatch(e -> e.toString().contains(UiFixtures.CONFIDENTIAL_COMMENT)));
    }

    @Test
    void planRemindsToTellTheLearnerAWeekAheadAndMarksChangedArrangements() {
        PlanTutorialViewModel m = new PlanTutorialViewModel(caseload, TaskRunner.INLINE, seeded.learnerId(), null, UiFixtures.TUTOR);
        LocalDate today = caseload.today();
        assertFalse(m.date().value().isBefore(today.plusDays(7)), "suggests a day at least a week ahead");
        assertTrue(m.dueInfo().startsWith("Review due by"));
        m.timeProperty().set("25:99");
        assertEquals("Type the time as hours and minutes, for example 14:30.", m.timeProblemProperty().get());
        m.save(t -> fail("a time that is not one is not saved"));
        assertTrue(m.showProblemsProperty().get(), "the refused save shows the problem beside its box");
        m.timeProperty().set("1030");
        m.locationProperty().set("Room 4");
        m.date().set(today.plusDays(10));
        assertTrue(m.canSaveProperty().get());
        assertTrue(m.noticeAdviceProperty().get().contains("Tell the learner"));
        assertTrue(m.noticeTextProperty().get().contains("Yavima") && m.noticeTextProperty().get().contains("10:30")
                && m.noticeTextProperty().get().contains("Room 4"));
        m.learnerToldProperty().set(true);
        Tutorial[] saved = new Tutorial[1];
        m.save(t -> saved[0] = t);
        assertEquals(TutorialOutcome.PLANNED, caseload.tutorial(saved[0].id()).orElseThrow().outcome());
        assertNotNull(saved[0].plan().learnerNotifiedOn());

        PlanTutorialViewModel again = new PlanTutorialViewModel(caseload, TaskRunner.INLINE, seeded.learnerId(), saved[0].id(), UiFixtures.TUTOR);
        assertEquals("", again.changeWarningProperty().get());
        again.learnerToldProperty().set(false);
        again.locationProperty().set("Workshop office");
        assertTrue(again.changeWarningProperty().get().contains("tell them at once"));
        again.save(t -> saved[0] = t);
        assertTrue(caseload.tutorial(saved[0].id()).orElseThrow().plan().arrangementsChanged());

        PlanTutorialViewModel late = new PlanTutorialViewModel(caseload, TaskRunner.INLINE, seeded.learnerId(), null, UiFixtures.TUTOR);
        late.date().set(today.plusDays(2));
        assertTrue(late.noticeAdviceProperty().get().startsWith("Less than a week"));
    }

    @Test
    void formHoldsFillsDraftsSignsLocksAndAmendsWithAReason() {
        PlanTutorialViewModel plan = new PlanTutorialViewModel(caseload, TaskRunner.INLINE, seeded.learnerId(), null, UiFixtures.TUTOR);
        plan.date().set(caseload.today());
        Tutorial[] planned = new Tutorial[1];
        plan.save(t -> planned[0] = t);

        TutorialFormViewModel m = new TutorialFormViewModel(caseload, TaskRunner.INLINE, planned[0], "Orla Vexmoor", false);
        assertFalse(m.editableProperty().get(), "a planned tutorial is held before its form is filled");
        m.hold();
        assertTrue(m.heldProperty().get());
        assertEquals("40", m.lessonsProperty().get(), "attendance known today is frozen in");
        assertEquals(Punctuality.GOOD, m.punctualityProperty().get());
        assertEquals(1, m.previousTargets().size(), "the open target is offered for review");
        assertTrue(m.previousTargets().get(0).text().startsWith(UiFixtures.TARGET_TEXT));
        assertEquals("Yavima Quorthwick", m.header().learnerName());

        m.absencesProperty().set("41");
        assertEquals("There cannot be more absences than lessons.", m.absencesProblemProperty().get(), "said beside the box at once");
        m.saveDraft();
        assertTrue(m.statusProperty().get().startsWith("Not saved"));
        assertTrue(caseload.tutorial(planned[0].id()).orElseThrow().form().attendance().absences() != 41);
        m.absencesProperty().set("4");
        m.commentsProperty().set("Practical work is strong.");
        m.onTargetProperty().set(Boolean.TRUE);
        m.previousTargets().get(0).metProperty().set(Boolean.FALSE);
        m.previousTargets().get(0).whyNotProperty().set("Off sick for a week");
        m.addNewTarget();
        m.newTargets().get(0).textProperty().set("Finish the brake log by Friday");
        m.newTargets().get(0).byWhen().set(caseload.today().plusWeeks(2));
        m.copyProperty(CopyRecipient.STUDENT).set(true);
        assertTrue(m.dirtyProperty().get());
        m.saveDraft();
        assertFalse(m.dirtyProperty().get());
        Tutorial stored = caseload.tutorial(planned[0].id()).orElseThrow();
        assertEquals("Practical work is strong.", stored.form().comments(), "the draft is in the vault");
        assertTrue(stored.draft());
        assertEquals(TargetStatus.CARRIED, caseload.target(seeded.targetId()).orElseThrow().status(), "not met: carried forward");

        m.signAsLearner();
        assertEquals("Tick the declaration to sign.", m.learnerSignProblemProperty().get(), "said beside the learner's signature");
        m.learnerAgreesProperty().set(true);
        m.signAsLearner();
        assertFalse(m.lockedProperty().get());
        m.tutorAgreesProperty().set(true);
        m.signAsTutor();
        assertTrue(m.lockedProperty().get());
        assertFalse(m.editableProperty().get(), "a signed tutorial is locked");
        assertTrue(caseload.tutorial(planned[0].id()).orElseThrow().locked());

        m.startAmending();
        assertTrue(m.editableProperty().get());
        m.tutorCommentsProperty().set("Corrected: absences were 3.");
        m.amend("  ");
        assertEquals("Give a reason for amending a signed tutorial.", m.errorProperty().get());
        m.amend("Absences miscounted");
        Tutorial amended = caseload.tutorial(planned[0].id()).orElseThrow();
        assertEquals(1, amended.history().size());
        assertEquals("Absences miscounted", amended.history().get(0).reason());
        assertEquals(null, amended.history().get(0).previousVersion().form().tutorComments(), "the earlier version is kept");
        assertEquals("Corrected: absences were 3.", amended.form().tutorComments());
        assertTrue(amended.locked());
        assertEquals(1, m.history().size());

        TutorialFormViewModel earlier = new TutorialFormViewModel(caseload, TaskRunner.INLINE,
                amended.history().get(0).previousVersion(), "Orla Vexmoor", true);
        assertFalse(earlier.editableProperty().get(), "an earlier version is only shown");
    }

    @Test
    void concernsReferralsAndTheSignpostingList() {
        ConcernViewModel m = new ConcernViewModel(caseload, TaskRunner.INLINE, seeded.learnerId(), null, "Orla Vexmoor");
        m.save(c -> { });
        assertEquals("Choose what the concern is about.", m.categoryProblemProperty().get(), "said beside its box");
        assertTrue(caseload.concernsOf(seeded.learnerId()).isEmpty());
        m.categoryProperty().set(ConcernCategory.HOUSING);
        m.descriptionProperty().set("Sofa-surfing since the start of term.");
        m.serviceProperty().set(m.services().get(0));
        m.followUpProperty().set("Rang the housing drop-in");
        m.save(c -> { });
        assertEquals("", m.errorProperty().get());
        var saved = caseload.concernsOf(seeded.learnerId()).get(0);
        assertEquals(ConcernStatus.REFERRED, saved.status());
        assertEquals(m.services().get(0).id(), saved.referredToServiceId());
        assertEquals(1, saved.followUps().size());

        SignpostingViewModel s = new SignpostingViewModel(caseload, TaskRunner.INLINE);
        int before = s.services().size();
        s.apply();
        assertEquals("Give the service a name.", s.nameProblemProperty().get(), "said beside its box");
        s.nameProperty().set("Young carers group");
        s.whatForProperty().set("Support for learners who care for someone");
        s.contactProperty().set("Ext 2300 (invented)");
        s.apply();
        assertEquals(before + 1, caseload.signposting().size());
        s.remove(s.services().stream().filter(x -> x.name().equals("Young carers group")).findFirst().orElseThrow());
        assertEquals(before, caseload.signposting().size());
    }

    @Test
    void emptyBoxesLeaveNoStrayPunctuation() {
        PlanTutorialViewModel plan = new PlanTutorialViewModel(caseload, TaskRunner.INLINE, seeded.learnerId(), null, UiFixtures.TUTOR);
        LocalDate day = caseload.today().plusDays(12);
        plan.date().set(day); // no time, no place
        Tutorial[] saved = new Tutorial[1];
        plan.save(t -> saved[0] = t);
        TutorialFormViewModel form = new TutorialFormViewModel(caseload, TaskRunner.INLINE, saved[0], "Orla Vexmoor", false);
        assertEquals("Planned for " + org.tutela.app.ui.common.Formats.longDate(day) + ".", form.planText(), "not \"13:00, .\"");
        LearnerViewModel learner = new LearnerViewModel(caseload, seeded.learnerId());
        String detail = learner.timeline().stream().filter(e -> saved[0].id().equals(e.tutorialId())).findFirst().orElseThrow().detail();
        assertTrue(detail.startsWith("planned; tell the learner by"), detail);
        assertFalse(plan.dueInfo().contains(", )") || plan.dueInfo().contains("()"), plan.dueInfo());
        var seen = caseload.learner(seeded.learnerId()).orElseThrow();
        var noCourse = caseload.learnerWrites().save(new org.tutela.app.domain.Learner(java.util.UUID.randomUUID(), "Llŷr", "Cawrdŵr", null, null, null,
                null, null, null, null, null, null, null, null, null, null, seen.groupIds(), null, null, null));
        String subtitle = new LearnerViewModel(caseload, noCourse.id()).subtitle();
        assertFalse(subtitle.contains("\u00b7  \u00b7") || subtitle.endsWith(" ") || subtitle.startsWith(" "), subtitle);
        assertTrue(subtitle.endsWith(" \u00b7 active"), subtitle);
    }

    @Test
    void summaryCountsHeldAgainstEntitlementByGroup() {
        SummaryViewModel m = new SummaryViewModel(caseload, TaskRunner.INLINE);
        m.compute(() -> { });
        assertEquals(caseload.learners().size(), m.summaryProperty().get().totals().learners());
        assertEquals(4, m.bars().size());
        assertEquals(m.summaryProperty().get().totals().reviewsEntitled(),
                m.bars().stream().mapToInt(SummaryViewModel.GroupBar::reviewsEntitled).sum());
    }

    @Test
    void learnerEditRefusesAnInvalidUlnWithAMessageThatSaysWhy() {
        var noGroup = new org.tutela.app.ui.learner.LearnerEditViewModel(caseload, TaskRunner.INLINE, null, null);
        noGroup.givenNameProperty().set("Orulak");
        int learners = caseload.learners().size();
        noGroup.save(l -> fail("a learner is not added without a group"));
        assertEquals("Choose the learner's caseload group.", noGroup.groupProblemProperty().get());
        assertTrue(noGroup.showProblemsProperty().get(), "the refused save shows each problem beside its box");
        assertEquals(learners, caseload.learners().size());
        var m = new org.tutela.app.ui.learner.LearnerEditViewModel(caseload, TaskRunner.INLINE, null, caseload.groups().get(1));
        m.givenNameProperty().set("Orulak");
        m.familyNameProperty().set("Pimbleby");
        m.ulnProperty().set("9276308687");
        assertEquals("This ULN's check digit is wrong: check it against the learner's ILR.", m.ulnProblemProperty().get());
        assertFalse(m.canSaveProperty().get());
        m.ulnProperty().set("12345");
        assertEquals("A ULN has 10 digits.", m.ulnProblemProperty().get());
        m.ulnProperty().set("9276308686");
        assertEquals("", m.ulnProblemProperty().get());
        assertTrue(m.canSaveProperty().get());
        m.lessonsProperty().set("10");
        m.absencesProperty().set("12");
        assertEquals("There cannot be more absences than lessons.", m.absencesProblemProperty().get(), "beside the box, at once");
        m.save(l -> fail("not saved with a problem"));
        m.absencesProperty().set("1");
        m.flagProperty(LearnerFlag.VULNERABLE).set(true);
        org.tutela.app.domain.Learner[] saved = new org.tutela.app.domain.Learner[1];
        m.save(l -> saved[0] = l);
        var stored = caseload.learner(saved[0].id()).orElseThrow();
        assertEquals("9276308686", stored.uln().value());
        assertEquals(caseload.groups().get(1).id(), stored.primaryGroupId());
        assertTrue(stored.flagged(LearnerFlag.VULNERABLE));
        assertEquals(1, caseload.search("pimbleby", java.util.Set.of(), caseload.today()).size(), "found by search at once");
    }

    @Test
    void contactsAreAddedCheckedAndRemovedWhenEditingALearner() {
        var learner = caseload.learner(seeded.learnerId()).orElseThrow();
        int before = learner.contacts().size();
        var m = new org.tutela.app.ui.learner.LearnerEditViewModel(caseload, TaskRunner.INLINE, learner, null);
        assertEquals(before, m.contacts().size(), "the contacts on record are there to edit");
        var employer = m.addContact();
        employer.kindProperty().set(org.tutela.app.domain.ContactKind.EMPLOYER);
        employer.relationshipProperty().set("Line manager");
        m.save(l -> { });
        assertEquals("Type this contact's name, or empty the whole line to leave it out.", employer.nameProblemProperty().get());
        employer.nameProperty().set("Tamsin Odrelle");
        employer.phoneProperty().set("call me");
        assertTrue(employer.phoneProblemProperty().get().startsWith("A phone number is digits"), employer.phoneProblemProperty().get());
        employer.phoneProperty().set("+44 (0)161 496 0000");
        assertEquals("", employer.phoneProblemProperty().get());
        employer.emailProperty().set("tamsin.odrelle@example");
        assertTrue(employer.emailProblemProperty().get().startsWith("That email address does not look right"));
        m.save(l -> { });
        assertEquals(before, caseload.learner(learner.id()).orElseThrow().contacts().size(), "not saved with a slip in it");
        employer.emailProperty().set("tamsin.odrelle@example.org");
        m.addContact(); // left empty: not saved
        m.save(l -> { });
        assertEquals("", m.errorProperty().get());
        var stored = caseload.learner(learner.id()).orElseThrow();
        assertEquals(before + 1, stored.contacts().size());
        assertEquals(new org.tutela.app.domain.Contact(org.tutela.app.domain.ContactKind.EMPLOYER, "Tamsin Odrelle", "Line manager",
                "+44 (0)161 496 0000", "tamsin.odrelle@example.org"), stored.contacts().get(before));
        assertTrue(new LearnerViewModel(caseload, learner.id()).contacts().stream().anyMatch(c -> c.contains("Tamsin Odrelle")));

        var again = new org.tutela.app.ui.learner.LearnerEditViewModel(caseload, TaskRunner.INLINE, stored, null);
        again.removeContact(again.contacts().get(before));
        again.save(l -> { });
        assertEquals(before, caseload.learner(learner.id()).orElseThrow().contacts().size());
    }

    @Test
    void aDrawnSignatureIsKeptAsItsStrokes() {
        PlanTutorialViewModel plan = new PlanTutorialViewModel(caseload, TaskRunner.INLINE, seeded.learnerId(), null, UiFixtures.TUTOR);
        plan.date().set(caseload.today());
        Tutorial[] planned = new Tutorial[1];
        plan.save(t -> planned[0] = t);
        TutorialFormViewModel m = new TutorialFormViewModel(caseload, TaskRunner.INLINE, planned[0], "Orla Vexmoor", false);
        m.hold();
        m.learnerStrokes().add(new org.tutela.app.domain.Signature.Stroke(List.of(
                new org.tutela.app.domain.Signature.Point(0.1f, 0.5f), new org.tutela.app.domain.Signature.Point(0.4f, 0.3f))));
        m.learnerAgreesProperty().set(true);
        m.signAsLearner();
        var sig = caseload.tutorial(planned[0].id()).orElseThrow().learnerSignature();
        assertEquals(org.tutela.app.domain.Signature.Method.DRAWN, sig.method());
        assertEquals(2, sig.strokes().get(0).points().size());
    }

    @Test
    void aGroupSessionRecordsWhoCame() {
        Tutorial session = caseload.groupSessions(seeded.groupId()).stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED).findFirst()
                .orElseGet(() -> {
                    Tutorial t = Tutorial.planGroupSession(seeded.groupId(), "Orla Vexmoor",
                            org.tutela.app.domain.TutorialPlan.on(caseload.today(), null, "Hall"));
                    return caseload.tutorialWrites().saveTutorial(t);
                });
        // the planned session shows on the timeline of a learner of the group
        org.tutela.app.ui.learner.LearnerViewModel learnerPage = new LearnerViewModel(caseload, seeded.learnerId());
        assertTrue(learnerPage.timeline().stream().anyMatch(e -> session.id().equals(e.tutorialId())));
        TutorialFormViewModel m = new TutorialFormViewModel(caseload, TaskRunner.INLINE, session, "Orla Vexmoor", false);
        assertTrue(m.groupSession());
        assertEquals(caseload.learnersIn(seeded.groupId()).size(), m.attendees().size());
        m.hold();
        m.attendees().get(0).attendedProperty().set(true);
        m.attendees().get(1).attendedProperty().set(true);
        m.saveDraft();
        Tutorial stored = caseload.tutorial(session.id()).orElseThrow();
        assertTrue(stored.held());
        assertEquals(2, stored.attendeeIds().size());
    }

    @Test
    void everyEnumTheScreensNameHasItsText() throws Exception {
        java.util.Properties bundle = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/org/tutela/app/ui/messages.properties")) {
            bundle.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        List<String> missing = new java.util.ArrayList<>();
        check(bundle, missing, "kind.", TutorialKind.values());
        check(bundle, missing, "kind.lower.", TutorialKind.values());
        check(bundle, missing, "outcome.", TutorialOutcome.values());
        check(bundle, missing, "review.", ReviewDue.State.values());
        check(bundle, missing, "flag.", LearnerFlag.values());
        check(bundle, missing, "flag.short.", LearnerFlag.values());
        check(bundle, missing, "status.", org.tutela.app.domain.LearnerStatus.values());
        check(bundle, missing, "statusName.", org.tutela.app.domain.LearnerStatus.values());
        check(bundle, missing, "contact.", org.tutela.app.domain.ContactKind.values());
        check(bundle, missing, "notice.", org.tutela.app.domain.Notice.State.values());
        check(bundle, missing, "punctuality.", Punctuality.values());
        check(bundle, missing, "copy.", CopyRecipient.values());
        check(bundle, missing, "concern.category.", ConcernCategory.values());
        check(bundle, missing, "concern.status.", ConcernStatus.values());
        assertEquals(List.of(), missing);
    }

    private static void check(java.util.Properties bundle, List<String> missing, String prefix, Enum<?>[] values) {
        for (Enum<?> v : values) {
            if (!bundle.containsKey(prefix + v.name())) {
                missing.add(prefix + v.name());
            }
        }
    }
}
