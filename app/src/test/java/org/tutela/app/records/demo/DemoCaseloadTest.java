package org.tutela.app.records.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.TargetStatus;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.Uln;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.MemoryRecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

class DemoCaseloadTest {
    private static final char[] PASS = "invented test passphrase".toCharArray();
    private final LocalDate today = LocalDate.of(2025, 11, 20);

    @TempDir
    Path dir;
    private final DemoCaseload.Data d = DemoCaseload.generate(42L, DemoCaseload.Scale.DEMO, today);

    /** Common real first names and surnames that an invented-syllable generator must never produce. */
    private static final Set<String> REAL = Set.of("john", "mary", "james", "sarah", "david", "emma", "oliver",
            "mohammed", "muhammad", "smith", "jones", "williams", "taylor", "brown", "davies", "evans", "wilson",
            "thomas", "johnson", "robinson", "wright", "walker", "white", "jack", "amelia", "olivia", "harry", "george");

    @Test
    void seventeenGroupsOfAboutFifteenWithValidUlnsAndInventedNames() {
        assertEquals(17, d.groups().size());
        Map<java.util.UUID, Long> perGroup = d.learners().stream()
                .collect(Collectors.groupingBy(Learner::primaryGroupId, Collectors.counting()));
        assertEquals(17, perGroup.size());
        assertTrue(perGroup.values().stream().allMatch(n -> n >= 14 && n <= 16), perGroup.toString());
        for (Learner l : d.learners()) {
            assertTrue(Uln.isValid(l.uln().value()));
            assertFalse(REAL.contains(l.givenName().toLowerCase()), l.givenName());
            assertFalse(REAL.contains(l.familyName().toLowerCase()), l.familyName());
            assertTrue(l.schoolOrEmployer().endsWith("(invented)"));
        }
        assertEquals(d.learners().size(), d.learners().stream().map(l -> l.uln().value()).distinct().count());
    }

    @Test
    void aLivingCaseload() {
        Map<TutorialKind, Long> kinds = d.tutorials().stream().collect(Collectors.groupingBy(Tutorial::kind, Collectors.counting()));
        assertTrue(kinds.get(TutorialKind.ONE_TO_ONE_REVIEW) > 17 * 15 * 4, kinds.toString());
        assertTrue(kinds.get(TutorialKind.GROUP_SESSION) >= 17 * 8, kinds.toString());
        assertTrue(kinds.get(TutorialKind.INFORMAL_SUPPORT) > 10, kinds.toString());
        assertTrue(d.tutorials().stream().anyMatch(Tutorial::locked));
        assertTrue(d.tutorials().stream().anyMatch(t -> t.date().isBefore(today.minusYears(2))));
        Map<TargetStatus, Long> targets = d.targets().stream().collect(Collectors.groupingBy(t -> t.status(), Collectors.counting()));
        assertTrue(targets.get(TargetStatus.MET) > 100, targets.toString());
        assertTrue(targets.get(TargetStatus.CARRIED) > 10, targets.toString());
        assertTrue(d.targets().stream().anyMatch(t -> t.reviews().size() >= 2));
        assertTrue(d.concerns().stream().anyMatch(c -> c.category() == ConcernCategory.SAFEGUARDING));
        assertTrue(d.signposting().size() >= 5);

        Caseload c = Caseload.load(new MemoryRecordStore());
        c.bulkWrites().saveAll(d.groups(), d.learners(), d.tutorials(), d.targets(), d.concerns(), d.signposting());
        var summary = c.summary(AcademicYear.of(today), today);
        assertEquals(d.learners().size(), summary.totals().learners());
        assertTrue(summary.totals().overdueReviews() > 0);
        assertTrue(summary.totals().overdueReviews() < d.learners().size() / 3, summary.totals().toString());
        assertTrue(summary.totals().atRisk() > 0);
        assertTrue(summary.totals().reviewsHeld() > 0);
    }

    @Test
    void sameSeedSameCaseload() {
        DemoCaseload.Data again = DemoCaseload.generate(42L, DemoCaseload.Scale.DEMO, today);
        assertEquals(d, again);
        assertFalse(d.learners().equals(DemoCaseload.generate(43L, DemoCaseload.Scale.DEMO, today).learners()));
        Map<java.util.UUID, Learner> byId = d.learners().stream().collect(Collectors.toMap(Learner::id, Function.identity()));
        assertTrue(d.tutorials().stream().allMatch(t -> t.learnerId() == null || byId.containsKey(t.learnerId())));
    }

    @Test
    void demoCaseloadFillsTheVaultAndLoads() {
        Path file = dir.resolve("demo.vault");
        DemoCaseload.Data d;
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            d = DemoCaseload.fill(v.records(), 7L, new DemoCaseload.Scale(4, 6, 2, 0, 0), LocalDate.of(2025, 11, 20));
        }
        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload c = Caseload.load(v.records());
            assertTrue(c.damaged().isEmpty());
            assertEquals(4, c.groups().size());
            assertEquals(d.learners().size(), c.learners().size());
            assertEquals(d.tutorials().size(), c.tutorialCount());
            Learner any = d.learners().get(5);
            assertEquals(any, c.learner(any.id()).orElseThrow());
            assertFalse(c.search(any.familyName().substring(1, 5), java.util.Set.of(), c.today()).isEmpty());
        }
    }
}
