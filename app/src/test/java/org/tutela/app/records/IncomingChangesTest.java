package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.vault.WriteOptions;

/** Records changed in the vault without the caseload (a sync pull, a tutorial sealed) taken in ({@link IncomingChanges}). */
class IncomingChangesTest {
    private final LocalDate today = LocalDate.of(2025, 11, 20);

    @Test
    void recordsChangedElsewhereAreTakenIn() {
        MemoryRecordStore store = new MemoryRecordStore();
        Caseload c = Caseload.load(store);
        Learner l = Learner.builder().givenName("Pimelo").familyName("Grisklowe").build();
        var stored = store.save(RecordKind.Names.LEARNER, l.id(), RecordJson.write(l), org.tutela.app.vault.WriteOptions.NORMAL);
        c.incomingChanges().refresh(stored);
        assertEquals(List.of(l), c.search("grisk", Set.of(), today));
        Tutorial t = Tutorial.plan(TutorialKind.INFORMAL_SUPPORT, l.id(), null, "T", TutorialPlan.on(today, null, null))
                .withOutcome(TutorialOutcome.HELD, null);
        c.incomingChanges().refresh(store.save(RecordKind.Names.TUTORIAL, t.id(), RecordJson.write(t), org.tutela.app.vault.WriteOptions.NORMAL));
        assertEquals(today, c.row(l.id(), today).lastTutorialHeld());
        c.incomingChanges().refresh(store.delete(t.id()));
        assertEquals(null, c.row(l.id(), today).lastTutorialHeld());
        c.incomingChanges().refresh(store.delete(l.id()));
        assertEquals(List.of(), c.search("grisk", Set.of(), today));
        java.util.UUID bad = java.util.UUID.randomUUID();
        c.incomingChanges().refresh(store.save(RecordKind.Names.CONCERN, bad, "{}".getBytes(), org.tutela.app.vault.WriteOptions.NORMAL));
        assertEquals(bad, c.damaged().get(0).id());
    }


    @Test
    void aSealedConfidentialTutorialStillCountsButIsNeverOpenedOrOverwritten() {
        MemoryRecordStore store = new MemoryRecordStore();
        Caseload c = Caseload.load(store);
        Group g = c.learnerWrites().save(Group.create("G", null, null, null, ReviewFrequency.everyWeeks(8)));
        Learner l = c.learnerWrites().save(Learner.builder().givenName("Sabonne").familyName("Fordgarth").group(g.id()).build());
        Tutorial t = c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), "T",
                TutorialPlan.on(LocalDate.of(2025, 10, 1), null, null)).withOutcome(TutorialOutcome.HELD, null));
        String envelope = "{\"format\":\"tutela-sealed-envelope\",\"version\":1,\"header\":{\"envelopeId\":\"" + t.id()
                + "\",\"learnerId\":\"" + l.id() + "\",\"groupId\":\"" + g.id() + "\",\"tutor\":\"T\","
                + "\"date\":\"2025-10-01\",\"tutorialKind\":\"ONE_TO_ONE_REVIEW\",\"outcome\":\"HELD\","
                + "\"label\":\"Confidential tutorial\",\"sealedAt\":\"2025-10-01T10:00:00Z\"},"
                + "\"content\":{\"cipher\":\"AES-256-GCM\",\"nonce\":\"AAAA\",\"ciphertext\":\"AAAA\"}}";
        c.incomingChanges().refresh(store.save(RecordKind.Names.TUTORIAL, t.id(), envelope.getBytes(java.nio.charset.StandardCharsets.UTF_8),
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
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> each.tutorialWrites().saveTutorial(t));
        }
    }

    @Test
    void aGroupRenamedAndATargetDeletedElsewhereShowAtOnce() {
        MemoryRecordStore store = new MemoryRecordStore();
        Caseload c = Caseload.load(store);
        Group g = c.learnerWrites().save(Group.create("Hair & Beauty L2 A", null, null, null, ReviewFrequency.everyWeeks(8)));
        Learner l = c.learnerWrites().save(Learner.builder().givenName("Inèsa").familyName("Dovmarsh").group(g.id()).build());
        Target t = c.tutorialWrites().save(Target.set(l.id(), NewTarget.of("Hand in the unit 3 assignment", today.plusWeeks(2)), null, today));
        Group renamed = new Group(g.id(), "Wrenfold Salon Stars", g.programme(), g.siteOrEmployer(), g.tutor(), g.reviewFrequency(), null);
        c.incomingChanges().refresh(store.save(RecordKind.Names.GROUP, g.id(), RecordJson.write(renamed), WriteOptions.NORMAL));
        assertEquals(List.of(l), c.search("wrenfold", Set.of(), today), "found by the group's new name");
        assertEquals("Wrenfold Salon Stars", c.row(l.id(), today).group().name());
        c.incomingChanges().refresh(store.delete(t.id()));
        assertEquals(List.of(), c.targetsOf(l.id()));
        assertTrue(c.target(t.id()).isEmpty());
    }
}
