package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.records.RecordKind;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;
import org.tutela.crypto.Argon2Params;
import org.slf4j.LoggerFactory;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/** The app's sync client against the real head-office server over real HTTPS (SQLite behind it). */
class SyncClientTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String PW = "tutor account password 1";

    @TempDir
    Path tmp;
    SyncServer server;
    String url;
    List<Vault> vaults = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start(ServerSettings.defaults().with("data-dir", tmp.resolve("server").toString())
                .with("port", "0").with("host", "127.0.0.1"));
        url = "https://127.0.0.1:" + server.port();
        server.accounts().addUser("tutor.a", Role.TUTOR, PW.toCharArray());
        server.accounts().addUser("tutor.b", Role.TUTOR, PW.toCharArray());
    }

    @AfterEach
    void stop() {
        vaults.forEach(Vault::close);
        server.close();
    }

    private RecordStore laptop(String name) {
        Vault vault = Vault.create(tmp.resolve(name + ".tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        vaults.add(vault);
        return vault.records();
    }

    private SyncClient enrolled(RecordStore store, String user, int batchSize) {
        SyncClient client = new SyncClient(store, batchSize);
        client.enrol(url, server.fingerprint(), user, PW.toCharArray(), "test laptop");
        return client;
    }

    private void assign(String tutor, DemoCaseload.Data data) throws Exception {
        server.accounts().assign(tutor, Accounts.SCOPE_LEARNER, data.learners().stream().map(Learner::id).toList());
        server.accounts().assign(tutor, Accounts.SCOPE_GROUP, data.groups().stream().map(Group::id).toList());
    }

    @Test
    void aCaseloadSyncedFromOneLaptopArrivesWholeOnTheTutorsOtherLaptop() throws Exception {
        RecordStore first = laptop("first");
        DemoCaseload.Data data = DemoCaseload.fill(first, 7, DemoCaseload.Scale.TINY, LocalDate.of(2026, 11, 24));
        assign("tutor.a", data);
        // Small batches, so the round takes several pushes and pulls.
        SyncClient one = enrolled(first, "tutor.a", 37);
        AtomicInteger progressCalls = new AtomicInteger();
        SyncReport sent = one.sync((phase, done, left) -> progressCalls.incrementAndGet(), () -> false);
        assertTrue(sent.complete());
        assertTrue(sent.rejected().isEmpty(), "nothing refused: " + one.rejections());
        assertTrue(sent.conflicts().isEmpty());
        assertTrue(first.pendingOutbox(10).isEmpty(), "the outbox is empty once head office has it");
        assertTrue(progressCalls.get() > 2);

        RecordStore second = laptop("second");
        SyncClient two = enrolled(second, "tutor.a", 37);
        SyncReport received = two.sync(SyncProgress.NONE, () -> false);
        Caseload there = Caseload.load(second);
        Caseload here = Caseload.load(first);
        assertEquals(here.learners().size(), there.learners().size());
        assertEquals(here.groups().size(), there.groups().size());
        assertEquals(here.tutorialCount(), there.tutorialCount());
        assertEquals(data.learners().get(0).familyName(), there.learner(data.learners().get(0).id()).orElseThrow().familyName());
        assertTrue(there.damaged().isEmpty());
        assertTrue(received.received() >= data.learners().size() + data.tutorials().size());
        assertTrue(second.pendingOutbox(10).isEmpty(), "pulled records are not sent back");

        // A second round brings nothing twice.
        assertEquals(0, two.sync(SyncProgress.NONE, () -> false).received());
    }

    /** Head office's request log while {@code body} runs: each request as "METHOD path". */
    private List<String> requestsSeenBy(ThrowingRunnable body) throws Exception {
        ListAppender<ILoggingEvent> log = new ch.qos.logback.core.read.ListAppender<>();
        logWhile(body, log, SyncServer.class.getName());
        return requests(log);
    }

    /** What the named loggers log while {@code body} runs, into {@code log}, until each answer's line is in. */
    private static void logWhile(ThrowingRunnable body, ListAppender<ILoggingEvent> log, String... loggerNames) throws Exception {
        List<Logger> loggers = java.util.Arrays.stream(loggerNames).map(n -> (Logger) LoggerFactory.getLogger(n)).toList();
        log.start();
        loggers.forEach(l -> l.addAppender(log));
        try {
            body.run();
            // each request is logged once its answer has gone: wait until the log stops growing
            int size = -1;
            while (size != log.list.size()) {
                size = log.list.size();
                Thread.sleep(500);
            }
        } finally {
            loggers.forEach(l -> l.detachAppender(log));
        }
    }

    /**
     * {@code store}, with {@code hook} told of each call by its method's name: just before it (with a
     * null result) and just after it (with what it returned, or a marker for nothing): how a test makes
     * something happen at that moment, such as a save just after the round read the outbox.
     */
    private static RecordStore watched(RecordStore store, java.util.function.BiConsumer<String, Object> hook) {
        return (RecordStore) java.lang.reflect.Proxy.newProxyInstance(RecordStore.class.getClassLoader(),
                new Class<?>[] {RecordStore.class}, (proxy, method, args) -> {
                    hook.accept(method.getName(), null);
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    hook.accept(method.getName(), result == null ? NOTHING : result);
                    return result;
                });
    }

    /**
     * A hook for {@link #watched}: while {@code failing}, the laptop goes down before it stores head
     * office's answer to its first batch (the third transaction of a round stores it).
     */
    private static java.util.function.BiConsumer<String, Object> downBeforeTheFirstAnswerIsStored(
            java.util.concurrent.atomic.AtomicBoolean failing) {
        AtomicInteger transactions = new AtomicInteger();
        return (method, result) -> {
            if (result == null && method.equals("inTransaction") && failing.get() && transactions.incrementAndGet() == 3) {
                throw new IllegalStateException("the laptop went down before it stored the answer");
            }
        };
    }

    /** The bodies of {@code ids} as a laptop of tutor.a enrolled afresh receives them in its first sync. */
    private List<String> onTheTutorsOtherLaptop(UUID... ids) throws Exception {
        RecordStore second = laptop("second");
        assertTrue(enrolled(second, "tutor.a", 500).sync(SyncProgress.NONE, () -> false).complete());
        List<String> bodies = new ArrayList<>();
        for (UUID id : ids) {
            bodies.add(new String(second.get(id).orElseThrow().body(), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /** What {@link #watched} hands its hook after a call that returned nothing. */
    private static final Object NOTHING = new Object();

    private static List<String> requests(ListAppender<ILoggingEvent> log) {
        return log.list.stream().filter(e -> e.getMessage().startsWith("request="))
                .map(e -> e.getArgumentArray()[1] + " " + e.getArgumentArray()[2]).toList();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aRoundThatOnlySendsThisLaptopsOwnChangesDoesNotAskHeadOfficeForAnEmptyPage() throws Exception {
        RecordStore first = laptop("first");
        DemoCaseload.Data data = DemoCaseload.fill(first, 13, DemoCaseload.Scale.TINY, LocalDate.of(2026, 11, 24));
        assign("tutor.a", data);
        SyncClient one = enrolled(first, "tutor.a", 37);
        SyncReport[] sent = new SyncReport[1];
        List<String> seen = requestsSeenBy(() -> sent[0] = one.sync(SyncProgress.NONE, () -> false));
        assertTrue(sent[0].complete());
        assertTrue(first.pendingOutbox(10).isEmpty(), "everything sent");
        assertTrue(seen.stream().filter(r -> r.startsWith("POST /api/v1/sync/push")).count() >= sent[0].sent() / 37,
                "several pushes: " + seen);
        assertEquals(List.of(), seen.stream().filter(r -> r.startsWith("GET /api/v1/sync/pull")).toList(),
                "head office's answers said nothing else was new: no pull asked for");

        // The tutor's other laptop takes everything, changes one learner and sends it: it too asks no pull.
        RecordStore second = laptop("second");
        SyncClient two = enrolled(second, "tutor.a", 500);
        assertEquals(sent[0].sent(), two.sync(SyncProgress.NONE, () -> false).received());
        // each answer moved the stored cursor past this laptop's own changes: it stands where a pull of
        // everything leaves the other laptop's
        assertEquals(two.account().orElseThrow().cursor(), one.account().orElseThrow().cursor());
        UUID learner = data.learners().get(0).id();
        String family = "\"familyName\":" + ProtocolJson.mapper().writeValueAsString(data.learners().get(0).familyName());
        String learnerJson = new String(second.get(learner).orElseThrow().body(), StandardCharsets.UTF_8);
        assertTrue(learnerJson.contains(family));
        second.save(RecordKind.Names.LEARNER, learner, learnerJson.replace(family, "\"familyName\":\"Quillbrook\"")
                .getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        List<String> seenTwo = requestsSeenBy(() -> assertEquals(1, two.sync(SyncProgress.NONE, () -> false).sent()));
        assertEquals(0, seenTwo.stream().filter(r -> r.startsWith("GET /api/v1/sync/pull")).count(), seenTwo.toString());

        // The first laptop sends a change of its own: the second laptop's change came between, so it pulls it in the same round.
        UUID group = data.groups().get(0).id();
        String name = "\"name\":" + ProtocolJson.mapper().writeValueAsString(data.groups().get(0).name());
        String groupJson = new String(first.get(group).orElseThrow().body(), StandardCharsets.UTF_8);
        assertTrue(groupJson.contains(name));
        first.save(RecordKind.Names.GROUP, group, groupJson.replace(name, "\"name\":\"Harbour Lane evening\"")
                .getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        SyncReport[] both = new SyncReport[1];
        List<String> seenOne = requestsSeenBy(() -> both[0] = one.sync(SyncProgress.NONE, () -> false));
        assertEquals(1, both[0].sent());
        assertEquals(1, both[0].received(), "the other laptop's change arrives in the round that sends this one's");
        assertEquals("Quillbrook", Caseload.load(first).learner(learner).orElseThrow().familyName());
        assertEquals(1, seenOne.stream().filter(r -> r.startsWith("GET /api/v1/sync/pull")).count(), seenOne.toString());

        // and the second laptop, pulling, gets the first laptop's change and nothing twice
        assertEquals(1, two.sync(SyncProgress.NONE, () -> false).received());
        assertTrue(new String(second.get(group).orElseThrow().body(), StandardCharsets.UTF_8).contains("Harbour Lane evening"));
        assertEquals(0, one.sync(SyncProgress.NONE, () -> false).received());
    }

    @Test
    void aRecordSavedAgainWhileItsChangeIsOnItsWayGoesNextOnTopOfItWithoutAConflict() throws Exception {
        RecordStore first = laptop("first");
        List<UUID> learners = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID id = UUID.randomUUID();
            learners.add(id);
            first.save(RecordKind.Names.LEARNER, id, ("{\"v\":1,\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        }
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, learners);
        // The round reads the outbox again to make the second batch ready while head office applies the
        // first: just then the tutor saves, again, a learner whose first change is in that first batch.
        AtomicInteger reads = new AtomicInteger();
        RecordStore busy = watched(first, (method, result) -> {
            if (result == null && method.equals("eachPending") && reads.incrementAndGet() == 2) {
                first.save(RecordKind.Names.LEARNER, learners.get(0), "{\"v\":2}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
            }
        });
        SyncReport round = enrolled(busy, "tutor.a", 20).sync(SyncProgress.NONE, () -> false);
        assertTrue(reads.get() >= 2);
        assertTrue(round.complete());
        assertEquals(List.of(), round.conflicts(), "the later change is based on the version head office had just applied");
        assertEquals(31, round.sent());
        assertTrue(first.pendingOutbox(10).isEmpty());

        RecordStore second = laptop("second");
        assertEquals(30, enrolled(second, "tutor.a", 500).sync(SyncProgress.NONE, () -> false).received());
        assertEquals("{\"v\":2}", new String(second.get(learners.get(0)).orElseThrow().body(), StandardCharsets.UTF_8));
    }

    @Test
    void aCancelledRoundResumesWhereItStoppedAndNothingArrivesTwice() throws Exception {
        RecordStore first = laptop("first");
        DemoCaseload.Data data = DemoCaseload.fill(first, 11, DemoCaseload.Scale.TINY, LocalDate.of(2026, 11, 24));
        assign("tutor.a", data);
        SyncClient one = enrolled(first, "tutor.a", 20);
        int total = first.pendingOutbox(Integer.MAX_VALUE).size();
        AtomicInteger checks = new AtomicInteger();
        SyncReport partial = one.sync(SyncProgress.NONE, () -> checks.incrementAndGet() > 2);
        assertFalse(partial.complete());
        int left = first.pendingOutbox(Integer.MAX_VALUE).size();
        assertTrue(left > 0 && left < total, "part sent, part waiting: " + left + " of " + total);

        SyncReport rest = one.sync(SyncProgress.NONE, () -> false);
        assertTrue(rest.complete());
        assertTrue(first.pendingOutbox(10).isEmpty());
        assertTrue(rest.rejected().isEmpty(), "no sequence trouble: " + one.rejections());

        RecordStore second = laptop("second");
        enrolled(second, "tutor.a", 500).sync(SyncProgress.NONE, () -> false);
        assertEquals(Caseload.load(first).tutorialCount(), Caseload.load(second).tutorialCount());
    }

    @Test
    void afterHeadOfficeIsRestoredFromABackupTheLaptopSendsAgainWhatItLost() throws Exception {
        RecordStore first = laptop("first");
        UUID kept = UUID.randomUUID();
        UUID edited = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        UUID added = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(kept, edited, deleted, added));
        for (UUID id : List.of(kept, edited, deleted)) {
            first.save(RecordKind.Names.LEARNER, id, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        }
        SyncClient one = enrolled(first, "tutor.a", 20);
        assertTrue(one.sync(SyncProgress.NONE, () -> false).complete());
        Path backup = tmp.resolve("head-office-backup.db");
        assertEquals(0, admin("backup", "--to", backup.toString()));

        // work head office acknowledged after its backup was taken
        first.save(RecordKind.Names.LEARNER, edited, "{\"v\":2}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        first.delete(deleted);
        first.save(RecordKind.Names.LEARNER, added, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        assertTrue(one.sync(SyncProgress.NONE, () -> false).complete());
        assertTrue(first.pendingOutbox(10).isEmpty());

        // head office is restored from the backup, on the same address
        int port = server.port();
        server.close();
        assertEquals(0, admin("restore", "--from", backup.toString()));
        server = SyncServer.start(ServerSettings.defaults().with("data-dir", tmp.resolve("server").toString())
                .with("port", String.valueOf(port)).with("host", "127.0.0.1"));

        SyncReport round = one.sync(SyncProgress.NONE, () -> false);
        assertTrue(round.complete());
        assertEquals(3, round.sent(), "the edit, the deletion and the new learner go again");
        assertTrue(round.conflicts().isEmpty());
        assertTrue(round.rejected().isEmpty());
        assertEquals("{\"v\":2}", new String(first.get(edited).orElseThrow().body(), StandardCharsets.UTF_8),
                "the laptop's newer version is not replaced by the backup's");
        assertTrue(first.get(deleted).orElseThrow().deleted());

        RecordStore second = laptop("second");
        assertTrue(enrolled(second, "tutor.a", 500).sync(SyncProgress.NONE, () -> false).complete());
        assertEquals("{\"v\":2}", new String(second.get(edited).orElseThrow().body(), StandardCharsets.UTF_8));
        assertTrue(second.get(deleted).orElseThrow().deleted());
        assertTrue(second.get(added).isPresent());
        assertTrue(second.get(kept).isPresent());

        // once done, the next round sends nothing again
        SyncReport after = one.sync(SyncProgress.NONE, () -> false);
        assertEquals(0, after.sent());
    }

    private int admin(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        return org.tutela.sync.server.ServerMain.execute(args, java.util.Map.of("TUTELA_DATA_DIR", tmp.resolve("server").toString()),
                new java.io.ByteArrayInputStream(new byte[0]), new java.io.PrintStream(out, true), new java.io.PrintStream(out, true));
    }

    @Test
    void anUrgentSafeguardingConcernReachesHeadOfficeBeforeEverythingQueuedEarlier() throws Exception {
        RecordStore first = laptop("first");
        DemoCaseload.Data data = DemoCaseload.fill(first, 5, DemoCaseload.Scale.TINY, LocalDate.of(2026, 11, 24));
        assign("tutor.a", data);
        UUID concern = UUID.randomUUID();
        UUID learner = data.learners().get(2).id();
        first.save("concern", concern, ("{\"id\":\"" + concern + "\",\"learnerId\":\"" + learner + "\"}").getBytes(StandardCharsets.UTF_8),
                WriteOptions.URGENT);
        java.util.Set<String> urgent = first.pendingOutbox(Integer.MAX_VALUE).stream()
                .filter(org.tutela.app.vault.OutboxEntry::urgent).map(e -> e.recordId().toString())
                .collect(Collectors.toSet());
        assertTrue(urgent.contains(concern.toString()));
        int queuedBefore = first.pendingOutbox(Integer.MAX_VALUE).size();
        assertTrue(queuedBefore > urgent.size() + 50, "plenty was queued before the concern");
        SyncClient client = enrolled(first, "tutor.a", 500);
        SyncReport report = client.sync(SyncProgress.NONE, () -> false);
        assertTrue(report.rejected().isEmpty(), client.rejections().toString());
        java.util.Set<String> firstApplied = new java.util.HashSet<>();
        try (var c = server.database().connection();
             var q = c.prepareStatement("SELECT record_id FROM records ORDER BY server_seq LIMIT " + urgent.size());
             var rs = q.executeQuery()) {
            while (rs.next()) {
                firstApplied.add(rs.getString(1));
            }
        }
        assertEquals(urgent, firstApplied, "the urgent concerns were applied before everything else");
    }

    @Test
    void aRecordChangedOnBothLaptopsKeepsBothVersionsUntilTheTutorChooses() throws Exception {
        RecordStore first = laptop("first");
        DemoCaseload.Data data = DemoCaseload.fill(first, 3, DemoCaseload.Scale.TINY, LocalDate.of(2026, 11, 24));
        assign("tutor.a", data);
        SyncClient one = enrolled(first, "tutor.a", 500);
        one.sync(SyncProgress.NONE, () -> false);
        RecordStore second = laptop("second");
        SyncClient two = enrolled(second, "tutor.a", 500);
        two.sync(SyncProgress.NONE, () -> false);

        Learner learner = data.learners().get(0);
        Caseload.load(first).learnerWrites().save(learner.toBuilder().preferredName("Quillo").build());
        Caseload.load(second).learnerWrites().save(learner.toBuilder().preferredName("Zephy").build());
        one.sync(SyncProgress.NONE, () -> false);
        SyncReport clash = two.sync(SyncProgress.NONE, () -> false);
        assertEquals(List.of(learner.id()), clash.conflicts());
        assertEquals(List.of(learner.id()), two.conflicts().stream().map(SyncConflict::recordId).toList());
        assertEquals("Zephy", Caseload.load(second).learner(learner.id()).orElseThrow().preferredName(), "mine is kept");
        StoredRecord theirs = two.headOfficeVersion(learner.id()).orElseThrow();
        assertTrue(new String(theirs.body(), StandardCharsets.UTF_8).contains("Quillo"), "theirs is kept too");

        // The tutor keeps their own: it goes to head office on top, and reaches the other laptop.
        two.keepMine(learner.id());
        assertTrue(two.conflicts().isEmpty());
        assertTrue(two.sync(SyncProgress.NONE, () -> false).conflicts().isEmpty());
        one.sync(SyncProgress.NONE, () -> false);
        assertEquals("Zephy", Caseload.load(first).learner(learner.id()).orElseThrow().preferredName());
    }

    @Test
    void refusedChangesStayWaitingVisiblyAndGoOnceHeadOfficeAssignsTheLearners() throws Exception {
        RecordStore first = laptop("first");
        DemoCaseload.Data data = DemoCaseload.fill(first, 9, DemoCaseload.Scale.TINY, LocalDate.of(2026, 11, 24));
        // Head office has assigned every group but the first learner's, and no learner on their own.
        Learner outside = data.learners().get(0);
        UUID missingGroup = outside.primaryGroupId();
        server.accounts().assign("tutor.a", Accounts.SCOPE_GROUP,
                data.groups().stream().map(Group::id).filter(id -> !id.equals(missingGroup)).toList());
        UUID concern = UUID.randomUUID();
        first.save("concern", concern, ("{\"id\":\"" + concern + "\",\"learnerId\":\"" + outside.id() + "\"}")
                .getBytes(StandardCharsets.UTF_8), WriteOptions.URGENT);
        SyncClient one = enrolled(first, "tutor.a", 500);
        SyncReport report = one.sync(SyncProgress.NONE, () -> false);
        assertTrue(report.rejected().contains(outside.id()));
        assertTrue(report.rejected().contains(concern), "a concern about a learner outside the caseload is refused too");
        assertTrue(one.rejections().values().stream().allMatch("OUT_OF_SCOPE"::equals), one.rejections().toString());
        java.util.Set<UUID> waiting = first.pendingOutbox(Integer.MAX_VALUE).stream().map(org.tutela.app.vault.OutboxEntry::recordId)
                .collect(Collectors.toSet());
        assertEquals(one.rejections().keySet(), waiting, "what was refused waits, and nothing else: the rest went through");
        assertTrue(first.pendingOutbox(Integer.MAX_VALUE).stream().anyMatch(e -> e.recordId().equals(concern) && e.urgent()),
                "the refused concern still waits as urgent: not delivered");

        // A second round offers them again, and head office refuses them again.
        SyncReport again = one.sync(SyncProgress.NONE, () -> false);
        assertEquals(waiting, java.util.Set.copyOf(again.rejected()));
        RecordStore other = laptop("other");
        enrolled(other, "tutor.b", 500).sync(SyncProgress.NONE, () -> false);
        assertTrue(Caseload.load(other).learners().isEmpty(), "another tutor sees none of them");

        // Head office assigns the group: the next round sends them all, and the refusals are gone.
        server.accounts().assign("tutor.a", Accounts.SCOPE_GROUP, List.of(missingGroup));
        SyncReport sent = one.sync(SyncProgress.NONE, () -> false);
        assertTrue(sent.rejected().isEmpty(), one.rejections().toString());
        assertTrue(sent.sent() >= waiting.size());
        assertTrue(one.rejections().isEmpty());
        assertTrue(first.pendingOutbox(10).isEmpty());
        RecordStore second = laptop("second");
        enrolled(second, "tutor.a", 500).sync(SyncProgress.NONE, () -> false);
        assertTrue(second.get(concern).isPresent(), "the concern reached head office and the tutor's other laptop");
        assertEquals(Caseload.load(first).learners().size(), Caseload.load(second).learners().size());
    }

    @Test
    void aChangeHeadOfficeRefusedCanBeDiscardedKnowingly() throws Exception {
        RecordStore first = laptop("first");
        UUID stray = UUID.randomUUID();
        first.save(RecordKind.Names.LEARNER, stray, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        SyncClient one = enrolled(first, "tutor.a", 500);
        assertEquals(List.of(stray), one.sync(SyncProgress.NONE, () -> false).rejected());
        one.discardRefused(stray);
        assertTrue(one.rejections().isEmpty());
        assertTrue(first.pendingOutbox(10).isEmpty());
        assertTrue(first.get(stray).isPresent(), "the record stays on the laptop");
        assertEquals(0, one.sync(SyncProgress.NONE, () -> false).sent());
    }

    @Test
    void badAddressesPasswordsCertificatesAndRevokedLaptopsGetAReasonTheTutorCanActOn() throws Exception {
        RecordStore store = laptop("first");
        SyncClient client = new SyncClient(store);
        assertEquals(SyncException.Reason.NOT_ENROLLED,
                assertThrows(SyncException.class, () -> client.sync(SyncProgress.NONE, () -> false)).reason());
        assertEquals(SyncException.Reason.BAD_CREDENTIALS, assertThrows(SyncException.class,
                () -> client.enrol(url, server.fingerprint(), "tutor.a", "wrong password here".toCharArray(), "x")).reason());
        // another certificate's fingerprint: the first byte changed (the server's own may start with AA)
        String otherPin = (server.fingerprint().startsWith("AA:") ? "BB:" : "AA:") + server.fingerprint().substring(3);
        assertEquals(SyncException.Reason.UNTRUSTED_SERVER, assertThrows(SyncException.class,
                () -> client.enrol(url, otherPin, "tutor.a", PW.toCharArray(), "x")).reason());
        assertThrows(IllegalArgumentException.class,
                () -> client.enrol("http://127.0.0.1:" + server.port(), server.fingerprint(), "tutor.a", PW.toCharArray(), "x"));
        assertFalse(client.isEnrolled(), "nothing kept from failed tries");

        client.enrol(url, server.fingerprint(), "tutor.a", PW.toCharArray(), "x");
        String deviceId = client.account().orElseThrow().deviceId().toString();
        assertTrue(server.accounts().revokeDevice(deviceId));
        assertEquals(SyncException.Reason.REVOKED,
                assertThrows(SyncException.class, () -> client.sync(SyncProgress.NONE, () -> false)).reason());

        int port = server.port();
        server.close();
        SyncClient offline = new SyncClient(laptop("second"));
        assertEquals(SyncException.Reason.OFFLINE, assertThrows(SyncException.class,
                () -> offline.enrol("https://127.0.0.1:" + port, server.fingerprint(), "tutor.a", PW.toCharArray(), "x")).reason());
        server = SyncServer.start(ServerSettings.defaults().with("data-dir", tmp.resolve("server2").toString())
                .with("port", "0").with("host", "127.0.0.1"));
    }

    @Test
    void theDeviceTokenIsNeverStoredInPlaintext() throws Exception {
        RecordStore store = laptop("first");
        SyncClient client = enrolled(store, "tutor.a", 500);
        String token = client.account().orElseThrow().deviceToken();
        vaults.get(0).checkpoint();
        byte[] bytes = java.nio.file.Files.readAllBytes(tmp.resolve("first.tutela"));
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains(token), "the token is encrypted in the vault");
        Path wal = tmp.resolve("first.tutela-wal");
        if (java.nio.file.Files.exists(wal)) {
            assertFalse(new String(java.nio.file.Files.readAllBytes(wal), StandardCharsets.ISO_8859_1).contains(token));
        }
        assertFalse(Caseload.load(store).learners().stream().map(Learner::familyName).collect(Collectors.joining()).contains(token));
    }

    @Test
    void aChangeSavedWhileTheRoundNumbersWhatItSendsGoesToHeadOfficeToo() throws Exception {
        RecordStore first = laptop("first");
        UUID learner = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(learner));
        first.save(RecordKind.Names.LEARNER, learner, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        // The tutor saves again just after the round has read the outbox, before it numbers what it sends.
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        RecordStore busy = watched(first, (method, result) -> {
            if (result != null && method.equals("eachPending") && once.compareAndSet(false, true)) {
                first.save(RecordKind.Names.LEARNER, learner, "{\"v\":2}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
            }
        });
        SyncClient one = enrolled(busy, "tutor.a", 20);
        SyncReport round = one.sync(SyncProgress.NONE, () -> false);
        assertTrue(once.get());
        assertTrue(round.complete());
        assertEquals(2, round.sent(), "the version read first, then the later one");
        assertTrue(first.pendingOutbox(10).isEmpty());

        RecordStore second = laptop("second");
        assertTrue(enrolled(second, "tutor.a", 500).sync(SyncProgress.NONE, () -> false).complete());
        assertEquals("{\"v\":2}", new String(second.get(learner).orElseThrow().body(), StandardCharsets.UTF_8),
                "head office has the tutor's latest version");
    }

    /**
     * Head office applied a batch, and the laptop never stored its answer (here the round fails just
     * then); the tutor saves the record again before the next sync. The retry must be the change that
     * was sent, not the record as it is now: head office takes it for what it is (received before) and
     * the later save goes on top, with no conflict and nothing numbered anew. Seen red with the vault's
     * trigger that keeps a record as it was sent taken out: the retry came back as another change under
     * the same number, head office refused the sequence, and the tutor was shown a conflict with their own edit.
     */
    @Test
    void aChangeWhoseAnswerWasLostIsSentAgainAsItWasThoughTheTutorSavedTheRecordSince() throws Exception {
        RecordStore first = laptop("first");
        UUID learner = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(learner));
        first.save(RecordKind.Names.LEARNER, learner, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        RecordStore crashing = watched(first, downBeforeTheFirstAnswerIsStored(failing));
        SyncClient one = enrolled(crashing, "tutor.a", 20);
        assertThrows(RuntimeException.class, () -> one.sync(SyncProgress.NONE, () -> false));
        assertEquals(1, first.recordsInOutbox(true).size(), "on its way, unanswered");

        first.save(RecordKind.Names.LEARNER, learner, "{\"v\":2}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        failing.set(false);
        SyncReport round = one.sync(SyncProgress.NONE, () -> false);
        assertTrue(round.complete());
        assertEquals(List.of(), round.conflicts(), "the tutor's own edit is no conflict");
        assertEquals(List.of(), round.rejected());
        assertEquals(2, round.sent(), "the change sent before, answered now, then the later one");
        assertTrue(first.pendingOutbox(10).isEmpty());

        assertEquals(List.of("{\"v\":2}"), onTheTutorsOtherLaptop(learner));
    }

    @Test
    void aCopyKeptOfWhatWasSentGoesAgainAsItWasWhenItsAnswerIsLost() throws Exception {
        RecordStore first = laptop("first");
        UUID other = UUID.randomUUID();
        UUID learner = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(other, learner));
        first.save(RecordKind.Names.LEARNER, other, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        first.save(RecordKind.Names.LEARNER, learner, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        // the tutor saves the second learner again just after the round read the outbox (so a copy of
        // what is sent is kept, in the middle of the request), and the laptop goes down before it
        // stores head office's answer
        java.util.concurrent.atomic.AtomicBoolean saved = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.function.BiConsumer<String, Object> savedAgain = (method, result) -> {
            if (result != null && method.equals("eachPending") && saved.compareAndSet(false, true)) {
                first.save(RecordKind.Names.LEARNER, learner, "{\"v\":2}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
            }
        };
        RecordStore crashing = watched(first, savedAgain.andThen(downBeforeTheFirstAnswerIsStored(failing)));
        SyncClient one = enrolled(crashing, "tutor.a", 20);
        assertThrows(RuntimeException.class, () -> one.sync(SyncProgress.NONE, () -> false));
        assertTrue(first.pendingOutbox(10).stream().anyMatch(e -> e.inFlight() && e.sent() != null && e.recordId().equals(learner)),
                "a copy kept of what was sent, unanswered");

        failing.set(false);
        SyncReport round = one.sync(SyncProgress.NONE, () -> false);
        assertTrue(round.complete());
        assertEquals(List.of(), round.conflicts());
        assertEquals(List.of(), round.rejected());
        assertEquals(3, round.sent(), "the two changes sent before, answered now, then the later one");
        assertTrue(first.pendingOutbox(10).isEmpty());

        assertEquals(List.of("{\"v\":2}", "{\"v\":1}"), onTheTutorsOtherLaptop(learner, other));
    }

    @Test
    void aDeletionFromACaseloadShownBeforeASyncChangedTheRecordKeepsTheUnseenVersionForTheTutor() throws Exception {
        RecordStore first = laptop("first");
        Group group = Group.create("Group Vell", "Study Programme", "Harbour Campus", "tutor.a",
                org.tutela.app.domain.ReviewFrequency.halfTermly());
        Learner added = Learner.builder().givenName("Oddny").familyName("Quarrelby").group(group.id()).build();
        Caseload here = Caseload.load(first);
        here.learnerWrites().save(group);
        here.learnerWrites().save(added);
        server.accounts().assign("tutor.a", Accounts.SCOPE_GROUP, List.of(group.id()));
        SyncClient one = enrolled(first, "tutor.a", 500);
        assertTrue(one.sync(SyncProgress.NONE, () -> false).complete());
        RecordStore second = laptop("second");
        SyncClient two = enrolled(second, "tutor.a", 500);
        assertTrue(two.sync(SyncProgress.NONE, () -> false).complete());

        // the other laptop changes the learner; this laptop's screen still shows the caseload loaded before its sync
        Caseload there = Caseload.load(second);
        there.learnerWrites().save(there.learner(added.id()).orElseThrow().toBuilder().preferredName("Rill").build(), there.opened(added.id()));
        assertTrue(two.sync(SyncProgress.NONE, () -> false).complete());
        Caseload shown = Caseload.load(first);
        assertTrue(one.sync(SyncProgress.NONE, () -> false).complete());
        shown.learnerWrites().deleteLearner(added.id());

        // the tutor deleted a version they never saw: both are kept for them to choose, nothing is deleted unseen
        assertEquals(List.of(added.id()), one.conflicts().stream().map(SyncConflict::recordId).toList());
        assertTrue(one.sync(SyncProgress.NONE, () -> false).complete());
        assertTrue(two.sync(SyncProgress.NONE, () -> false).complete());
        assertFalse(second.get(added.id()).orElseThrow().deleted(), "head office and the other laptop keep the change");
        one.keepHeadOffice(added.id());
        assertEquals("Rill", Caseload.load(first).learner(added.id()).orElseThrow().preferredName());
        assertTrue(one.sync(SyncProgress.NONE, () -> false).complete());
        assertTrue(first.pendingOutbox(10).isEmpty());
    }

    @Test
    void choosingHeadOfficesVersionWhileARoundBringsANewerOneKeepsTheNewerOne() throws Exception {
        RecordStore first = laptop("first");
        UUID learner = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(learner));
        first.save(RecordKind.Names.LEARNER, learner, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        SyncClient one = enrolled(first, "tutor.a", 500);
        assertTrue(one.sync(SyncProgress.NONE, () -> false).complete());
        RecordStore second = laptop("second");
        SyncClient two = enrolled(second, "tutor.a", 500);
        assertTrue(two.sync(SyncProgress.NONE, () -> false).complete());
        second.save(RecordKind.Names.LEARNER, learner, "{\"v\":2}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        assertTrue(two.sync(SyncProgress.NONE, () -> false).complete());
        first.save(RecordKind.Names.LEARNER, learner, "{\"v\":\"mine\"}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        assertEquals(List.of(learner), one.sync(SyncProgress.NONE, () -> false).conflicts());

        // The tutor chooses head office's version just as a background round brings a newer one.
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
        RecordStore choosing = watched(first, (method, result) -> {
            if (result == null && method.equals("inTransaction") && armed.compareAndSet(true, false)) {
                second.save(RecordKind.Names.LEARNER, learner, "{\"v\":3}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
                assertTrue(two.sync(SyncProgress.NONE, () -> false).complete());
                assertTrue(new SyncClient(first).sync(SyncProgress.NONE, () -> false).complete());
            }
        });
        new SyncClient(choosing).keepHeadOffice(learner);
        assertFalse(armed.get());
        assertTrue(one.sync(SyncProgress.NONE, () -> false).complete());
        assertEquals("{\"v\":3}", new String(first.get(learner).orElseThrow().body(), StandardCharsets.UTF_8),
                "the laptop holds head office's latest version, not the one it showed a moment before");
        assertTrue(one.conflicts().isEmpty());
        assertTrue(first.pendingOutbox(10).isEmpty());
    }

    /**
     * {@code count} learners of tutor.a's in {@code store}, each record's JSON a note of about
     * {@code noteChars} characters, three in every forty of them quotes or a backslash (escaped on
     * the wire, each takes two bytes there).
     */
    private List<UUID> learnersWithNotes(RecordStore store, int count, int noteChars) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, ids);
        String note = "Settling in \"well\" at the placement \\ ".repeat(Math.max(1, noteChars / 40));
        List<byte[]> bodies = new ArrayList<>();
        for (UUID id : ids) {
            bodies.add(ProtocolJson.mapper().writeValueAsBytes(java.util.Map.of("id", id.toString(), "note", note)));
        }
        store.inTransaction(s -> {
            for (int i = 0; i < ids.size(); i++) {
                s.save(RecordKind.Names.LEARNER, ids.get(i), bodies.get(i), WriteOptions.NORMAL);
            }
            return null;
        });
        return ids;
    }

    /**
     * Head office's request log while {@code body} runs: each push's answer's HTTP status, those the
     * web layer gave before the request reached head office (a body over its size limit) among them.
     */
    private List<String> pushStatusesSeenBy(ThrowingRunnable body) throws Exception {
        ListAppender<ILoggingEvent> log = new ch.qos.logback.core.read.ListAppender<>();
        logWhile(body, log, SyncServer.class.getName(), "org.tutela.sync.server.JsonErrorHandler");
        List<String> statuses = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(log.list)) {
            Object[] a = e.getArgumentArray();
            if (e.getMessage().contains("refused by the web layer") && "POST".equals(String.valueOf(a[1]))) {
                statuses.add(String.valueOf(a[2]));
            } else if (e.getMessage().startsWith("request=") && String.valueOf(a[2]).startsWith("/api/v1/sync/push")) {
                statuses.add(String.valueOf(a[3]));
            }
        }
        return statuses;
    }

    /** Every one of {@code ids} on a second laptop of tutor.a's, exactly as the first laptop holds it. */
    private void assertArriveWhole(RecordStore first, List<UUID> ids) {
        RecordStore second = laptop("second");
        assertTrue(enrolled(second, "tutor.a", 1000).sync(SyncProgress.NONE, () -> false).complete());
        for (UUID id : ids) {
            assertEquals(new String(first.get(id).orElseThrow().body(), StandardCharsets.UTF_8),
                    new String(second.get(id).orElseThrow().body(), StandardCharsets.UTF_8));
        }
        assertTrue(first.pendingOutbox(10).isEmpty(), "nothing left waiting");
    }

    @Test
    void longRecordsGoInRequestsNoLargerThanHeadOfficeTakes() throws Exception {
        RecordStore first = laptop("first");
        // 600 records of about 20 KB: 12 MB in all, where head office takes 8 MiB a request
        List<UUID> ids = learnersWithNotes(first, 600, 20_000);
        SyncClient one = enrolled(first, "tutor.a", 1000);
        List<String> statuses = pushStatusesSeenBy(() -> assertTrue(one.sync(SyncProgress.NONE, () -> false).complete()));
        assertTrue(statuses.size() > 1, "several requests: " + statuses);
        assertTrue(statuses.stream().allMatch("200"::equals), "none refused as too large: " + statuses);
        assertArriveWhole(first, ids);
    }

    @Test
    void aHeadOfficeTakingFewerEntriesABatchGetsSmallerBatchesAndEverythingArrivesOnce() throws Exception {
        RecordStore first = laptop("first");
        List<UUID> ids = learnersWithNotes(first, 1_300, 100);
        // batches of 1,300 entries, more than head office takes (as an older head office takes fewer than this laptop sends)
        SyncClient one = SyncClient.sendingBatchesOf(first, 1_300);
        one.enrol(url, server.fingerprint(), "tutor.a", PW.toCharArray(), "test laptop");
        List<String> statuses = pushStatusesSeenBy(() -> assertTrue(one.sync(SyncProgress.NONE, () -> false).complete()));
        assertEquals(List.of("413", "200", "200"), statuses, "refused once, then in batches of the size head office said");
        assertArriveWhole(first, ids);
        assertEquals(0, one.sync(SyncProgress.NONE, () -> false).sent(), "nothing sent twice");
    }
}
