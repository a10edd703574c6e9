package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.ReviewDue;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;

/** The caseload list: each learner's line, search as you type and the filters ({@link CaseloadRows}, through {@link Caseload}). */
class CaseloadRowsTest {
    private final LocalDate today = LocalDate.of(2025, 11, 20);
    private Caseload caseload;
    private Learner zoe;
    private Learner thelix;
    private Learner quillana;
    private Group mv;

    @BeforeEach
    void setUp() {
        caseload = Caseload.load(new MemoryRecordStore(), AcademicCalendar.standard(),
                Clock.fixed(today.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        mv = caseload.learnerWrites().save(Group.create("Motor Vehicle L2 A", "Motor vehicle", "Quillbrook Garages (invented)", "T",
                ReviewFrequency.everyWeeks(8)));
        Group hsc = caseload.learnerWrites().save(Group.create("Health & Social Care L3 B", "Care", "Owlstone Campus (invented)", "T",
                ReviewFrequency.everyWeeks(8)));
        zoe = caseload.learnerWrites().save(Learner.builder().givenName("Zoë").familyName("Blenwick").uln("9276308686")
                .course("Motor vehicle maintenance").group(mv.id()).startDate(LocalDate.of(2025, 9, 1))
                .flag(LearnerFlag.AT_RISK_OF_DROP_OUT, true).build());
        thelix = caseload.learnerWrites().save(Learner.builder().givenName("Thelix").familyName("O'Quorby").preferredName("Tee")
                .course("Health and social care").group(hsc.id()).startDate(LocalDate.of(2025, 9, 1))
                .flag(LearnerFlag.OPEN_TO_PASTORAL_TEAM, true).build());
        quillana = caseload.learnerWrites().save(Learner.builder().givenName("Quillana").familyName("Vaskmore").course("Motor vehicle maintenance")
                .schoolOrEmployer("Quillbrook Garages (invented)").group(mv.id()).startDate(LocalDate.of(2025, 9, 1)).build());
        // Zoë: review held on 1 Oct (8 weekly: due 26 Nov, within 14 days); Quillana: held on 1 Sep (overdue)
        hold(zoe, LocalDate.of(2025, 10, 1));
        hold(quillana, LocalDate.of(2025, 9, 1));
        hold(thelix, LocalDate.of(2025, 11, 10));
    }

    private void hold(Learner l, LocalDate on) {
        Tutorial t = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), "T",
                TutorialPlan.on(on, LocalTime.NOON, "Room 1")));
        caseload.tutorialWrites().hold(t.id(), on);
    }

    private List<String> names(String typed, CaseloadFilter... filters) {
        return caseload.search(typed, filters.length == 0 ? Set.of() : Set.of(filters), today).stream()
                .map(Learner::givenName).toList();
    }

    @Test
    void partOfANameCaseAndAccentsIgnored() {
        assertEquals(List.of("Zoë"), names("zoe"));
        assertEquals(List.of("Zoë"), names("ZOË"));
        assertEquals(List.of("Zoë"), names("lenwi"));
        assertEquals(List.of("Thelix"), names("tee"));
        assertEquals(List.of("Thelix"), names("oquorby"));
        assertEquals(List.of("Thelix"), names("o quorby"));
        assertEquals(List.of("Zoë"), names("blen zo"));
        assertEquals(List.of(), names("blen thel"));
    }

    @Test
    void byUlnCourseEmployerAndGroup() {
        assertEquals(List.of("Zoë"), names("9276308686"));
        assertEquals(List.of("Zoë"), names("92763"));
        assertEquals(List.of("Zoë"), names("9276 308686"));
        assertEquals(List.of("Zoë", "Quillana"), names("motor veh"));
        assertEquals(List.of("Thelix"), names("social care"));
        // word starts come first: "quil" starts Quillana's given name and the garage, but only inside nobody else
        assertEquals(List.of("Quillana"), names("quillbrook"));
        assertEquals(List.of("Thelix"), names("health & social"));
        assertEquals(3, names("").size());
        assertEquals(List.of("Zoë", "Thelix", "Quillana"), names(""));
    }

    @Test
    void wordStartsRankFirst() {
        caseload.learnerWrites().save(Learner.builder().givenName("Ambzo").familyName("Aardley").group(mv.id()).build());
        assertEquals(List.of("Zoë", "Ambzo"), names("zo"));
    }

    @Test
    void typingOnNarrowsAndDeletingWidensAgain() {
        assertEquals(List.of("Zoë", "Quillana"), names("m"));
        assertEquals(List.of("Zoë", "Quillana"), names("mo"));
        assertEquals(List.of("Zoë"), names("mo bl"));
        assertEquals(List.of("Zoë", "Quillana"), names("mo"));
        assertEquals(List.of("Quillana"), names("mo vask"));
        assertEquals(List.of("Zoë", "Thelix", "Quillana"), names("e"));
        caseload.learnerWrites().save(Learner.builder().givenName("Moxelo").familyName("Ump").group(mv.id()).build());
        assertEquals(List.of("Zoë", "Moxelo", "Quillana"), names("mo"));
        assertEquals(4, caseload.learnerCount());
        caseload.forget();
        assertEquals(0, caseload.learnerCount());
        assertEquals(List.of(), names(""));
    }

    @Test
    void filters() {
        assertEquals(List.of("Zoë"), names("", CaseloadFilter.AT_RISK));
        assertEquals(List.of("Thelix"), names("", CaseloadFilter.OPEN_TO_PASTORAL_TEAM));
        assertEquals(List.of("Zoë"), names("", CaseloadFilter.REVIEW_DUE));
        assertEquals(List.of("Quillana"), names("", CaseloadFilter.REVIEW_OVERDUE));
        assertEquals(List.of(), names("", CaseloadFilter.REVIEW_OVERDUE, CaseloadFilter.AT_RISK));
        assertEquals(List.of(), names("thel", CaseloadFilter.AT_RISK));
    }

    @Test
    void eachLearnerShowsLastHeldAndNextDue() {
        LearnerRow row = caseload.row(zoe.id(), today);
        assertEquals(LocalDate.of(2025, 10, 1), row.lastTutorialHeld());
        assertEquals(LocalDate.of(2025, 11, 26), row.nextDue());
        assertEquals(ReviewDue.State.DUE, row.review().state());
        assertEquals(mv, row.group());
        // a newly held review moves the next due date
        hold(zoe, LocalDate.of(2025, 11, 19));
        assertEquals(LocalDate.of(2026, 1, 14), caseload.row(zoe.id(), today).nextDue());
        assertEquals(List.of(), names("", CaseloadFilter.REVIEW_DUE));
        // renaming a learner or a group is found at once
        caseload.learnerWrites().save(caseload.learner(quillana.id()).orElseThrow().toBuilder().familyName("Pellgarth").build());
        assertEquals(List.of("Quillana"), names("pellg"));
        caseload.learnerWrites().save(mv.withReviewFrequency(ReviewFrequency.monthly()));
        caseload.learnerWrites().save(new Group(mv.id(), "Autobody Zeta", mv.programme(), mv.siteOrEmployer(), mv.tutor(), mv.reviewFrequency(), null));
        assertEquals(List.of("Zoë", "Quillana"), names("zeta"));
        assertTrue(caseload.rows("", Set.of(), today).size() == 3);
        assertEquals(List.of(zoe.id(), quillana.id()),
                caseload.rows("", Set.of(), mv.id(), today).stream().map(r -> r.learner().id()).toList());
        assertEquals(List.of(zoe.id()),
                caseload.rows("", Set.of(CaseloadFilter.AT_RISK), mv.id(), today).stream().map(r -> r.learner().id()).toList());
    }

    @Test
    void learnersToTellAWeekAheadOrAtOnce() {
        Tutorial soon = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, zoe.id(), mv.id(), "T",
                TutorialPlan.on(today.plusDays(5), LocalTime.NOON, "Room 1")));                 // late: under a week, not told
        Tutorial later = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, quillana.id(), mv.id(), "T",
                TutorialPlan.on(today.plusDays(12), LocalTime.NOON, "Room 1")));                // tell by today + 5
        Tutorial far = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, thelix.id(), null, "T",
                TutorialPlan.on(today.plusDays(40), LocalTime.NOON, "Room 1")));
        Tutorial moved = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.MENTORING_MEETING, thelix.id(), null, "T",
                TutorialPlan.on(today.plusDays(30), LocalTime.NOON, "Room 1")).learnerNotified(today.minusDays(1))
                .rearrange(today.plusDays(31), LocalTime.NOON, "Room 9"));
        List<java.util.UUID> ids = caseload.learnersToTell(today, 7).stream().map(t -> t.id()).toList();
        assertEquals(List.of(soon.id(), moved.id(), later.id()), ids);
        assertTrue(!ids.contains(far.id()));
        caseload.tutorialWrites().saveTutorial(caseload.tutorial(moved.id()).orElseThrow().learnerNotified(today));
        assertEquals(List.of(soon.id(), later.id()), caseload.learnersToTell(today, 7).stream().map(t -> t.id()).toList());
    }

    @Test
    void cancelledAndMissedDoNotCountAsHeld() {
        Tutorial t = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, quillana.id(), mv.id(), "T",
                TutorialPlan.on(LocalDate.of(2025, 11, 1), null, null)).withOutcome(TutorialOutcome.DID_NOT_ATTEND, null));
        assertEquals(LocalDate.of(2025, 9, 1), caseload.row(quillana.id(), today).lastTutorialHeld());
        assertEquals(2, caseload.tutorialsOf(quillana.id()).size());
        assertEquals(t.id(), caseload.tutorialsOf(quillana.id()).get(0).id());
    }
}
