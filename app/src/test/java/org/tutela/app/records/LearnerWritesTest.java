package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;

/** Learners and groups as the tutor adds, edits and deletes them ({@link LearnerWrites}). */
class LearnerWritesTest {
    private final LocalDate today = LocalDate.of(2025, 11, 20);
    private final MemoryRecordStore store = new MemoryRecordStore();
    private final Caseload c = Caseload.load(store);
    private final Group g = c.learnerWrites().save(Group.create("Construction L1 B", null, null, null, ReviewFrequency.everyWeeks(8)));

    private Learner added(String given, String family) {
        return c.learnerWrites().save(Learner.builder().givenName(given).familyName(family).group(g.id()).build());
    }

    @Test
    void aLearnerAddedByMistakeIsDeletedEverywhereButOneWithARecordIsKept() {
        Learner mistake = added("Wixana", "Trellby");
        Learner kept = added("Fenur", "Hollowmere");
        c.tutorialWrites().save(Concern.raise(kept.id(), ConcernCategory.ATTENDANCE, today, "T", "Invented: missed two weeks"));

        assertFalse(c.hasRecords(mistake.id()));
        c.learnerWrites().deleteLearner(mistake.id());
        assertEquals(List.of(), c.search("trellby", Set.of(), today));
        assertTrue(store.get(mistake.id()).orElseThrow().deleted(), "a tombstone, so sync deletes it at head office too");
        assertTrue(Caseload.load(store).learner(mistake.id()).isEmpty());

        assertTrue(c.hasRecords(kept.id()));
        assertThrows(LearnerHasRecordsException.class, () -> c.learnerWrites().deleteLearner(kept.id()));
        assertEquals(List.of(kept), Caseload.load(store).learners());
    }

    @Test
    void savesFromOneScreenFollowEachOtherAndAGroupsNewNameIsFoundAtOnce() {
        Learner l = added("Renéya", "Skelcombe");
        OpenedVersion opened = c.opened(l.id());
        c.learnerWrites().save(l.toBuilder().preferredName("Ren").build(), opened);
        c.learnerWrites().save(l.toBuilder().preferredName("Reni").build(), opened);
        assertEquals(Set.of(), store.recordsInConflict(), "the screen's second save follows its first, no conflict");
        assertEquals("Reni", Caseload.load(store).learner(l.id()).orElseThrow().preferredName());

        c.learnerWrites().save(new Group(g.id(), "Bramblecott Nursery Group", null, null, null, g.reviewFrequency(), null));
        assertEquals(List.of(l.id()), c.search("bramblecott", Set.of(), today).stream().map(Learner::id).toList());
    }
}
