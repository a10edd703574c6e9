package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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

class LearnerSearchTest {
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
        mv = caseload.save(Group.create("Motor Vehicle L2 A", "Motor vehicle", "Quillbrook Garages (invented)", "T",
                ReviewFrequency.everyWeeks(8)));
        Group hsc = caseload.save(Group.create("Health & Social Care L3 B", "Care", "Owlstone Campus (invented)", "T",
                ReviewFrequency.everyWeeks(8)));
        zoe = caseload.save(Learner.builder().givenName("Zoë").familyName("Blenwick").uln("9276308686")
                .course("Motor vehicle maintenance").group(mv.id()).startDate(LocalDate.of(2025, 9, 1))
                .flag(LearnerFlag.AT_RISK_OF_DROP_OUT, true).build());
        thelix = caseload.save(Learner.builder().givenName("Thelix").familyName("O'Quorby").preferredName("Tee")
                .course("Health and social care").group(hsc.id()).startDate(LocalDate.of(2025, 9, 1))
                .flag(LearnerFlag.OPEN_TO_PASTORAL_TEAM, true).build());
        quillana = caseload.save(Learner.builder().givenName("Quillana").familyName("Vaskmore").course("Motor vehicle maintenance")
                .schoolOrEmployer("Quillbrook Garages (invented)").group(mv.id()).startDate(LocalDate.of(2025, 9, 1)).build());
        // Zoë: review held on 1 Oct (8 weekly: due 26 Nov, within 14 days); Quillana: held on 1 Sep (overdue)
        hold(zoe, LocalDate.of(2025, 10, 1));
        hold(quillana, LocalDate.of(2025, 9, 1));
        hold(thelix, LocalDate.of(2025, 11, 10));
    }

    private void hold(Learner l, LocalDate on) {
        Tutorial t = caseload.saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), "T",
                TutorialPlan.on(on, LocalTime.NOON, "Room 1")));
        caseload.hold(t.id(), on);
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
        caseload.save(Learner.builder().givenName("Ambzo").familyName("Aardley").group(mv.id()).build());
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
        caseload.save(Learner.builder().givenName("Moxelo").familyName("Ump").group(mv.id()).build());
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
        caseload.save(caseload.learner(quillana.id()).orElseThrow().toBuilder().familyName("Pellgarth").build());
        assertEquals(List.of("Quillana"), names("pellg"));
        caseload.save(mv.withReviewFrequency(ReviewFrequency.monthly()));
        caseload.save(new Group(mv.id(), "Autobody Zeta", mv.programme(), mv.siteOrEmployer(), mv.tutor(), mv.reviewFrequency(), null));
        assertEquals(List.of("Zoë", "Quillana"), names("zeta"));
        assertTrue(caseload.rows("", Set.of(), today).size() == 3);
        assertEquals(List.of(zoe.id(), quillana.id()),
                caseload.rows("", Set.of(), mv.id(), today).stream().map(r -> r.learner().id()).toList());
        assertEquals(List.of(zoe.id()),
                caseload.rows("", Set.of(CaseloadFilter.AT_RISK), mv.id(), today).stream().map(r -> r.learner().id()).toList());
    }

    @Test
    void learnersToTellAWeekAheadOrAtOnce() {
        Tutorial soon = caseload.saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, zoe.id(), mv.id(), "T",
                TutorialPlan.on(today.plusDays(5), LocalTime.NOON, "Room 1")));                 // late: under a week, not told
        Tutorial later = caseload.saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, quillana.id(), mv.id(), "T",
                TutorialPlan.on(today.plusDays(12), LocalTime.NOON, "Room 1")));                // tell by today + 5
        Tutorial far = caseload.saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, thelix.id(), null, "T",
                TutorialPlan.on(today.plusDays(40), LocalTime.NOON, "Room 1")));
        Tutorial moved = caseload.saveTutorial(Tutorial.plan(TutorialKind.MENTORING_MEETING, thelix.id(), null, "T",
                TutorialPlan.on(today.plusDays(30), LocalTime.NOON, "Room 1")).learnerNotified(today.minusDays(1))
                .rearrange(today.plusDays(31), LocalTime.NOON, "Room 9"));
        List<java.util.UUID> ids = caseload.learnersToTell(today, 7).stream().map(t -> t.id()).toList();
        assertEquals(List.of(soon.id(), moved.id(), later.id()), ids);
        assertTrue(!ids.contains(far.id()));
        caseload.saveTutorial(caseload.tutorial(moved.id()).orElseThrow().learnerNotified(today));
        assertEquals(List.of(soon.id(), later.id()), caseload.learnersToTell(today, 7).stream().map(t -> t.id()).toList());
    }

    @Test
    void markedHeldWithoutHoldStillFreezesASnapshot() {
        assertEquals(LocalDate.of(2025, 10, 1), caseload.row(zoe.id(), today).lastTutorialHeld());
        Tutorial t = caseload.saveTutorial(Tutorial.plan(TutorialKind.INFORMAL_SUPPORT, zoe.id(), mv.id(), "T",
                TutorialPlan.on(today, null, null)).withOutcome(TutorialOutcome.HELD, null));
        assertEquals(today, t.snapshot().asOf());
        assertEquals("Zoë Blenwick", caseload.tutorial(t.id()).orElseThrow().snapshot().header().learnerName());
        // the caseload line shows it at once
        assertEquals(today, caseload.row(zoe.id(), today).lastTutorialHeld());
    }

    @Test
    void theCaseloadListAnswersWhileTargetsAreStillLoading() throws Exception {
        MemoryRecordStore store = new MemoryRecordStore();
        DemoCaseload.fill(store, 5, DemoCaseload.Scale.TINY, today);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        store.beforeList = kind -> {
            if (kind.equals(RecordKind.Names.TARGET)) {
                try {
                    release.await(); // the background load of targets is slow today
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Caseload c = Caseload.load(store);
        Learner someone = c.learners().get(0);
        java.util.concurrent.ExecutorService screen = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // one screen waits for the learner's targets...
            java.util.concurrent.Future<List<org.tutela.app.domain.Target>> targets = screen.submit(() -> c.targetsOf(someone.id()));
            Thread.sleep(200);
            assertFalse(targets.isDone());
            // ...and the caseload list and search still answer at once
            assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                    () -> assertEquals(List.of(someone), c.search(someone.familyName(), Set.of(), today).stream()
                            .filter(l -> l.id().equals(someone.id())).toList()));
            release.countDown();
            targets.get(10, java.util.concurrent.TimeUnit.SECONDS); // its wait ends with the load
        } finally {
            release.countDown();
            screen.shutdownNow();
        }
    }

    @Test
    void recordsChangedElsewhereAreTakenIn() {
        MemoryRecordStore store = new MemoryRecordStore();
        Caseload c = Caseload.load(store);
        Learner l = Learner.builder().givenName("Pimelo").familyName("Grisklowe").build();
        var stored = store.save(RecordKind.Names.LEARNER, l.id(), RecordJson.write(l), org.tutela.app.vault.WriteOptions.NORMAL);
        c.refresh(stored);
        assertEquals(List.of(l), c.search("grisk", Set.of(), today));
        Tutorial t = Tutorial.plan(TutorialKind.INFORMAL_SUPPORT, l.id(), null, "T", TutorialPlan.on(today, null, null))
                .withOutcome(TutorialOutcome.HELD, null);
        c.refresh(store.save(RecordKind.Names.TUTORIAL, t.id(), RecordJson.write(t), org.tutela.app.vault.WriteOptions.NORMAL));
        assertEquals(today, c.row(l.id(), today).lastTutorialHeld());
        c.refresh(store.delete(t.id()));
        assertEquals(null, c.row(l.id(), today).lastTutorialHeld());
        c.refresh(store.delete(l.id()));
        assertEquals(List.of(), c.search("grisk", Set.of(), today));
        java.util.UUID bad = java.util.UUID.randomUUID();
        c.refresh(store.save(RecordKind.Names.CONCERN, bad, "{}".getBytes(), org.tutela.app.vault.WriteOptions.NORMAL));
        assertEquals(bad, c.damaged().get(0).id());
    }

    @Test
    void aSealedConfidentialTutorialStillCountsButIsNeverOpenedOrOverwritten() {
        MemoryRecordStore store = new MemoryRecordStore();
        Caseload c = Caseload.load(store);
        Group g = c.save(Group.create("G", null, null, null, ReviewFrequency.everyWeeks(8)));
        Learner l = c.save(Learner.builder().givenName("Sabonne").familyName("Fordgarth").group(g.id()).build());
        Tutorial t = c.saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), "T",
                TutorialPlan.on(LocalDate.of(2025, 10, 1), null, null)).withOutcome(TutorialOutcome.HELD, null));
        String envelope = "{\"format\":\"tutela-sealed-envelope\",\"version\":1,\"header\":{\"envelopeId\":\"" + t.id()
                + "\",\"learnerId\":\"" + l.id() + "\",\"groupId\":\"" + g.id() + "\",\"tutor\":\"T\","
                + "\"date\":\"2025-10-01\",\"tutorialKind\":\"ONE_TO_ONE_REVIEW\",\"outcome\":\"HELD\","
                + "\"label\":\"Confidential tutorial\",\"sealedAt\":\"2025-10-01T10:00:00Z\"},"
                + "\"content\":{\"cipher\":\"AES-256-GCM\",\"nonce\":\"AAAA\",\"ciphertext\":\"AAAA\"}}";
        c.refresh(store.save(RecordKind.Names.TUTORIAL, t.id(), envelope.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                org.tutela.app.vault.WriteOptions.SEALED));
        for (Caseload each : List.of(c, Caseload.load(store))) {
            assertEquals(List.of(t.id()), each.sealedTutorialIds());
            assertEquals(1, each.entitlement(l.id(), new org.tutela.app.domain.AcademicYear(2025)).reviewsHeld());
            assertEquals(LocalDate.of(2025, 10, 1), each.row(l.id(), today).review().lastHeld());
            assertTrue(each.tutorialSummariesOf(l.id()).get(0).confidential());
            // Lists and the timeline get its envelope: who, when, what kind, and nothing of its content.
            Tutorial envelopeOnly = each.tutorial(t.id()).orElseThrow();
            assertTrue(envelopeOnly.confidential());
            assertEquals(LocalDate.of(2025, 10, 1), envelopeOnly.date());
            assertEquals(l.id(), envelopeOnly.learnerId());
            assertEquals(org.tutela.app.domain.TutorialForm.EMPTY, envelopeOnly.form());
            assertEquals(List.of(t.id()), each.tutorialsOf(l.id()).stream().map(Tutorial::id).toList());
            assertTrue(each.damaged().isEmpty());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> each.saveTutorial(t));
        }
    }

    @Test
    void cancelledAndMissedDoNotCountAsHeld() {
        Tutorial t = caseload.saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, quillana.id(), mv.id(), "T",
                TutorialPlan.on(LocalDate.of(2025, 11, 1), null, null)).withOutcome(TutorialOutcome.DID_NOT_ATTEND, null));
        assertEquals(LocalDate.of(2025, 9, 1), caseload.row(quillana.id(), today).lastTutorialHeld());
        assertEquals(2, caseload.tutorialsOf(quillana.id()).size());
        assertEquals(t.id(), caseload.tutorialsOf(quillana.id()).get(0).id());
    }
}
