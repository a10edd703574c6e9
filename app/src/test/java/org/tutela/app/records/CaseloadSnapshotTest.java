package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;
import org.tutela.crypto.Argon2Params;

/**
 * The caseload's snapshot ({@link CaseloadSnapshot}) through the real vault file: a caseload opened
 * from it is the caseload its records make; it is kept only when memory is the vault; and a change
 * made after it, by any path, is what the next unlock shows.
 */
class CaseloadSnapshotTest {
    private static final char[] PASS = "invented test passphrase".toCharArray();
    private final LocalDate today = LocalDate.of(2025, 11, 20);

    @TempDir
    Path dir;

    /** The store, noting which kinds the caseload lists: a caseload read from its snapshot lists none of its kinds. */
    private static RecordStore watched(RecordStore store, List<String> listed) {
        return proxy(store, listed, true);
    }

    /** The store as if it held no snapshot: the caseload its records make. */
    private static RecordStore withoutSnapshot(RecordStore store) {
        return proxy(store, new ArrayList<>(), false);
    }

    private static RecordStore proxy(RecordStore store, List<String> listed, boolean snapshots) {
        return (RecordStore) Proxy.newProxyInstance(RecordStore.class.getClassLoader(), new Class<?>[] {RecordStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        listed.add((String) args[0]);
                    }
                    if (!snapshots && method.getName().equals("snapshot")) {
                        return java.util.Optional.empty();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aCaseloadOpenedFromItsSnapshotIsTheCaseloadItsRecordsMake() {
        Path file = dir.resolve("demo.vault");
        UUID sealed;
        UUID sealedWithoutHeader = UUID.randomUUID();
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            DemoCaseload.fill(v.records(), 20251120L, DemoCaseload.Scale.DEMO, today);
            Caseload c = Caseload.load(v.records());
            Learner l = c.learners().get(0);
            sealed = c.tutorialSummariesOf(l.id()).get(0).id();
            v.records().save(RecordKind.Names.TUTORIAL, sealed, sealedEnvelope(sealed, l).getBytes(StandardCharsets.UTF_8), WriteOptions.SEALED);
            v.records().save(RecordKind.Names.TUTORIAL, sealedWithoutHeader, "{\"format\":\"tutela-sealed-envelope\"}"
                    .getBytes(StandardCharsets.UTF_8), WriteOptions.SEALED);
            c.learnerWrites().save(l.toBuilder().familyName("Snapshotworth").build());
            planEveryField(c, l);
            // Welsh letters and markup in a name and a tutor's name travel through the snapshot as typed
            Learner welsh = c.learnerWrites().save(Learner.builder().givenName("Siôn").familyName("Ŵyn-<script>alert(1)</script>")
                    .group(l.primaryGroupId()).build());
            c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, welsh.id(), l.primaryGroupId(),
                    "Gwenllïan ap Ŷr", TutorialPlan.on(LocalDate.of(2025, 12, 2), LocalTime.of(11, 0), "Ystafell 3")));
        }
        List<String> listed = new ArrayList<>();
        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload c = Caseload.load(watched(v.records(), listed));
            assertTrue(listed.containsAll(CaseloadSnapshot.KINDS), "no snapshot yet: the records are read");
            assertEquals(Set.of(sealed, sealedWithoutHeader), new HashSet<>(c.sealedTutorialIds()));
            assertTrue(c.keepSnapshot(), "memory holds the vault as it is");
        }
        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload fromRecords = Caseload.load(withoutSnapshot(v.records()));
            listed.clear();
            Caseload fromSnapshot = Caseload.load(watched(v.records(), listed));
            assertEquals(List.of(), listed.stream().filter(CaseloadSnapshot.KINDS::contains).toList(),
                    "the caseload list comes from the snapshot, not from its records");
            assertTrue(fromSnapshot.openedFromSnapshot());
            assertFalse(fromRecords.openedFromSnapshot());
            assertSameCaseload(fromRecords, fromSnapshot);
            // what the summaries repeat is held once: a learner's id in each of their tutorials, each day, each time
            List<TutorialSummary> all = fromSnapshot.learners().stream()
                    .flatMap(l -> fromSnapshot.tutorialSummariesOf(l.id()).stream()).toList();
            for (java.util.function.Function<TutorialSummary, Object> field : List.<java.util.function.Function<TutorialSummary, Object>>of(
                    TutorialSummary::learnerId, TutorialSummary::date, TutorialSummary::time)) {
                List<Object> values = all.stream().map(field).filter(java.util.Objects::nonNull).toList();
                java.util.Set<Object> objects = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                objects.addAll(values);
                assertTrue(values.size() > objects.size() * 2, "the demo repeats them");
                assertEquals(new HashSet<>(values).size(), objects.size());
            }
            // and it works as a caseload read from its records: a learner opens with their tutorials in full
            Learner first = fromSnapshot.learners().get(0);
            assertEquals(fromRecords.open(first.id(), today), fromSnapshot.open(first.id(), today));
        }
    }

    private void assertSameCaseload(Caseload expected, Caseload actual) {
        assertEquals(expected.learners(), actual.learners());
        assertEquals(expected.groups(), actual.groups());
        assertEquals(expected.tutorialCount(), actual.tutorialCount());
        assertEquals(new HashSet<>(expected.sealedTutorialIds()), new HashSet<>(actual.sealedTutorialIds()));
        assertEquals(expected.rows("", Set.of(), today), actual.rows("", Set.of(), today));
        assertEquals(expected.rows("snapshotw", Set.of(), today), actual.rows("snapshotw", Set.of(), today));
        assertEquals(1, actual.rows("snapshotw", Set.of(), today).size(), "search finds the learner by the name saved last");
        assertEquals(expected.learnersToTell(today, 14), actual.learnersToTell(today, 14));
        assertEquals(expected.rows("ŵyn-<script>", Set.of(), today), actual.rows("ŵyn-<script>", Set.of(), today));
        Learner welsh = actual.search("siôn ŵyn", Set.of(), today).get(0);
        assertEquals("Ŵyn-<script>alert(1)</script>", welsh.familyName());
        assertEquals("Gwenllïan ap Ŷr", actual.tutorialSummariesOf(welsh.id()).get(0).tutor());
        for (Learner l : expected.learners()) {
            assertEquals(expected.tutorialSummariesOf(l.id()), actual.tutorialSummariesOf(l.id()));
            assertEquals(expected.opened(l.id()).revision(), actual.opened(l.id()).revision(), "the version a screen would open");
            for (TutorialSummary t : expected.tutorialSummariesOf(l.id())) {
                assertEquals(expected.opened(t.id()).revision(), actual.opened(t.id()).revision());
            }
        }
        for (Group g : expected.groups()) {
            assertEquals(expected.groupSessions(g.id()), actual.groupSessions(g.id()));
        }
    }

    /** A planned group session with every field of a tutorial's summary set: time, attendees, notice, arrangements. */
    private static void planEveryField(Caseload c, Learner l) {
        UUID groupId = l.primaryGroupId();
        List<UUID> attendees = c.learnersIn(groupId).stream().map(Learner::id).limit(3).toList();
        Tutorial session = Tutorial.planGroupSession(groupId, "Orla Vexmoor",
                TutorialPlan.on(LocalDate.of(2025, 11, 28), LocalTime.of(13, 45), "Room 4")).learnerNotified(LocalDate.of(2025, 11, 18));
        session = c.tutorialWrites().saveTutorial(session.withAttendees(attendees));
        c.tutorialWrites().saveTutorial(session.rearrange(LocalDate.of(2025, 11, 29), LocalTime.of(9, 5), "Room 5"));
    }

    private static String sealedEnvelope(UUID id, Learner l) {
        return "{\"format\":\"tutela-sealed-envelope\",\"version\":1,\"header\":{\"envelopeId\":\"" + id
                + "\",\"learnerId\":\"" + l.id() + "\",\"groupId\":\"" + l.primaryGroupId() + "\",\"tutor\":\"T\","
                + "\"date\":\"2025-10-01\",\"tutorialKind\":\"ONE_TO_ONE_REVIEW\",\"outcome\":\"HELD\","
                + "\"label\":\"Confidential tutorial\",\"sealedAt\":\"2025-10-01T10:00:00Z\"},"
                + "\"content\":{\"cipher\":\"AES-256-GCM\",\"nonce\":\"AAAA\",\"ciphertext\":\"AAAA\"}}";
    }

    @Test
    void notKeptWhileTheVaultHoldsAChangeTheCaseloadHasNotTakenIn() {
        try (Vault v = Vault.create(dir.resolve("v.vault"), PASS.clone(), Argon2Params.FLOOR)) {
            Caseload c = Caseload.load(v.records());
            Learner l = c.learnerWrites().save(Learner.builder().givenName("Ysolde").familyName("Marrick").build());
            // a sync has stored another laptop's version; the caseload is told of it a moment later
            v.records().applyRemote(new StoredRecord(l.id(), RecordKind.Names.LEARNER, 4, Instant.now(), Instant.now(), false, false,
                    RecordKind.LEARNER.write(l.toBuilder().familyName("Marrick-Vale").build())));
            assertFalse(c.keepSnapshot(), "memory still holds the learner's earlier version");
            c.incomingChanges().refresh(l.id());
            assertTrue(c.keepSnapshot());
            assertTrue(v.records().snapshot(CaseloadSnapshot.FORMAT).isPresent());
        }
    }

    @Test
    void aChangeMadeAfterTheSnapshotIsWhatTheNextUnlockShows() {
        Path file = dir.resolve("v.vault");
        Learner l;
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            Caseload c = Caseload.load(v.records());
            l = c.learnerWrites().save(Learner.builder().givenName("Ysolde").familyName("Marrick").build());
            assertTrue(c.keepSnapshot());
            // the app stops without locking (a crash, the power): the session's change is in the vault, the snapshot is older
            v.records().save(RecordKind.Names.LEARNER, l.id(), RecordKind.LEARNER.write(l.toBuilder().familyName("Quenby").build()),
                    WriteOptions.NORMAL);
        }
        try (Vault v = Vault.open(file, PASS.clone())) {
            assertEquals(List.of("Quenby"), Caseload.load(v.records()).learners().stream().map(Learner::familyName).toList());
        }
    }

    @Test
    void aCaseloadWithDamagedRecordsKeepsNoSnapshotAndSaysSoAgainAtTheNextUnlock() {
        Path file = dir.resolve("v.vault");
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            Caseload c = Caseload.load(v.records());
            c.learnerWrites().save(Learner.builder().givenName("Ysolde").familyName("Marrick").build());
            v.records().save(RecordKind.Names.LEARNER, UUID.randomUUID(), "{not json".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
            c = Caseload.load(v.records());
            assertEquals(1, c.damaged().size());
            assertFalse(c.keepSnapshot());
        }
        try (Vault v = Vault.open(file, PASS.clone())) {
            assertEquals(1, Caseload.load(v.records()).damaged().size());
        }
    }

    @Test
    void aSnapshotThatDoesNotReadIsPassedOverAndTheRecordsAreRead() {
        try (Vault v = Vault.create(dir.resolve("v.vault"), PASS.clone(), Argon2Params.FLOOR)) {
            Caseload c = Caseload.load(v.records());
            c.learnerWrites().save(Learner.builder().givenName("Ysolde").familyName("Marrick").build());
            Set<String> kinds = CaseloadSnapshot.KINDS;
            java.util.Map<UUID, Long> revisions = java.util.Map.of(c.learners().get(0).id(), 1L);
            // the right records, in this format, but not what this version of the app writes (cut short)
            assertTrue(v.records().keepSnapshot(CaseloadSnapshot.FORMAT, () -> new byte[] {0, 0, 0, 0, 0, 0, 0, 1}, kinds, revisions));
            Caseload read = Caseload.load(v.records());
            assertEquals(List.of("Marrick"), read.learners().stream().map(Learner::familyName).toList());
            assertFalse(read.openedFromSnapshot());
            // and it is gone, so this lock keeps one that reads, and the next unlock uses it
            assertEquals(java.util.Optional.empty(), v.records().snapshot(CaseloadSnapshot.FORMAT));
            assertTrue(read.keepSnapshot());
            assertTrue(Caseload.load(v.records()).openedFromSnapshot());
        }
    }

    @Test
    void everyFieldOfATutorialsSummaryIsInTheSnapshot() {
        // Adding a field to TutorialSummary? Write and read it in CaseloadSnapshot, raise its FORMAT, then this number.
        assertEquals(14, TutorialSummary.class.getRecordComponents().length,
                "a field of TutorialSummary that CaseloadSnapshot does not carry would be lost at the next unlock");
        assertEquals(TutorialOutcome.PLANNED, TutorialOutcome.valueOf("PLANNED"));
    }
}
