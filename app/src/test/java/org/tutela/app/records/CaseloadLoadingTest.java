package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.Learner;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;
import org.tutela.crypto.Argon2Params;

/** Loading the caseload from the vault ({@link CaseloadLoading}): the list at once, the rest on the executor given. */
class CaseloadLoadingTest {
    private static final char[] PASS = "invented test passphrase".toCharArray();
    private final LocalDate today = LocalDate.of(2025, 11, 20);

    @TempDir
    Path dir;

    @Test
    void damagedRecordsAreReportedAndTheRestOpens() {
        Path file = dir.resolve("damaged.vault");
        UUID bad = UUID.randomUUID();
        UUID wrongId = UUID.randomUUID();
        UUID badUln = UUID.randomUUID();
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            Caseload c = Caseload.load(v.records());
            c.learnerWrites().save(Learner.builder().givenName("Ulmon").familyName("Hark").build());
            v.records().save(RecordKind.Names.LEARNER, bad, "{not json".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
            v.records().save(RecordKind.Names.LEARNER, wrongId, RecordJson.write(Learner.builder().givenName("X").build()), WriteOptions.NORMAL);
            v.records().save(RecordKind.Names.LEARNER, badUln, ("{\"id\":\"" + badUln + "\",\"givenName\":\"Y\",\"uln\":\"1234567890\"}")
                    .getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        }
        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload c = Caseload.load(v.records());
            assertEquals(1, c.learners().size());
            assertEquals(3, c.damaged().size());
            assertTrue(c.damaged().stream().allMatch(d -> d.kind().equals(RecordKind.Names.LEARNER)));
            assertEquals(Set.of(bad, wrongId, badUln),
                    c.damaged().stream().map(DamagedRecord::id).collect(java.util.stream.Collectors.toSet()));
            assertFalse(c.damaged().stream().anyMatch(d -> d.reason().contains("Y")));
        }
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
        java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
        Caseload c = Caseload.load(store, background);
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
            background.shutdownNow();
        }
    }


    @Test
    void theRestWaitsForTheCaseloadListThenLoadsOnTheExecutorGivenAndNowhereElse() {
        MemoryRecordStore store = new MemoryRecordStore();
        DemoCaseload.Data d = DemoCaseload.fill(store, 5, DemoCaseload.Scale.TINY, today);
        java.util.concurrent.atomic.AtomicInteger targetsRead = new java.util.concurrent.atomic.AtomicInteger();
        store.beforeList = kind -> {
            if (kind.equals(RecordKind.Names.TARGET)) {
                targetsRead.incrementAndGet();
            }
        };
        List<Runnable> queued = new ArrayList<>();
        Caseload c = Caseload.load(store, queued::add);
        assertEquals(d.learners().size(), c.learnerCount(), "the caseload list is in at once");
        assertEquals(0, queued.size(), "targets and concerns wait while the caseload list is worked out");
        assertEquals(d.learners().size(), c.rows("", Set.of(), today).size());
        assertEquals(1, queued.size(), "the list is out: targets, concerns and the signposting list go to the executor");
        c.rows("", Set.of(), today);
        assertEquals(1, queued.size(), "started once");
        assertEquals(0, targetsRead.get(), "nothing read them yet");
        queued.get(0).run();
        assertEquals(1, targetsRead.get());
        assertEquals(d.signposting().size(), c.signposting().size());
        assertTrue(c.damaged().isEmpty());
    }

    @Test
    void whatNeedsTheRestBeforeTheListIsWorkedOutStartsItAndALockBeforeEitherWaitsForNothing() throws Exception {
        MemoryRecordStore store = new MemoryRecordStore();
        DemoCaseload.Data d = DemoCaseload.fill(store, 5, DemoCaseload.Scale.TINY, today);
        java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // a sync's changes arriving straight after the unlock, before any list: they need the targets
            Caseload c = Caseload.load(store, background);
            UUID someone = d.targets().get(0).learnerId();
            long theirs = d.targets().stream().filter(t -> t.learnerId().equals(someone)).count();
            assertTrue(theirs > 0);
            assertEquals(theirs, assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> c.targetsOf(someone)).size());

            // locked at once, before the list was shown: nothing was started, so nothing to wait for
            List<Runnable> queued = new ArrayList<>();
            Caseload locked = Caseload.load(store, queued::add);
            assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), locked::forget);
            locked.rows("", Set.of(), today);
            assertEquals(List.of(), queued, "nothing starts loading into a caseload already forgotten");
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void anExecutorThatRefusesTheRestIsSaidAtOnceNotWaitedOnForever() {
        MemoryRecordStore store = new MemoryRecordStore();
        DemoCaseload.fill(store, 5, DemoCaseload.Scale.TINY, today);
        Caseload c = Caseload.load(store, work -> {
            throw new RejectedExecutionException("shut down");
        });
        Learner someone = c.learners().get(0);
        assertEquals(List.of(someone), c.search(someone.familyName(), Set.of(), today).stream()
                .filter(l -> l.id().equals(someone.id())).toList());
        IllegalStateException refused = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> assertThrows(IllegalStateException.class, () -> c.targetsOf(someone.id())));
        assertTrue(refused.getCause() instanceof RejectedExecutionException);
    }
}
