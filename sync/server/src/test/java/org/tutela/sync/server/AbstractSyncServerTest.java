package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.PullResponse;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;

/**
 * The sync contract, proved against a real server over real HTTPS. Subclasses run it on SQLite
 * and on a real PostgreSQL.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class AbstractSyncServerTest {
    static final String PW = "correct horse battery";

    @TempDir
    Path tmp;
    SyncServer server;
    TestClient client;
    List<UUID> learnersA;
    List<UUID> learnersB;

    abstract TestBackend backend();

    ServerSettings settings;

    @BeforeEach
    void start() throws Exception {
        settings = backend().settings(tmp);
        server = SyncServer.start(settings);
        client = new TestClient(server.port(), server.certificate());
        Accounts accounts = server.accounts();
        accounts.addUser("tutor.a", Role.TUTOR, PW.toCharArray());
        accounts.addUser("tutor.b", Role.TUTOR, PW.toCharArray());
        accounts.addUser("lead", Role.SAFEGUARDING_LEAD, PW.toCharArray());
        learnersA = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        learnersB = List.of(UUID.randomUUID(), UUID.randomUUID());
        accounts.assign("tutor.a", Accounts.SCOPE_LEARNER, learnersA);
        accounts.assign("tutor.b", Accounts.SCOPE_LEARNER, learnersB);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            try {
                RecordChangeLog.assertHoldsEachRecordOnceAtItsSequence(server.database());
            } finally {
                server.close();
            }
        }
    }

    // ---- helpers

    long count(String sql) throws Exception {
        try (Connection c = server.database().connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Everything a request could change, as one comparable string. */
    String snapshot() throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = server.database().connection()) {
            for (String sql : List.of(
                    "SELECT record_id, revision, server_seq, payload FROM records ORDER BY record_id",
                    "SELECT device_id, device_seq, status, server_seq FROM receipts ORDER BY device_id, device_seq",
                    "SELECT id, acked_seq, entries_received, revoked_at FROM devices ORDER BY id",
                    "SELECT epoch, last_seq FROM server_state")) {
                try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    /** {@code n} new tutorials across tutor A's learners, payloads {"n":0}, {"n":1}, … */
    List<PushEntry> numberedTutorials(TestClient.Device d, int n) {
        List<PushEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(tutorial(d, learnersA.get(i % 3), "{\"n\":" + i + "}"));
        }
        return batch;
    }

    static PushEntry tutorial(TestClient.Device d, UUID learner, String payload) {
        return d.entry(UUID.randomUUID(), RecordKinds.TUTORIAL, 0, learner, payload);
    }

    static EntryResult only(PushResponse r) {
        assertEquals(1, r.results().size());
        return r.results().get(0);
    }

    // ---- the proofs

    @Test
    void healthAnswersWithVersionsAndEpoch() throws Exception {
        JsonNode h = client.get(Protocol.PATH_HEALTH, null).json();
        assertEquals("ok", h.get("status").asText());
        assertEquals("1", h.get("supportedProtocolVersions").get(0).asText());
        assertEquals(server.database().epoch(), h.get("serverEpoch").asText());
    }

    /** A push naming the device's pull cursor; the answer says where the cursor may move and whether a pull would bring anything. */
    PushResponse pushAfter(TestClient.Device d, long after, List<PushEntry> entries) throws Exception {
        return client.post(Protocol.PATH_PUSH + "?after=" + after, d.token, d.pushJson(entries)).as(PushResponse.class);
    }

    @Test
    void aPushNamingTheCursorSaysWhetherAPullWouldBringAnythingAndItsWordHolds() throws Exception {
        TestClient.Device laptop = client.device("tutor.a", PW);
        TestClient.Device desktop = client.device("tutor.a", PW);
        desktop.push(numberedTutorials(desktop, 2));
        long cursor = laptop.pull(0, 1000).nextCursor();

        // only the laptop's own changes come after its cursor: the cursor moves past them, and nothing to pull
        PushResponse first = pushAfter(laptop, cursor, numberedTutorials(laptop, 5));
        assertEquals(cursor + 5, first.nextCursor());
        assertEquals(Boolean.FALSE, first.hasMore());
        PullResponse check = laptop.pull(cursor, 1000);
        assertEquals(List.of(), check.changes(), "the pull the answer spared would have brought nothing");
        assertEquals(first.nextCursor(), check.nextCursor());
        PushResponse second = pushAfter(laptop, first.nextCursor(), numberedTutorials(laptop, 3));
        assertEquals(first.nextCursor() + 3, second.nextCursor());
        assertEquals(Boolean.FALSE, second.hasMore());

        // a push without the cursor is answered as before, without these fields
        TestClient.Reply plain = desktop.pushRaw(List.of(tutorial(desktop, learnersA.get(0), "{\"from\":\"desktop\"}")));
        assertFalse(plain.json().has("nextCursor"));
        assertFalse(plain.json().has("hasMore"));

        // the desktop's change lies between: the cursor stays, and the laptop must ask
        PushResponse third = pushAfter(laptop, second.nextCursor(), numberedTutorials(laptop, 1));
        assertEquals(second.nextCursor(), third.nextCursor());
        assertEquals(Boolean.TRUE, third.hasMore());
        List<SyncRecord> missed = laptop.pullAll(third.nextCursor(), 1000);
        assertEquals(1, missed.size());
        assertEquals("{\"from\":\"desktop\"}", missed.get(0).payload());

        // a cursor this server never handed out: the laptop must ask (and its pull is refused as a replaced database)
        long last = count("SELECT last_seq FROM server_state");
        PushResponse ahead = pushAfter(laptop, last + 100, numberedTutorials(laptop, 1));
        assertEquals(last + 100, ahead.nextCursor());
        assertEquals(Boolean.TRUE, ahead.hasMore());

        // a cursor that is not one: refused whole, nothing applied
        String before = snapshot();
        TestClient.Reply bad = client.post(Protocol.PATH_PUSH + "?after=-1", laptop.token, laptop.pushJson(numberedTutorials(laptop, 1)));
        assertEquals(400, bad.status());
        assertEquals(ErrorCodes.INVALID_FIELD, bad.json().get("code").asText());
        assertEquals("after", bad.json().get("field").asText());
        assertEquals(before, snapshot());
    }

    @Test
    void pushThenPullFromSecondDeviceDeliversEverythingOnce() throws Exception {
        TestClient.Device laptop = client.device("tutor.a", PW);
        TestClient.Device desktop = client.device("tutor.a", PW);
        List<PushEntry> batch = new ArrayList<>();
        for (UUID l : learnersA) {
            batch.add(laptop.learner(l, 0, "{\"name\":\"Invented " + l + "\"}"));
        }
        for (int i = 0; i < 117; i++) {
            batch.add(tutorial(laptop, learnersA.get(i % 3), "{\"comments\":\"session " + i + "\"}"));
        }
        PushResponse pushed = laptop.push(batch);
        assertEquals(120, pushed.acknowledgedSequence());
        assertTrue(pushed.results().stream().allMatch(r -> r.status() == EntryStatus.APPLIED));

        List<SyncRecord> got = desktop.pullAll(0, 25);
        assertEquals(120, got.size());
        Set<UUID> ids = new HashSet<>();
        long last = 0;
        for (SyncRecord r : got) {
            assertTrue(ids.add(r.recordId()), "delivered twice: " + r.recordId());
            assertTrue(r.serverSequence() > last, "out of order");
            last = r.serverSequence();
        }
        Map<UUID, String> sent = new HashMap<>();
        batch.forEach(e -> sent.put(e.recordId(), e.payload()));
        for (SyncRecord r : got) {
            assertEquals(sent.get(r.recordId()), r.payload());
        }
        // the pushing device does not get its own changes back, but its cursor moves past them
        PullResponse own = laptop.pull(0, 1000);
        assertEquals(0, own.changes().size());
        assertEquals(last, own.nextCursor());
        // after a restore it asks for them too, to see what the server has lost
        PullResponse all = client.get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1&after=0&limit=1000&includeOwn=true",
                laptop.token).as(PullResponse.class);
        assertEquals(120, all.changes().size());
        TestClient.Reply bad = client.get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1&includeOwn=yes", laptop.token);
        assertEquals(400, bad.status());
        assertEquals("includeOwn", bad.json().get("field").asText());
        PullResponse again = desktop.pull(last, 100);
        assertEquals(0, again.changes().size());
        assertFalse(again.hasMore());
        // the admin's status sees the desktop caught up to the last change
        Accounts.DeviceInfo seen = server.accounts().listDevices("tutor.a").stream()
                .filter(i -> i.id().equals(desktop.id.toString())).findFirst().orElseThrow();
        assertEquals(last, seen.lastPullCursor());
        assertNotNull(seen.lastPullAt());
    }

    @Test
    void sameBatchTwiceAndConcurrentlyIsAppliedOnce() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        List<PushEntry> batch = numberedTutorials(d, 50);
        String json = d.pushJson(batch);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestClient.Reply>> replies = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            replies.add(pool.submit(() -> {
                go.await();
                return client.post(Protocol.PATH_PUSH, d.token, json);
            }));
        }
        go.countDown();
        Map<Long, Long> seqByDeviceSeq = new HashMap<>();
        int applied = 0;
        int duplicate = 0;
        for (Future<TestClient.Reply> f : replies) {
            PushResponse r = f.get(60, TimeUnit.SECONDS).as(PushResponse.class);
            assertEquals(50, r.acknowledgedSequence());
            for (EntryResult e : r.results()) {
                assertNotNull(e.serverSequence());
                Long before = seqByDeviceSeq.putIfAbsent(e.deviceSequence(), e.serverSequence());
                if (before != null) {
                    assertEquals(before, e.serverSequence(), "a duplicate must repeat the original answer");
                }
                if (e.status() == EntryStatus.APPLIED) {
                    applied++;
                } else {
                    assertEquals(EntryStatus.DUPLICATE, e.status());
                    assertEquals(EntryStatus.APPLIED, e.originalStatus());
                    duplicate++;
                }
            }
        }
        pool.shutdown();
        assertEquals(50, applied);
        assertEquals(50, duplicate);
        PushResponse third = client.post(Protocol.PATH_PUSH, d.token, json).as(PushResponse.class);
        assertTrue(third.results().stream().allMatch(r -> r.status() == EntryStatus.DUPLICATE
                && r.serverSequence().equals(seqByDeviceSeq.get(r.deviceSequence()))));
        assertEquals(50, count("SELECT COUNT(*) FROM records"));
        assertEquals(50, count("SELECT last_seq FROM server_state"));
        assertEquals(50, count("SELECT COALESCE(SUM(run_length), 0) FROM receipts"));
    }

    @Test
    void responseLostAfterCommitThenRetryDoesNotDouble() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        TestClient.Device other = client.device("tutor.a", PW);
        List<PushEntry> batch = numberedTutorials(d, 30);
        byte[] body = d.pushJson(batch).getBytes(StandardCharsets.UTF_8);
        // send the request over a raw TLS socket and hang up without reading the answer
        try (SSLSocket s = pinnedSocket()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST " + Protocol.PATH_PUSH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + d.token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            long deadline = System.currentTimeMillis() + 20_000;
            while (count("SELECT COALESCE(SUM(run_length), 0) FROM receipts") < 30) {
                assertTrue(System.currentTimeMillis() < deadline, "the server never committed the batch");
                Thread.sleep(20);
            }
        } // closed: the answer is lost
        PushResponse retry = d.push(batch);
        assertEquals(30, retry.results().size());
        for (EntryResult r : retry.results()) {
            assertEquals(EntryStatus.DUPLICATE, r.status());
            assertEquals(EntryStatus.APPLIED, r.originalStatus());
            assertNotNull(r.serverSequence());
        }
        assertEquals(30, retry.acknowledgedSequence());
        assertEquals(30, count("SELECT COUNT(*) FROM records"));
        assertEquals(30, count("SELECT last_seq FROM server_state"));
        assertEquals(30, other.pullAll(0, 7).size());
    }

    @Test
    void twoDevicesEditTheSameRecordAndTheSecondGetsTheServerVersion() throws Exception {
        TestClient.Device one = client.device("tutor.a", PW);
        TestClient.Device two = client.device("tutor.a", PW);
        UUID learner = learnersA.get(0);
        assertEquals(EntryStatus.APPLIED, only(one.push(List.of(one.learner(learner, 0, "{\"v\":\"first\"}")))).status());
        SyncRecord seen = two.pull(0, 10).changes().get(0);
        assertEquals(1, seen.revision());
        assertEquals(EntryStatus.APPLIED, only(two.push(List.of(two.learner(learner, 1, "{\"v\":\"two's edit\"}")))).status());
        EntryResult r = only(one.push(List.of(one.learner(learner, 1, "{\"v\":\"one's edit\"}"))));
        assertEquals(EntryStatus.CONFLICT, r.status());
        assertNotNull(r.serverRecord());
        assertEquals(2, r.serverRecord().revision());
        assertEquals("{\"v\":\"two's edit\"}", r.serverRecord().payload());
        assertEquals("{\"v\":\"two's edit\"}", one.pull(0, 10).changes().get(0).payload());
        // after a merge the device pushes on top of the server's revision
        EntryResult merged = only(one.push(List.of(one.learner(learner, 2, "{\"v\":\"merged\"}"))));
        assertEquals(EntryStatus.APPLIED, merged.status());
        assertEquals(3, count("SELECT revision FROM records"));
    }

    @Test
    void aRecordCreatedOnTwoDevicesIsAConflictForTheSecondAndTheRestOfItsBatchApplies() throws Exception {
        TestClient.Device one = client.device("tutor.a", PW);
        TestClient.Device two = client.device("tutor.a", PW);
        UUID learner = learnersA.get(2);
        assertEquals(EntryStatus.APPLIED, only(one.push(List.of(one.learner(learner, 0, "{\"v\":\"one\"}")))).status());
        // two has not pulled yet and creates the same learner, alongside a tutorial of its own
        List<PushEntry> batch = List.of(two.learner(learner, 0, "{\"v\":\"two\"}"), tutorial(two, learner, "{}"));
        PushResponse r = two.push(batch);
        assertEquals(2, r.acknowledgedSequence());
        EntryResult conflict = r.results().get(0);
        assertEquals(EntryStatus.CONFLICT, conflict.status());
        assertEquals("{\"v\":\"one\"}", conflict.serverRecord().payload());
        assertEquals(EntryStatus.APPLIED, r.results().get(1).status());
        assertEquals(2, r.results().get(1).serverSequence(), "no sequence is lost to the entry that conflicted");
        assertEquals(2, count("SELECT COUNT(*) FROM records"));
        assertEquals(2, count("SELECT last_seq FROM server_state"));
        assertEquals("{\"v\":\"one\"}", two.pull(0, 10).changes().stream().filter(c -> c.recordId().equals(learner))
                .findFirst().orElseThrow().payload());
        // the answer lost and the batch sent again: the conflict is repeated with the server's version
        EntryResult again = two.push(batch).results().stream().filter(e -> e.recordId().equals(learner)).findFirst().orElseThrow();
        assertEquals(EntryStatus.DUPLICATE, again.status());
        assertEquals(EntryStatus.CONFLICT, again.originalStatus());
        assertEquals("{\"v\":\"one\"}", again.serverRecord().payload());
    }

    @Test
    void aConflictWithARecordWrittenEarlierInTheSameBatchCarriesItAsStored() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        UUID learner = learnersA.get(1);
        PushResponse r = d.push(List.of(d.learner(learner, 0, "{\"v\":1}"), d.learner(learner, 0, "{\"v\":\"stale\"}")));
        EntryResult applied = r.results().stream().filter(e -> e.status() == EntryStatus.APPLIED).findFirst().orElseThrow();
        EntryResult conflict = r.results().stream().filter(e -> e.status() == EntryStatus.CONFLICT).findFirst().orElseThrow();
        assertEquals(applied.serverSequence(), conflict.serverRecord().serverSequence());
        assertEquals(1, conflict.serverRecord().revision());
        assertEquals("{\"v\":1}", conflict.serverRecord().payload());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentWritersNeverMakeAPagingPullerMissAChange() throws Exception {
        long seed = System.nanoTime();
        Random seeds = new Random(seed);
        int writers = 4;
        int batchesEach = 35;
        List<TestClient.Device> devices = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            devices.add(client.device("tutor.a", PW));
        }
        TestClient.Device puller = client.device("tutor.a", PW);
        // scale-out: each writer talks to its own server instance, all on the one database
        List<SyncServer> instances = new ArrayList<>();
        List<TestClient> clients = new ArrayList<>();
        instances.add(server);
        clients.add(client);
        for (int i = 1; i < writers; i++) {
            SyncServer extra = SyncServer.start(settings);
            instances.add(extra);
            clients.add(new TestClient(extra.port(), extra.certificate()));
        }
        // commits arrive late and in random order: each push pauses a little before committing
        Runnable pause = () -> {
            try {
                Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        instances.forEach(i -> i.syncService().beforeCommit = pause);
        Map<UUID, Long> appliedRevision = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < devices.size(); w++) {
            TestClient.Device d = clients.get(w).new Device(devices.get(w));
            Random rnd = new Random(seeds.nextLong());
            futures.add(pool.submit(() -> {
                Map<UUID, Long> mine = new HashMap<>();
                for (int b = 0; b < batchesEach; b++) {
                    List<PushEntry> batch = new ArrayList<>();
                    int size = 1 + rnd.nextInt(20);
                    for (int i = 0; i < size; i++) {
                        UUID learner = learnersA.get(rnd.nextInt(3));
                        if (!mine.isEmpty() && rnd.nextInt(5) == 0) {
                            List<UUID> keys = new ArrayList<>(mine.keySet());
                            UUID id = keys.get(rnd.nextInt(keys.size()));
                            long base = mine.get(id);
                            batch.add(d.entry(id, RecordKinds.TUTORIAL, base, Versions.hash(false, "{\"r\":" + base + "}"), learner,
                                    "{\"r\":" + (base + 1) + "}"));
                            mine.put(id, base + 1);
                        } else {
                            PushEntry e = d.entry(UUID.randomUUID(), RecordKinds.TUTORIAL, 0, learner, "{\"r\":1}");
                            batch.add(e);
                            mine.put(e.recordId(), 1L);
                        }
                    }
                    PushResponse r = d.push(batch);
                    for (EntryResult e : r.results()) {
                        assertEquals(EntryStatus.APPLIED, e.status(), "seed " + seed);
                    }
                    for (PushEntry e : batch) {
                        appliedRevision.merge(e.recordId(), e.revision(), Math::max);
                    }
                    Thread.sleep(rnd.nextInt(3));
                }
                return null;
            }));
        }
        Map<UUID, Long> seen = new HashMap<>();
        Set<Long> seenSequences = new HashSet<>();
        Future<?> pulling = pool.submit(() -> {
            Random rnd = new Random(seeds.nextLong());
            long cursor = 0;
            boolean finalRound = false;
            while (true) {
                boolean wasDone = done.get();
                PullResponse p = puller.pull(cursor, 1 + rnd.nextInt(40));
                long last = cursor;
                for (SyncRecord r : p.changes()) {
                    assertTrue(r.serverSequence() > last, "sequence went backwards; seed " + seed);
                    last = r.serverSequence();
                    assertTrue(seenSequences.add(r.serverSequence()), "delivered twice; seed " + seed);
                    seen.merge(r.recordId(), r.revision(), Math::max);
                }
                assertTrue(p.nextCursor() >= cursor, "cursor went backwards; seed " + seed);
                cursor = p.nextCursor();
                if (!p.hasMore() && finalRound) {
                    return null;
                }
                if (!p.hasMore() && wasDone) {
                    finalRound = true;
                }
            }
        });
        for (Future<?> f : futures) {
            f.get(100, TimeUnit.SECONDS);
        }
        done.set(true);
        pulling.get(100, TimeUnit.SECONDS);
        pool.shutdown();
        instances.stream().skip(1).forEach(SyncServer::close);
        assertTrue(appliedRevision.size() > writers * batchesEach / 2);
        assertEquals(appliedRevision.size(), seen.size(), "the puller missed records; seed " + seed);
        for (Map.Entry<UUID, Long> e : appliedRevision.entrySet()) {
            assertEquals(e.getValue(), seen.get(e.getKey()), "the puller missed a change; seed " + seed);
        }
    }

    @Test
    void aRefusedBatchCommittedInAGroupLeavesTheOthersApplied() throws Exception {
        TestClient.Device first = client.device("tutor.a", PW);
        TestClient.Device gap = client.device("tutor.a", PW);
        List<TestClient.Device> good = List.of(client.device("tutor.a", PW), client.device("tutor.a", PW));
        CountDownLatch holding = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        server.syncService().beforeCommit = () -> {
            if (once.compareAndSet(false, true)) {
                holding.countDown();
                try {
                    Thread.sleep(700); // the next pushes queue up behind this commit and form one group
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Future<PushResponse> f0 = pool.submit(() -> first.push(List.of(tutorial(first, learnersA.get(0), "{}"))));
        assertTrue(holding.await(30, TimeUnit.SECONDS));
        gap.nextSequence = 5;
        Future<TestClient.Reply> refused = pool.submit(() -> gap.pushRaw(List.of(tutorial(gap, learnersA.get(0), "{}"))));
        List<Future<PushResponse>> ok = new ArrayList<>();
        for (TestClient.Device d : good) {
            ok.add(pool.submit(() -> d.push(List.of(tutorial(d, learnersA.get(1), "{}"), tutorial(d, learnersA.get(2), "{}")))));
        }
        assertEquals(EntryStatus.APPLIED, only(f0.get(60, TimeUnit.SECONDS)).status());
        TestClient.Reply r = refused.get(60, TimeUnit.SECONDS);
        assertEquals(409, r.status());
        assertEquals(ErrorCodes.SEQUENCE_GAP, r.json().get("code").asText());
        for (Future<PushResponse> f : ok) {
            PushResponse p = f.get(60, TimeUnit.SECONDS);
            assertEquals(2, p.acknowledgedSequence());
            assertTrue(p.results().stream().allMatch(e -> e.status() == EntryStatus.APPLIED));
        }
        pool.shutdown();
        assertEquals(5, count("SELECT COUNT(*) FROM records"));
        assertEquals(0, count("SELECT COUNT(*) FROM receipts WHERE device_id = '" + gap.id + "'"));
        assertEquals(5, count("SELECT last_seq FROM server_state"));
    }

    @Test
    void aDevicesNextBatchQueuedBehindItsFirstAppliesAfterIt() throws Exception {
        TestClient.Device other = client.device("tutor.a", PW);
        TestClient.Device d = client.device("tutor.a", PW);
        CountDownLatch holding = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        server.syncService().beforeCommit = () -> {
            if (once.compareAndSet(false, true)) {
                holding.countDown();
                try {
                    Thread.sleep(1_000); // both of d's batches queue up behind this commit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<PushResponse> f0 = pool.submit(() -> other.push(List.of(tutorial(other, learnersA.get(0), "{}"))));
        assertTrue(holding.await(30, TimeUnit.SECONDS));
        String first = d.pushJson(numberedTutorials(d, 10));
        String second = d.pushJson(numberedTutorials(d, 10));
        Future<TestClient.Reply> r1 = pool.submit(() -> client.post(Protocol.PATH_PUSH, d.token, first));
        Thread.sleep(300);
        Future<TestClient.Reply> r2 = pool.submit(() -> client.post(Protocol.PATH_PUSH, d.token, second));
        f0.get(60, TimeUnit.SECONDS);
        PushResponse p1 = TestClient.JSON.readValue(r1.get(60, TimeUnit.SECONDS).body(), PushResponse.class);
        PushResponse p2 = TestClient.JSON.readValue(r2.get(60, TimeUnit.SECONDS).body(), PushResponse.class);
        pool.shutdown();
        assertEquals(10, p1.acknowledgedSequence());
        assertEquals(20, p2.acknowledgedSequence());
        assertTrue(p1.results().stream().allMatch(e -> e.status() == EntryStatus.APPLIED));
        assertTrue(p2.results().stream().allMatch(e -> e.status() == EntryStatus.APPLIED));
        long lastOfFirst = p1.results().stream().mapToLong(EntryResult::serverSequence).max().orElseThrow();
        long firstOfSecond = p2.results().stream().mapToLong(EntryResult::serverSequence).min().orElseThrow();
        assertTrue(firstOfSecond > lastOfFirst, "the second batch is stamped after the first");
        assertEquals(21, count("SELECT COUNT(*) FROM records"));
        assertEquals(21, count("SELECT last_seq FROM server_state"));
    }

    @Test
    void oneBadEntryNeverJamsTheQueue() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        UUID l = learnersA.get(0);
        List<PushEntry> batch = List.of(
                tutorial(d, l, "{}"),
                d.entry(UUID.randomUUID(), "horoscope", 0, l, "{}"),
                tutorial(d, l, "{}"),
                new PushEntry(d.nextSequence++, UUID.randomUUID(), RecordKinds.TUTORIAL, 3L, "A".repeat(43), 3L, Instant.now(), false, false, false, l, null, "{}"),
                d.entry(UUID.randomUUID(), RecordKinds.TARGET, 0, null, "{}"),
                tutorial(d, l, "{}"));
        PushResponse r = d.push(batch);
        assertEquals(6, r.acknowledgedSequence());
        Map<Long, EntryResult> bySeq = new HashMap<>();
        r.results().forEach(e -> bySeq.put(e.deviceSequence(), e));
        assertEquals(EntryStatus.APPLIED, bySeq.get(1L).status());
        assertEquals(ErrorCodes.UNKNOWN_KIND, bySeq.get(2L).code());
        assertEquals(422, bySeq.get(2L).httpStatus());
        assertEquals(EntryStatus.APPLIED, bySeq.get(3L).status());
        assertEquals(ErrorCodes.INVALID_ENTRY, bySeq.get(4L).code());
        assertEquals(ErrorCodes.INVALID_ENTRY, bySeq.get(5L).code());
        assertEquals(EntryStatus.APPLIED, bySeq.get(6L).status());
        assertEquals(3, count("SELECT COUNT(*) FROM records"));
        // the queue moves on; a retry repeats the rejection
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(tutorial(d, l, "{}")))).status());
        PushResponse retry = d.push(batch);
        EntryResult again = retry.results().stream().filter(e -> e.deviceSequence() == 2).findFirst().orElseThrow();
        assertEquals(EntryStatus.DUPLICATE, again.status());
        assertEquals(EntryStatus.REJECTED, again.originalStatus());
        assertEquals(ErrorCodes.UNKNOWN_KIND, again.code());
        for (EntryResult e : retry.results()) {
            EntryResult first = bySeq.get(e.deviceSequence());
            assertEquals(EntryStatus.DUPLICATE, e.status());
            assertEquals(first.status(), e.originalStatus());
            assertEquals(first.serverSequence(), e.serverSequence());
            assertEquals(first.recordId(), e.recordId());
        }
    }

    /**
     * A payload head office cannot store exactly (a NUL, which PostgreSQL refuses, or a lone
     * surrogate, which would become '?') rejects that entry alone: the laptop can never change a
     * payload it has sent, so a 400 for the whole batch would stop its queue for good.
     */
    @Test
    void aPayloadHeadOfficeCannotStoreRejectsOnlyThatEntry() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        UUID l = learnersA.get(0);
        UUID stored = UUID.randomUUID();
        only(d.push(List.of(d.entry(stored, RecordKinds.TUTORIAL, 0, l, "{\"n\":1}"))));
        List<PushEntry> batch = List.of(
                tutorial(d, l, "{\"comments\":\"a\u0000b\"}"),
                tutorial(d, l, "{\"n\":2}"),
                new PushEntry(d.nextSequence++, stored, RecordKinds.TUTORIAL, 1L, Versions.hash(false, "{\"n\":1}"), 2L, Instant.now(),
                        true, false, false, l, null, "\u0000"),
                tutorial(d, l, "{\"comments\":\"half LONE of a pair\"}"),
                tutorial(d, l, "{\"comments\":\"a whole pair \ud83d\ude00\"}"));
        // the escape as a client sends it: a Java client's own UTF-8 encoder would already have made it '?'
        String body = d.pushJson(batch).replace("LONE", "\\ud83d");
        PushResponse r = client.post(Protocol.PATH_PUSH, d.token, body).as(PushResponse.class);
        assertEquals(6, r.acknowledgedSequence(), "every entry is consumed");
        Map<Long, EntryResult> bySeq = new HashMap<>();
        r.results().forEach(e -> bySeq.put(e.deviceSequence(), e));
        for (long seq : List.of(2L, 4L, 5L)) {
            assertEquals(EntryStatus.REJECTED, bySeq.get(seq).status(), "entry " + seq);
            assertEquals(ErrorCodes.INVALID_ENTRY, bySeq.get(seq).code());
            assertEquals(422, bySeq.get(seq).httpStatus());
            assertTrue(bySeq.get(seq).reason().startsWith("payload contains a"), bySeq.get(seq).reason());
        }
        assertEquals(EntryStatus.APPLIED, bySeq.get(3L).status());
        assertEquals(EntryStatus.APPLIED, bySeq.get(6L).status());
        assertEquals("{\"comments\":\"a whole pair \ud83d\ude00\"}", payloadOf(batch.get(4).recordId()), "a surrogate pair is stored exactly");
        assertEquals("{\"n\":1}", payloadOf(stored), "the tombstone was not applied");
        assertNull(payloadOf(batch.get(0).recordId()));
        assertNull(payloadOf(batch.get(3).recordId()));
        // a retry repeats the answers, and the queue moves on
        for (EntryResult e : client.post(Protocol.PATH_PUSH, d.token, body).as(PushResponse.class).results()) {
            assertEquals(EntryStatus.DUPLICATE, e.status());
            assertEquals(bySeq.get(e.deviceSequence()).status(), e.originalStatus());
        }
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(tutorial(d, l, "{}")))).status());
        assertEquals(4, client.device("tutor.a", PW).pullAll(0, 100).size());
    }

    @Test
    void anOrdinaryBatchIsRememberedAsOneRunAndAnyPartOfItRetriesAsDuplicates() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        List<PushEntry> batch = numberedTutorials(d, 40);
        Map<Long, EntryResult> first = new HashMap<>();
        d.push(batch).results().forEach(e -> first.put(e.deviceSequence(), e));
        assertEquals(1, count("SELECT COUNT(*) FROM receipts WHERE device_id = '" + d.id + "'"));
        assertEquals(40, count("SELECT SUM(run_length) FROM receipts WHERE device_id = '" + d.id + "'"));
        // the middle of the run, then its end together with one new entry
        PushResponse middle = d.push(batch.subList(10, 21));
        assertEquals(11, middle.results().size());
        for (EntryResult e : middle.results()) {
            assertEquals(EntryStatus.DUPLICATE, e.status());
            assertEquals(EntryStatus.APPLIED, e.originalStatus());
            assertEquals(first.get(e.deviceSequence()).serverSequence(), e.serverSequence());
            assertEquals(first.get(e.deviceSequence()).recordId(), e.recordId());
        }
        List<PushEntry> tail = new ArrayList<>(batch.subList(35, 40));
        tail.add(tutorial(d, learnersA.get(0), "{\"n\":40}"));
        PushResponse r = d.push(tail);
        assertEquals(41, r.acknowledgedSequence());
        assertEquals(5, r.results().stream().filter(e -> e.status() == EntryStatus.DUPLICATE).count());
        assertEquals(1, r.results().stream().filter(e -> e.status() == EntryStatus.APPLIED).count());
        assertEquals(41, count("SELECT COUNT(*) FROM records"));
    }

    @Test
    void urgentEntriesGoFirstAndMayJumpTheQueue() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        UUID l = learnersA.get(0);
        PushEntry n1 = tutorial(d, l, "{}");
        PushEntry n2 = tutorial(d, l, "{}");
        PushEntry urgent = new PushEntry(d.nextSequence++, UUID.randomUUID(), RecordKinds.CONCERN, 0L, null, 1L, Instant.now(), false,
                false, true, l, null, "{\"category\":\"safeguarding\"}");
        PushResponse r = d.push(List.of(n1, n2, urgent));
        assertEquals(3L, r.results().get(0).deviceSequence(), "the urgent entry is applied first");
        long urgentSeq = r.results().get(0).serverSequence();
        assertTrue(r.results().stream().filter(e -> e.deviceSequence() != 3).allMatch(e -> e.serverSequence() > urgentSeq));
        // an urgent entry may be sent ahead of the queue (seq 9 while 4..8 wait); a normal one may not
        d.nextSequence = 9;
        PushEntry ahead = new PushEntry(d.nextSequence++, UUID.randomUUID(), RecordKinds.CONCERN, 0L, null, 1L, Instant.now(), false,
                false, true, l, null, "{}");
        PushResponse jumped = d.push(List.of(ahead));
        assertEquals(EntryStatus.APPLIED, only(jumped).status());
        assertEquals(3, jumped.acknowledgedSequence());
        d.nextSequence = 4;
        List<PushEntry> rest = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rest.add(tutorial(d, l, "{}"));
        }
        rest.add(ahead);
        PushResponse filled = d.push(rest);
        assertEquals(9, filled.acknowledgedSequence());
        assertEquals(EntryStatus.DUPLICATE, filled.results().get(0).status());
    }

    @Test
    void sealedRecordsAreStoredAndReturnedAsOpaqueEnvelopes() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        TestClient.Device other = client.device("tutor.a", PW);
        String envelope = "{\"v\":1,\"wrapped\":[\"pw:AAECAw\",\"hpke:BAUG\"],\"nonce\":\"3q2+7w\",\"ct\":\"" + "Zm9v".repeat(200) + "\"}";
        PushEntry sealed = new PushEntry(d.nextSequence++, UUID.randomUUID(), RecordKinds.TUTORIAL, 0L, null, 1L, Instant.now(), false,
                true, false, learnersA.get(1), null, envelope);
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(sealed))).status());
        SyncRecord r = other.pull(0, 10).changes().get(0);
        assertTrue(r.sealed());
        assertEquals(envelope, r.payload());
    }

    @Test
    void aTutorCannotReadOrWriteAnotherTutorsLearners() throws Exception {
        TestClient.Device a = client.device("tutor.a", PW);
        TestClient.Device b = client.device("tutor.b", PW);
        TestClient.Device lead = client.device("lead", PW);
        UUID aLearner = learnersA.get(0);
        PushEntry aRecord = tutorial(a, aLearner, "{\"secret\":\"A's\"}");
        PushEntry aLearnerRecord = a.learner(aLearner, 0, "{}");
        assertTrue(a.push(List.of(aRecord, aLearnerRecord)).results().stream().allMatch(x -> x.status() == EntryStatus.APPLIED));
        String before = snapshot();

        // write: B's batch touching A's learner is refused per entry (403); B's own entry applies
        PushEntry intoA = tutorial(b, aLearner, "{\"x\":1}");
        PushEntry overwriteA = b.entry(aRecord.recordId(), RecordKinds.TUTORIAL, 1, learnersB.get(0), "{\"stolen\":true}");
        PushEntry own = tutorial(b, learnersB.get(0), "{\"mine\":true}");
        PushEntry learnerOfA = b.learner(aLearner, 1, "{}");
        PushResponse r = b.push(List.of(intoA, overwriteA, own, learnerOfA));
        Map<Long, EntryResult> bySeq = new HashMap<>();
        r.results().forEach(e -> bySeq.put(e.deviceSequence(), e));
        for (PushEntry e : List.of(intoA, overwriteA, learnerOfA)) {
            EntryResult er = bySeq.get(e.deviceSequence());
            assertEquals(EntryStatus.REJECTED, er.status());
            assertEquals(403, er.httpStatus());
            assertEquals(ErrorCodes.OUT_OF_SCOPE, er.code());
            assertNull(er.serverRecord());
        }
        assertEquals(EntryStatus.APPLIED, bySeq.get(own.deviceSequence()).status());
        assertEquals("{\"secret\":\"A's\"}", payloadOf(aRecord.recordId()));
        assertNotEquals(before, snapshot());

        // read: B sees only its own caseload; A sees B's record nowhere; the lead sees all
        List<SyncRecord> bSees = b.pullAll(0, 100);
        assertTrue(bSees.stream().noneMatch(x -> learnersA.contains(x.learnerId())));
        assertTrue(a.pullAll(0, 100).stream().noneMatch(x -> x.recordId().equals(own.recordId())));
        assertEquals(3, lead.pullAll(0, 100).size());
    }

    SSLSocket pinnedSocket() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return (SSLSocket) ssl.getSocketFactory().createSocket("localhost", server.port());
    }

    /** Announces a body of {@code length} bytes but sends none: the hard cap must answer before any handler reads. */
    TestClient.Reply headersOnly(String path, String token, long length) throws Exception {
        return raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} byte for byte (what a careless or hostile client might) and reads the answer. */
    TestClient.Reply raw(String request) throws Exception {
        try (SSLSocket s = pinnedSocket()) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            String requestId = head.lines().filter(l -> l.regionMatches(true, 0, Protocol.REQUEST_ID_HEADER + ":", 0,
                    Protocol.REQUEST_ID_HEADER.length() + 1)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
            return new TestClient.Reply(status, body, requestId);
        }
    }

    String payloadOf(UUID recordId) throws Exception {
        try (Connection c = server.database().connection();
             PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ?")) {
            q.setString(1, recordId.toString());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void assigningALearnerDeliversTheirExistingRecords() throws Exception {
        TestClient.Device lead = client.device("lead", PW);
        TestClient.Device a = client.device("tutor.a", PW);
        UUID newcomer = UUID.randomUUID();
        lead.push(List.of(lead.learner(newcomer, 0, "{}"), tutorial(lead, newcomer, "{}")));
        PullResponse nothing = a.pull(0, 100);
        assertEquals(0, nothing.changes().size());
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(newcomer));
        List<SyncRecord> now = a.pullAll(nothing.nextCursor(), 100);
        assertEquals(2, now.size());
    }

    @Test
    void aNewEpochIsReportedAndNothingIsApplied() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        only(d.push(List.of(tutorial(d, learnersA.get(0), "{}"))));
        String old = d.epoch;
        String fresh = server.database().newEpoch();
        String before = snapshot();
        TestClient.Reply r = d.pushRaw(List.of(tutorial(d, learnersA.get(0), "{}")));
        assertEquals(409, r.status());
        assertEquals(ErrorCodes.EPOCH_CHANGED, r.json().get("code").asText());
        assertEquals(fresh, r.json().get("serverEpoch").asText());
        assertEquals(2, r.json().get("expectedSequence").asLong());
        assertEquals(before, snapshot());
        d.nextSequence = 2;
        TestClient.Reply p = client.get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1&after=0&epoch=" + old, d.token);
        assertEquals(409, p.status());
        d.epoch = fresh;
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(d.entry(UUID.randomUUID(), RecordKinds.TUTORIAL, 0, learnersA.get(0), "{}"))))
                .status());
    }

    @Test
    void aCursorAheadOfTheServerSaysWhatHappenedAndThePullFromZeroWorks() throws Exception {
        TestClient.Device writer = client.device("tutor.a", PW);
        TestClient.Device reader = client.device("tutor.a", PW);
        writer.push(numberedTutorials(writer, 3));
        long cursor = reader.pull(0, 100).nextCursor();
        // the reader's cursor from a server whose database was later replaced by an older one, epoch unchanged
        TestClient.Reply ahead = client.get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1&after=" + (cursor + 50)
                + "&epoch=" + reader.epoch, reader.token);
        assertEquals(409, ahead.status());
        JsonNode body = ahead.json();
        assertEquals(ErrorCodes.EPOCH_CHANGED, body.get("code").asText(), "the device recovers as after a restore");
        assertEquals("after", body.get("field").asText());
        assertEquals(reader.epoch, body.get("serverEpoch").asText());
        String message = body.get("message").asText();
        assertTrue(message.contains("ahead of head office") && message.contains("without a new epoch"), message);
        assertFalse(message.contains("restored from a backup:"), "it does not claim the epoch changed: " + message);
        assertEquals(3, reader.pullAll(0, 100).size(), "pulling from 0 recovers everything");
    }

    @Test
    void revokedDevicesAndDisabledUsersGet401() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        TestClient.Device e = client.device("tutor.b", PW);
        assertTrue(server.accounts().revokeDevice(d.id.toString()));
        TestClient.Reply r = d.pushRaw(List.of(tutorial(d, learnersA.get(0), "{}")));
        assertEquals(401, r.status());
        assertEquals(ErrorCodes.UNAUTHORIZED, r.json().get("code").asText());
        assertEquals(401, d.pullRaw(0, 10).status());
        server.accounts().setDisabled("tutor.b", true);
        assertEquals(401, e.pullRaw(0, 10).status());
        assertEquals(401, client.post(Protocol.PATH_ENROL, null,
                "{\"protocolVersion\":\"1\",\"username\":\"tutor.b\",\"password\":\"" + PW + "\"}").status());
        assertEquals(0, count("SELECT COUNT(*) FROM records"));
    }

    @Test
    void failedLoginsAreRateLimited() throws Exception {
        for (int i = 0; i < 5; i++) {
            TestClient.Reply r = client.post(Protocol.PATH_ENROL, null, "{\"protocolVersion\":\"1\",\"username\":\"tutor.a\",\"password\":\"wrong-" + i + "\"}");
            assertEquals(401, r.status());
            assertEquals(ErrorCodes.BAD_CREDENTIALS, r.json().get("code").asText());
            assertFalse(r.body().contains("wrong-"), "the password is never echoed");
        }
        TestClient.Reply locked = client.post(Protocol.PATH_ENROL, null, "{\"protocolVersion\":\"1\",\"username\":\"tutor.a\",\"password\":\"" + PW + "\"}");
        assertEquals(429, locked.status());
        assertEquals(ErrorCodes.TOO_MANY_ATTEMPTS, locked.json().get("code").asText());
        assertEquals(0, count("SELECT COUNT(*) FROM devices"));
    }

    /** One bad request: what is sent, and the status, code and field expected. */
    record Bad(String name, java.util.concurrent.Callable<TestClient.Reply> send, int status, String code, String field) {
    }

    @Test
    void everyBadInputGetsAClearErrorAndChangesNothing() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        TestClient.Device revoked = client.device("tutor.a", PW);
        server.accounts().revokeDevice(revoked.id.toString());
        only(d.push(List.of(tutorial(d, learnersA.get(0), "{}"))));
        UUID l = learnersA.get(0);
        String good = "{\"deviceSequence\":2,\"recordId\":\"" + UUID.randomUUID() + "\",\"kind\":\"tutorial\",\"baseRevision\":0,"
                + "\"revision\":1,\"updatedAt\":\"2026-01-05T10:00:00Z\",\"learnerId\":\"" + l + "\",\"payload\":\"{}\"}";
        String head = "{\"protocolVersion\":\"1\",\"schemaVersion\":1,\"deviceId\":\"" + d.id + "\",\"entries\":[";
        List<PushEntry> tooMany = new ArrayList<>();
        for (int i = 0; i < Protocol.MAX_BATCH_ENTRIES + 1; i++) {
            tooMany.add(new PushEntry(2L + i, UUID.randomUUID(), "tutorial", 0L, null, 1L, Instant.now(), false, false, false, l, null, "{}"));
        }
        String big = "x".repeat((int) Protocol.MAX_BATCH_BYTES - 300);
        String huge = "x".repeat((int) Protocol.MAX_BATCH_BYTES + 200_000);
        String push = Protocol.PATH_PUSH;
        List<Bad> cases = List.of(
                new Bad("malformed JSON", () -> client.post(push, d.token, head + good + ",}"), 400, ErrorCodes.MALFORMED_JSON, null),
                new Bad("truncated JSON", () -> client.post(push, d.token, head + good + ",{"), 400, ErrorCodes.MALFORMED_JSON, null),
                new Bad("not JSON", () -> client.post(push, d.token, "entries=1&deviceId=2"), 400, ErrorCodes.MALFORMED_JSON, null),
                new Bad("empty body", () -> client.post(push, d.token, ""), 400, ErrorCodes.MALFORMED_JSON, null),
                new Bad("array body", () -> client.post(push, d.token, "[]"), 400, ErrorCodes.INVALID_FIELD, null),
                new Bad("wrong type", () -> client.post(push, d.token, head + good + "," + good.replace("\"deviceSequence\":2", "\"deviceSequence\":\"three\"") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[1].deviceSequence"),
                new Bad("bad uuid", () -> client.post(push, d.token, head + good.replace("\"recordId\":\"", "\"recordId\":\"zz") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].recordId"),
                new Bad("missing field", () -> client.post(push, d.token, head + good + "," + good.replace("\"deviceSequence\":2", "\"deviceSequence\":3")
                        .replaceAll("\"recordId\":\"[^\"]+\",", "") + "]}"), 400, ErrorCodes.INVALID_FIELD, "entries[1].recordId"),
                new Bad("bad timestamp", () -> client.post(push, d.token, head + good.replace("2026-01-05T10:00:00Z", "yesterday") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].updatedAt"),
                new Bad("unknown field", () -> client.post(push, d.token, head + good.replace("{\"deviceSequence\"", "{\"colour\":1,\"deviceSequence\"") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].colour"),
                new Bad("entries not an array", () -> client.post(push, d.token, head.replace("\"entries\":[", "\"entries\":5}")),
                        400, ErrorCodes.INVALID_FIELD, "entries"),
                new Bad("entries missing", () -> client.post(push, d.token, head.replace(",\"entries\":[", "}")),
                        400, ErrorCodes.INVALID_FIELD, "entries"),
                new Bad("sequence twice", () -> client.post(push, d.token, head + good + "," + good + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[1].deviceSequence"),
                new Bad("no token", () -> client.post(push, null, head + good + "]}"), 401, ErrorCodes.UNAUTHORIZED, null),
                new Bad("wrong token", () -> client.post(push, "not-a-token", head + good + "]}"), 401, ErrorCodes.UNAUTHORIZED, null),
                new Bad("revoked token", () -> client.post(push, revoked.token, head.replace(d.id.toString(), revoked.id.toString()) + good + "]}"),
                        401, ErrorCodes.UNAUTHORIZED, null),
                new Bad("another device's id", () -> client.post(push, d.token, head.replace(d.id.toString(), revoked.id.toString()) + good + "]}"),
                        403, ErrorCodes.FORBIDDEN, "deviceId"),
                new Bad("too many entries", () -> d.pushRaw(tooMany), 413, ErrorCodes.BATCH_TOO_LARGE, "entries"),
                new Bad("too many bytes", () -> client.post(push, d.token, head + good.replace("\"payload\":\"{}\"", "\"payload\":\"" + big + "\"") + "]}"),
                        413, ErrorCodes.BATCH_TOO_LARGE, null),
                new Bad("far too many bytes", () -> headersOnly(push, d.token, huge.length() + 1000),
                        413, ErrorCodes.BATCH_TOO_LARGE, null),
                new Bad("protocol 2", () -> client.post(push, d.token, head.replace("\"protocolVersion\":\"1\"", "\"protocolVersion\":\"2\"") + good + "]}"),
                        400, ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "protocolVersion"),
                new Bad("no protocol", () -> client.post(push, d.token, head.replace("\"protocolVersion\":\"1\",", "") + good + "]}"),
                        400, ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "protocolVersion"),
                new Bad("schema 99", () -> client.post(push, d.token, head.replace("\"schemaVersion\":1", "\"schemaVersion\":99") + good + "]}"),
                        400, ErrorCodes.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion"),
                new Bad("sequence gap", () -> client.post(push, d.token, head + good.replace("\"deviceSequence\":2", "\"deviceSequence\":7") + "]}"),
                        409, ErrorCodes.SEQUENCE_GAP, "entries[0].deviceSequence"),
                new Bad("pull negative cursor", () -> client.get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1&after=-1", d.token),
                        400, ErrorCodes.INVALID_FIELD, "after"),
                new Bad("pull text cursor", () -> client.get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1&after=abc", d.token),
                        400, ErrorCodes.INVALID_FIELD, "after"),
                new Bad("pull huge limit", () -> client.get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1&limit=100000", d.token),
                        400, ErrorCodes.INVALID_FIELD, "limit"),
                new Bad("pull without version", () -> client.get(Protocol.PATH_PULL + "?after=0", d.token),
                        400, ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "protocolVersion"),
                new Bad("pull without token", () -> client.get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1", null),
                        401, ErrorCodes.UNAUTHORIZED, null),
                new Bad("enrol malformed", () -> client.post(Protocol.PATH_ENROL, null, "{\"username\":"), 400, ErrorCodes.MALFORMED_JSON, null),
                new Bad("enrol old protocol", () -> client.post(Protocol.PATH_ENROL, null,
                        "{\"protocolVersion\":\"0\",\"username\":\"tutor.a\",\"password\":\"" + PW + "\"}"), 400, ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "protocolVersion"),
                new Bad("unknown endpoint", () -> client.get("/api/v1/nothing", d.token), 404, ErrorCodes.NOT_FOUND, null),
                // wrong JSON types are refused, never coerced and stored
                new Bad("sequence as text", () -> client.post(push, d.token, head + good.replace("\"deviceSequence\":2", "\"deviceSequence\":\"2\"") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].deviceSequence"),
                new Bad("urgent as a number", () -> client.post(push, d.token, head + good.replace("\"kind\"", "\"urgent\":1,\"kind\"") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].urgent"),
                new Bad("payload as a number", () -> client.post(push, d.token, head + good.replace("\"payload\":\"{}\"", "\"payload\":12") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].payload"),
                new Bad("updatedAt as seconds", () -> client.post(push, d.token, head + good.replace("\"2026-01-05T10:00:00Z\"", "1767607200") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].updatedAt"),
                new Bad("schema version as text", () -> client.post(push, d.token, head.replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\"") + good + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "schemaVersion"),
                new Bad("enrol protocol as a number", () -> client.post(Protocol.PATH_ENROL, null,
                        "{\"protocolVersion\":1,\"username\":\"tutor.a\",\"password\":\"" + PW + "\"}"), 400, ErrorCodes.INVALID_FIELD, "protocolVersion"),
                new Bad("number beyond 64 bits", () -> client.post(push, d.token, head + good.replace("\"deviceSequence\":2", "\"deviceSequence\":99999999999999999999") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].deviceSequence"),
                new Bad("revision beyond 64 bits", () -> client.post(push, d.token, head + good.replace("\"revision\":1", "\"revision\":-99999999999999999999") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].revision"),
                new Bad("schema version beyond 32 bits", () -> client.post(push, d.token, head.replace("\"schemaVersion\":1", "\"schemaVersion\":4294967297") + good + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "schemaVersion"),
                new Bad("empty learnerId", () -> client.post(push, d.token, head + good.replace("\"learnerId\":\"" + l + "\"", "\"learnerId\":\"\"") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].learnerId"),
                // strings head office cannot store exactly: refused by name, on every database
                new Bad("NUL in the kind", () -> client.post(push, d.token, head + good.replace("\"kind\":\"tutorial\"", "\"kind\":\"tuto\\u0000rial\"") + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "entries[0].kind"),
                new Bad("NUL in the epoch", () -> client.post(push, d.token, head.replace("\"entries\"", "\"serverEpoch\":\"a\\u0000b\",\"entries\"") + good + "]}"),
                        400, ErrorCodes.INVALID_FIELD, "serverEpoch"),
                new Bad("NUL in a device name", () -> client.post(Protocol.PATH_ENROL, null, "{\"protocolVersion\":\"1\",\"username\":\"tutor.a\",\"password\":\""
                        + PW + "\",\"deviceName\":\"Laptop\\u00007\"}"), 400, ErrorCodes.INVALID_FIELD, "deviceName"),
                new Bad("NUL in a username", () -> client.post(Protocol.PATH_ENROL, null, "{\"protocolVersion\":\"1\",\"username\":\"tutor.a\\u0000\",\"password\":\""
                        + PW + "\"}"), 400, ErrorCodes.INVALID_FIELD, "username"),
                new Bad("lone surrogate in a device name", () -> client.post(Protocol.PATH_ENROL, null, "{\"protocolVersion\":\"1\",\"username\":\"tutor.a\",\"password\":\""
                        + PW + "\",\"deviceName\":\"Laptop \\ud800\"}"), 400, ErrorCodes.INVALID_FIELD, "deviceName"),
                new Bad("lone surrogate in a password", () -> client.post(Protocol.PATH_ENROL, null, "{\"protocolVersion\":\"1\",\"username\":\"tutor.a\",\"password\":\""
                        + PW + "\\udc00\"}"), 400, ErrorCodes.INVALID_FIELD, "password"),
                // errors raised by the web layer itself have the documented shape too
                new Bad("URI too long", () -> raw("GET " + Protocol.PATH_HEALTH + "?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                        414, ErrorCodes.URI_TOO_LONG, null),
                new Bad("headers too large", () -> raw("GET " + Protocol.PATH_HEALTH + " HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n"), 431, ErrorCodes.HEADERS_TOO_LARGE, null),
                new Bad("a path with ..", () -> raw("GET /api/v1/../../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                        400, ErrorCodes.BAD_REQUEST, null),
                new Bad("TRACE", () -> raw("TRACE " + Protocol.PATH_HEALTH + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                        405, ErrorCodes.METHOD_NOT_ALLOWED, null));
        for (Bad bad : cases) {
            String before = snapshot();
            TestClient.Reply r = bad.send().call();
            assertEquals(bad.status(), r.status(), bad.name() + ": " + r.body());
            JsonNode body = r.json();
            assertEquals(bad.code(), body.path("code").asText(), bad.name() + ": " + r.body());
            assertFalse(body.path("message").asText().isBlank(), bad.name());
            assertTrue(body.path("requestId").asText().matches("[0-9a-f]{12}"), bad.name() + " carries the request id: " + r.body());
            assertEquals(body.path("requestId").asText(), r.requestId(), bad.name() + ": the header and the body name the same request");
            assertFalse(r.body().contains("u0000") || r.body().contains("aaaaaaaa"), bad.name() + " echoes what was sent");
            if (bad.field() != null) {
                assertEquals(bad.field(), body.path("field").asText(), bad.name() + ": " + r.body());
            }
            if (bad.status() == 413) {
                assertTrue(body.path("limit").asLong() > 0, bad.name() + " states the limit");
                assertTrue(body.path("message").asText().contains(Long.toString(body.path("limit").asLong())), bad.name());
            }
            if (bad.code().startsWith("UNSUPPORTED")) {
                assertTrue(body.path("supportedVersions").isArray() && body.path("supportedVersions").size() > 0, bad.name());
                // the same JSON type as the health answer's list of that kind of version
                JsonNode health = client.get(Protocol.PATH_HEALTH, null).json();
                assertEquals(health.get(bad.code().equals(ErrorCodes.UNSUPPORTED_SCHEMA_VERSION) ? "supportedSchemaVersions"
                        : "supportedProtocolVersions"), body.path("supportedVersions"), bad.name());
            }
            assertEquals(before, snapshot(), bad.name() + " changed the database");
        }
        // and the device carries on
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(tutorial(d, l, "{}")))).status());
    }

    // ---- versions, change keys and scope (a change names the exact version it was made from)

    @Test
    void aChangeFromTheSameRevisionNumberButAnotherVersionIsAConflict() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        UUID learner = learnersA.get(0);
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(d.learner(learner, 0, "{\"v\":\"head office\"}")))).status());
        // the right revision with the hash of a version head office never held (it was restored, and the number reused)
        EntryResult r = only(d.push(List.of(d.entry(learner, RecordKinds.LEARNER, 1, Versions.hash(false, "{\"v\":\"elsewhere\"}"),
                null, "{\"v\":\"mine\"}"))));
        assertEquals(EntryStatus.CONFLICT, r.status());
        assertEquals("{\"v\":\"head office\"}", r.serverRecord().payload());
        // made from the exact version: applied
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(d.learner(learner, 1, "{\"v\":\"mine\"}")))).status());
        // and a change without the version's hash is refused as malformed, nothing applied
        String before = snapshot();
        TestClient.Reply bad = d.pushRaw(List.of(d.entry(learner, RecordKinds.LEARNER, 2, (String) null, null, "{}")));
        assertEquals(400, bad.status());
        assertEquals("entries[0].baseHash", bad.json().path("field").asText());
        assertEquals(before, snapshot());
    }

    @Test
    void aSequenceReceivedBeforeForAnotherChangeIsRefusedAndTheDeviceStartsAfterTheHighest() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        List<PushEntry> first = numberedTutorials(d, 3);
        assertEquals(3, d.push(first).acknowledgedSequence());
        // the same batch again: duplicates, with their first answers
        assertTrue(d.push(first).results().stream().allMatch(e -> e.status() == EntryStatus.DUPLICATE));
        // a vault restored from an older copy numbers a new change 2 again
        d.nextSequence = 2;
        PushEntry reused = tutorial(d, learnersA.get(0), "{\"urgent\":\"concern raised after the restore\"}");
        String before = snapshot();
        TestClient.Reply r = d.pushRaw(List.of(reused));
        assertEquals(409, r.status(), r.body());
        assertEquals(ErrorCodes.SEQUENCE_REUSED, r.json().path("code").asText());
        assertEquals(4, r.json().path("expectedSequence").asLong());
        assertEquals(count("SELECT COUNT(*) FROM records"), 3, "nothing applied");
        assertTrue(before.contains(reused.recordId().toString()) == false);
        // numbered again from where head office says, it is stored
        d.nextSequence = 4;
        PushEntry again = d.entry(reused.recordId(), RecordKinds.TUTORIAL, 0, learnersA.get(0), reused.payload());
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(again))).status());
        assertEquals(4, count("SELECT COUNT(*) FROM records"));
    }

    @Test
    void everyLearnerAndGroupARecordNamesMustBeTheWritersOwn() throws Exception {
        UUID groupA = UUID.randomUUID();
        UUID groupB = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_GROUP, List.of(groupA));
        server.accounts().assign("tutor.b", Accounts.SCOPE_GROUP, List.of(groupB));
        TestClient.Device a = client.device("tutor.a", PW);
        TestClient.Device b = client.device("tutor.b", PW);
        TestClient.Device b2 = client.device("tutor.b", PW);
        UUID mine = learnersA.get(0);
        // a tutorial of A's own learner naming B's group would reach B's laptops: refused
        PushEntry intoBsGroup = new PushEntry(a.nextSequence++, UUID.randomUUID(), RecordKinds.TUTORIAL, 0L, null, 1L, Instant.now(),
                false, false, false, mine, groupB, "{\"x\":1}");
        // a new learner put into B's group (head office does not hold it yet): refused
        UUID newcomer = UUID.randomUUID();
        PushEntry learnerIntoB = new PushEntry(a.nextSequence++, newcomer, RecordKinds.LEARNER, 0L, null, 1L, Instant.now(),
                false, false, false, null, groupB, "{}");
        // a new learner put into A's own group, with a concern about them in the same batch: applied
        UUID ownNewcomer = UUID.randomUUID();
        PushEntry concern = new PushEntry(a.nextSequence++, UUID.randomUUID(), RecordKinds.CONCERN, 0L, null, 1L, Instant.now(),
                false, false, true, ownNewcomer, null, "{\"c\":1}");
        PushEntry learnerIntoA = new PushEntry(a.nextSequence++, ownNewcomer, RecordKinds.LEARNER, 0L, null, 1L, Instant.now(),
                false, false, false, null, groupA, "{}");
        PushResponse r = a.push(List.of(intoBsGroup, learnerIntoB, concern, learnerIntoA));
        Map<Long, EntryResult> bySeq = new HashMap<>();
        r.results().forEach(e -> bySeq.put(e.deviceSequence(), e));
        assertEquals(ErrorCodes.OUT_OF_SCOPE, bySeq.get(intoBsGroup.deviceSequence()).code());
        assertEquals(ErrorCodes.OUT_OF_SCOPE, bySeq.get(learnerIntoB.deviceSequence()).code());
        assertEquals(EntryStatus.APPLIED, bySeq.get(concern.deviceSequence()).status(), "an urgent concern about a learner joining the group");
        assertEquals(EntryStatus.APPLIED, bySeq.get(learnerIntoA.deviceSequence()).status());
        assertTrue(b2.pullAll(0, 100).isEmpty(), "nothing reached B's laptops");
        // a learner of A's group is in A's scope through the group: their concern reaches A's other laptop
        TestClient.Device a2 = client.device("tutor.a", PW);
        assertEquals(java.util.Set.of(ownNewcomer, concern.recordId()),
                a2.pullAll(0, 100).stream().map(SyncRecord::recordId).collect(java.util.stream.Collectors.toSet()));
        // and B cannot write to it
        PushEntry bWrites = new PushEntry(b.nextSequence++, UUID.randomUUID(), RecordKinds.TARGET, 0L, null, 1L, Instant.now(),
                false, false, false, ownNewcomer, null, "{}");
        assertEquals(ErrorCodes.OUT_OF_SCOPE, only(b.push(List.of(bWrites))).code());
    }

    @Test
    void aTombstoneDeletesTheRecordItNamesInTheWritersScope() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        PushEntry t = tutorial(d, learnersA.get(0), "{\"t\":1}");
        d.push(List.of(t));
        // a deletion that carries no routing ids (an earlier laptop) deletes what head office holds for that learner
        PushEntry gone = new PushEntry(d.nextSequence++, t.recordId(), RecordKinds.TUTORIAL, 1L, Versions.hash(false, "{\"t\":1}"), 2L,
                Instant.now(), true, false, false, null, null, null);
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(gone))).status());
        TestClient.Device other = client.device("tutor.a", PW);
        SyncRecord seen = other.pullAll(0, 10).stream().filter(x -> x.recordId().equals(t.recordId())).findFirst().orElseThrow();
        assertTrue(seen.deleted());
        assertEquals(learnersA.get(0), seen.learnerId(), "the tombstone keeps its learner, so it reaches every laptop in scope");
        // another tutor's deletion of it is refused
        TestClient.Device b = client.device("tutor.b", PW);
        PushEntry steal = new PushEntry(b.nextSequence++, t.recordId(), RecordKinds.TUTORIAL, 2L, Versions.hash(true, (String) null), 3L,
                Instant.now(), true, false, false, null, null, null);
        assertEquals(ErrorCodes.OUT_OF_SCOPE, only(b.push(List.of(steal))).code());
    }

    @Test
    void aPullSkipsTheDevicesOwnChangesWithoutEmptyPages() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        d.push(numberedTutorials(d, 300));
        TestClient.Device other = client.device("tutor.a", PW);
        other.push(numberedTutorials(other, 2));
        PullResponse p = d.pull(0, 50);
        assertEquals(2, p.changes().size(), "only the other laptop's changes");
        assertFalse(p.hasMore(), "in one page, not six pages of its own changes");
        assertEquals(302, p.nextCursor());
    }

    /**
     * A head office whose database an older server left (before the change log) keeps the order of
     * its changes through the upgrade: the log is filled from the records as they stand, and what
     * follows is read through it.
     */
    @Test
    void aDatabaseFromBeforeTheChangeLogKeepsItsOrderOfChangesThroughTheUpgrade() throws Exception {
        UUID learner = UUID.randomUUID();
        List<UUID> tutorials = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        long[] sequences = {5, 2, 9};
        List<String> older = new ArrayList<>(List.of("INSERT INTO server_state (id, epoch, last_seq) VALUES (1, 'older', 9)"));
        for (int i = 0; i < 3; i++) {
            older.add("INSERT INTO records (record_id, kind, revision, updated_at, deleted, sealed, learner_id, schema_version, server_seq,"
                    + " payload) VALUES ('" + tutorials.get(i) + "', 'tutorial', 1, '2026-11-0" + (i + 1) + "T10:00:00Z', FALSE, FALSE, '"
                    + learner + "', 1, " + sequences[i] + ", '{\"n\":" + i + "}')");
        }
        server.close();
        server = null;
        server = SyncServer.start(backend().settingsAt(tmp.resolve("older"), "80", older.toArray(String[]::new)));
        List<String> log = new ArrayList<>();
        try (Connection c = server.database().connection();
             PreparedStatement q = c.prepareStatement("SELECT server_seq, record_id FROM record_changes ORDER BY server_seq");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                log.add(rs.getLong(1) + " " + rs.getString(2));
            }
        }
        assertEquals(List.of("2 " + tutorials.get(1), "5 " + tutorials.get(0), "9 " + tutorials.get(2)), log, "the log filled from the records");

        server.accounts().addUser("tutor.c", Role.TUTOR, PW.toCharArray());
        server.accounts().assign("tutor.c", Accounts.SCOPE_LEARNER, List.of(learner));
        TestClient.Device d = new TestClient(server.port(), server.certificate()).device("tutor.c", PW);
        PullResponse all = d.pull(0, 10);
        assertEquals(List.of("{\"n\":1}", "{\"n\":0}", "{\"n\":2}"), all.changes().stream().map(SyncRecord::payload).toList(),
                "assigned to the tutor, the records come in the order they changed");
        PushEntry changed = d.entry(tutorials.get(1), RecordKinds.TUTORIAL, 1, learner, "{\"n\":1,\"changed\":true}");
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(changed))).status());
        TestClient.Device other = new TestClient(server.port(), server.certificate()).device("tutor.c", PW);
        PullResponse after = other.pull(all.nextCursor(), 10);
        assertEquals(List.of("{\"n\":1,\"changed\":true}"), after.changes().stream().map(SyncRecord::payload).toList());
    }

    /**
     * The safeguarding alerts follow the change log a round at a time: a round that finds no concern
     * moves past everything it read (a quiet month of tutorials is not read again every two seconds),
     * and a concern pushed after is noticed all the same.
     */
    @Test
    void theAlertsMovePastChangesWithoutAConcernAndStillNoticeTheNextOne() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        d.push(numberedTutorials(d, 30));
        long last = count("SELECT last_seq FROM server_state");
        server.alerts().wake();
        awaitCount("SELECT followed_seq FROM alert_state", last, "the alerts past the tutorials");
        UUID concern = UUID.randomUUID();
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(new PushEntry(d.nextSequence++, concern, RecordKinds.CONCERN, 0L, null, 1L,
                Instant.now(), false, false, true, learnersA.get(0), null, "{\"category\":\"SAFEGUARDING\",\"status\":\"OPEN\"}"))))
                .status());
        server.alerts().wake();
        awaitCount("SELECT COUNT(*) FROM concern_alerts WHERE record_id = '" + concern + "'", 1, "the concern noticed");
        assertEquals(count("SELECT last_seq FROM server_state"), count("SELECT followed_seq FROM alert_state"));
    }

    private void awaitCount(String sql, long expected, String what) throws Exception {
        for (long deadline = System.nanoTime() + 20_000_000_000L; count(sql) != expected; Thread.sleep(20)) {
            assertTrue(System.nanoTime() < deadline, what + ": " + count(sql) + ", not " + expected);
        }
    }

    // ---- how a record is stored: the hash of its content beside it, its routing as last written

    /** Every stored record's hash is the hash of its content as stored (or none, for a record written before hashes were kept). */
    void assertEveryStoredHashIsItsContents() throws Exception {
        int checked = 0;
        try (Connection c = server.database().connection();
             PreparedStatement q = c.prepareStatement("SELECT record_id, deleted, payload, content_hash FROM records");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                if (rs.getString(4) != null) {
                    assertEquals(Versions.hash(rs.getBoolean(2), rs.getString(3)), rs.getString(4), "the hash stored for " + rs.getString(1));
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, "some record had its hash stored");
    }

    @Test
    void aRecordStoredWithoutItsHashIsComparedByItsContentAndGetsOneWhenWrittenAgain() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        UUID learner = learnersA.get(0);
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(d.learner(learner, 0, "{\"v\":\"first\"}")))).status());
        assertEveryStoredHashIsItsContents();
        // as written before head office kept hashes
        try (Connection c = server.database().connection(); PreparedStatement up = c.prepareStatement("UPDATE records SET content_hash = NULL")) {
            up.executeUpdate();
        }
        EntryResult stale = only(d.push(List.of(d.entry(learner, RecordKinds.LEARNER, 1, Versions.hash(false, "{\"v\":\"elsewhere\"}"),
                null, "{\"v\":\"mine\"}"))));
        assertEquals(EntryStatus.CONFLICT, stale.status());
        assertEquals("{\"v\":\"first\"}", stale.serverRecord().payload());
        assertEquals(EntryStatus.APPLIED, only(d.push(List.of(d.learner(learner, 1, "{\"v\":\"mine\"}")))).status());
        assertEquals(Versions.hash(false, "{\"v\":\"mine\"}"), stringOf("SELECT content_hash FROM records"));
    }

    @Test
    void aConflictReadsTheStoredRecordWholeThoughThePushComparedOnlyItsHash() throws Exception {
        TestClient.Device one = client.device("tutor.a", PW);
        TestClient.Device two = client.device("tutor.a", PW);
        PushEntry t = tutorial(one, learnersA.get(0), "{\"t\":\"one\"}");
        one.push(List.of(t));
        two.pullAll(0, 10);
        assertEquals(EntryStatus.APPLIED, only(two.push(List.of(two.entry(t.recordId(), RecordKinds.TUTORIAL, 1, learnersA.get(0),
                "{\"t\":\"two\"}")))).status());
        PushEntry stale = one.entry(t.recordId(), RecordKinds.TUTORIAL, 1, learnersA.get(0), "{\"t\":\"one again\"}");
        EntryResult r = only(one.push(List.of(stale)));
        assertEquals(EntryStatus.CONFLICT, r.status());
        assertEquals("{\"t\":\"two\"}", r.serverRecord().payload(), "the record as stored, payload and all");
        assertEquals(learnersA.get(0), r.serverRecord().learnerId());
        // then deleted: a tombstone's hash is stored
        PushEntry gone = new PushEntry(one.nextSequence++, t.recordId(), RecordKinds.TUTORIAL, 2L, Versions.hash(false, "{\"t\":\"two\"}"),
                3L, Instant.now(), true, false, false, learnersA.get(0), null, null);
        assertEquals(EntryStatus.APPLIED, only(one.push(List.of(gone))).status());
        assertEveryStoredHashIsItsContents();
        assertEquals(Versions.hash(true, (String) null), stringOf("SELECT content_hash FROM records"));
    }

    @Test
    void aRecordMovedToAnotherLearnerIsStoredAndPulledUnderThatLearner() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        List<PushEntry> first = numberedTutorials(d, 6);
        d.push(first);
        // two of them move to another of the tutor's learners, the rest are changed where they are
        List<PushEntry> next = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            UUID learner = i < 2 ? learnersA.get((i + 1) % 3) : first.get(i).learnerId();
            next.add(d.entry(first.get(i).recordId(), RecordKinds.TUTORIAL, 1, learner, "{\"n\":" + i + ",\"changed\":true}"));
        }
        PushResponse r = d.push(next);
        assertTrue(r.results().stream().allMatch(e -> e.status() == EntryStatus.APPLIED), r.results().toString());
        for (PushEntry e : next) {
            assertEquals(e.learnerId().toString(), stringOf("SELECT learner_id FROM records WHERE record_id = '" + e.recordId() + "'"));
        }
        Map<UUID, SyncRecord> pulled = new HashMap<>();
        client.device("tutor.a", PW).pullAll(0, 100).forEach(x -> pulled.put(x.recordId(), x));
        for (PushEntry e : next) {
            assertEquals(e.learnerId(), pulled.get(e.recordId()).learnerId());
            assertEquals(e.payload(), pulled.get(e.recordId()).payload());
            assertEquals(2, pulled.get(e.recordId()).revision());
        }
        assertEveryStoredHashIsItsContents();
    }

    String stringOf(String sql) throws Exception {
        try (Connection c = server.database().connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            assertTrue(rs.next(), "a row for " + sql);
            return rs.getString(1);
        }
    }
}
