package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.records.demo.DemoCaseload;

/** A whole caseload written in one transaction ({@link BulkWrites}). */
class BulkWritesTest {
    private final LocalDate today = LocalDate.of(2025, 11, 20);
    private final DemoCaseload.Data d = DemoCaseload.generate(9L, new DemoCaseload.Scale(3, 8, 1, 0, 0), today);

    @Test
    void writeAllStoresEveryRecordAndSaysHowFarItHasGot() {
        MemoryRecordStore store = new MemoryRecordStore();
        List<Integer> progress = new ArrayList<>();
        BulkWrites.writeAll(store, d.groups(), d.learners(), d.tutorials(), d.targets(), d.concerns(), d.signposting(), progress::add);
        int total = d.groups().size() + d.learners().size() + d.tutorials().size() + d.targets().size() + d.concerns().size()
                + d.signposting().size();
        assertEquals(total, progress.get(progress.size() - 1), "the last word is all of them");
        assertTrue(progress.stream().allMatch(n -> n == total || n % 250 == 0), progress.toString());
        Caseload c = Caseload.load(store);
        assertEquals(d.learners().size(), c.learnerCount());
        assertEquals(d.tutorials().size(), c.tutorialCount());
        assertTrue(c.damaged().isEmpty());
    }

    @Test
    void saveAllPutsThemInTheLoadedCaseloadToo() {
        MemoryRecordStore store = new MemoryRecordStore();
        Caseload c = Caseload.load(store);
        c.bulkWrites().saveAll(d.groups(), d.learners(), d.tutorials(), d.targets(), d.concerns(), d.signposting());
        var someone = d.learners().get(3);
        assertTrue(c.search(someone.familyName(), Set.of(), today).contains(someone));
        assertEquals(c.summary(AcademicYear.of(today), today).totals(), Caseload.load(store).summary(AcademicYear.of(today), today).totals(),
                "what is shown is what is on disk");
    }
}
