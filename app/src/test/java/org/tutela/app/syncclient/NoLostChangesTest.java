package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.records.LearnerHasRecordsException;
import org.tutela.app.records.OpenedVersion;
import org.tutela.app.records.RecordKind;
import org.tutela.app.vault.Conflict;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.VaultInUseException;
import org.tutela.app.vault.WriteOptions;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * Each way sync once lost a change, as a plain test through the app's own vault, caseload and
 * sync client against the real server over real HTTPS: two laptops editing one record, a save
 * over a version pulled meanwhile, deletions, both choices in a conflict, a reset handshake and a
 * vault restored from an older copy.
 */
class NoLostChangesTest {
    private static final String PASS = "harbour lantern thistle cobble";
    private static final String PW = "tutor account password 1";

    @TempDir
    Path tmp;
    SyncServer server;
    String url;
    final List<Vault> vaults = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start(ServerSettings.defaults().with("data-dir", tmp.resolve("server").toString())
                .with("port", "0").with("host", "127.0.0.1"));
        url = "https://127.0.0.1:" + server.port();
        server.accounts().addUser("tutor.a", Role.TUTOR, PW.toCharArray());
    }

    @AfterEach
    void stop() {
        vaults.forEach(Vault::close);
        server.close();
    }

    private Vault vault(String name) {
        Path file = tmp.resolve(name + ".tutela");
        Vault v = Files.exists(file) ? Vault.open(file, PASS.toCharArray()) : Vault.create(file, PASS.toCharArray(), Argon2Params.FLOOR);
        vaults.add(v);
        return v;
    }

    private SyncClient enrolled(RecordStore store) {
        SyncClient client = new SyncClient(store, 100);
        client.enrol(url, server.fingerprint(), "tutor.a", PW.toCharArray(), "laptop");
        return client;
    }

    private static SyncReport sync(SyncClient client) {
        SyncReport r = client.sync(SyncProgress.NONE, () -> false);
        assertTrue(r.complete());
        return r;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(RecordStore store, UUID id) {
        return new String(store.get(id).orElseThrow().body(), StandardCharsets.UTF_8);
    }

    /** Head office's copy of a record: {payload, deleted}, or empty. */
    private Optional<String[]> atHeadOffice(UUID id) throws Exception {
        try (Connection c = server.database().connection();
             PreparedStatement q = c.prepareStatement("SELECT payload, deleted FROM records WHERE record_id = ?")) {
            q.setString(1, id.toString());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), String.valueOf(rs.getBoolean(2))}) : Optional.empty();
            }
        }
    }

    /** Two laptops of one tutor, both holding one learner of theirs that head office has too. */
    private record Pair(RecordStore a, SyncClient syncA, RecordStore b, SyncClient syncB, UUID learner) {
    }

    private Pair pairWithOneLearner() throws Exception {
        UUID learner = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(learner));
        RecordStore a = vault("a").records();
        a.save(RecordKind.Names.LEARNER, learner, json("{\"v\":\"first\"}"), WriteOptions.NORMAL);
        SyncClient syncA = enrolled(a);
        sync(syncA);
        RecordStore b = vault("b").records();
        SyncClient syncB = enrolled(b);
        sync(syncB);
        assertEquals("{\"v\":\"first\"}", text(b, learner));
        return new Pair(a, syncA, b, syncB, learner);
    }

    @Test
    void laptopRevisionsCannotPassForHeadOfficesVersion() throws Exception {
        Pair p = pairWithOneLearner();
        // B edits once and syncs: head office is at revision 2
        p.b().save(RecordKind.Names.LEARNER, p.learner(), json("{\"v\":\"B's edit\"}"), WriteOptions.NORMAL);
        sync(p.syncB());
        // A, offline, saves twice: its own revision reaches 3, but its change is based on head office's revision 1
        p.a().save(RecordKind.Names.LEARNER, p.learner(), json("{\"v\":\"A draft\"}"), WriteOptions.NORMAL);
        p.a().save(RecordKind.Names.LEARNER, p.learner(), json("{\"v\":\"A's edit\"}"), WriteOptions.NORMAL);
        SyncReport r = sync(p.syncA());
        assertEquals(List.of(p.learner()), r.conflicts(), "a conflict, not a silent overwrite");
        assertEquals("{\"v\":\"B's edit\"}", atHeadOffice(p.learner()).orElseThrow()[0], "B's change is not lost");
        assertEquals("{\"v\":\"A's edit\"}", text(p.a(), p.learner()), "nor is A's");
        // A keeps its own: it goes on top of B's, and reaches B
        p.syncA().keepMine(p.learner());
        assertTrue(sync(p.syncA()).conflicts().isEmpty());
        assertEquals("{\"v\":\"A's edit\"}", atHeadOffice(p.learner()).orElseThrow()[0]);
        sync(p.syncB());
        assertEquals("{\"v\":\"A's edit\"}", text(p.b(), p.learner()));
    }

    @Test
    void aSaveOverAVersionPulledWhileTheScreenWasOpenKeepsBoth() throws Exception {
        Pair p = pairWithOneLearner();
        UUID group = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_GROUP, List.of(group));
        Learner learner = Learner.builder().id(UUID.randomUUID()).givenName("Orrin").familyName("Quellbrook").groupIds(List.of(group)).build();
        Caseload.load(p.a()).learnerWrites().save(new Group(group, "Plumbing L2", null, null, null, ReviewFrequency.halfTermly(), null));
        Caseload.load(p.a()).learnerWrites().save(learner);
        sync(p.syncA());
        sync(p.syncB());

        // The tutor opens the learner on laptop A...
        Caseload screen = Caseload.load(p.a());
        Learner open = screen.learner(learner.id()).orElseThrow();
        OpenedVersion opened = screen.opened(learner.id());
        // ...meanwhile laptop B changes it, and a background round on A brings that in
        Caseload.load(p.b()).learnerWrites().save(open.toBuilder().preferredName("Ozzy").build());
        sync(p.syncB());
        sync(p.syncA());
        assertEquals("Ozzy", Caseload.load(p.a()).learner(learner.id()).orElseThrow().preferredName());
        // ...then the tutor saves what they typed, over a version they never saw
        screen.learnerWrites().save(open.toBuilder().familyName("Quellbrooke").build(), opened);

        Conflict c = p.a().conflict(learner.id()).orElseThrow();
        assertEquals(Conflict.Origin.CHANGED_WHILE_OPEN, c.origin());
        assertTrue(new String(c.other().body(), StandardCharsets.UTF_8).contains("Ozzy"), "B's change is kept");
        assertEquals("Quellbrooke", Caseload.load(p.a()).learner(learner.id()).orElseThrow().familyName(), "so is the tutor's");
        // nothing goes to head office over B's change until the tutor chooses
        sync(p.syncA());
        assertTrue(atHeadOffice(learner.id()).orElseThrow()[0].contains("Ozzy"));
        assertEquals(List.of(learner.id()), p.syncA().conflicts().stream().map(SyncConflict::recordId).toList());
        p.syncA().keepHeadOffice(learner.id());
        assertEquals("Ozzy", Caseload.load(p.a()).learner(learner.id()).orElseThrow().preferredName());
        assertEquals(0, sync(p.syncA()).sent(), "head office's version needs sending nowhere");
        assertTrue(p.a().pendingOutbox(10).isEmpty());
    }

    @Test
    void deletedTutorialsAndLearnersReachHeadOfficeAndTheOtherLaptop() throws Exception {
        RecordStore a = vault("a").records();
        DemoCaseload.Data data = DemoCaseload.fill(a, 4, DemoCaseload.Scale.TINY, LocalDate.of(2026, 11, 24));
        // the caseload is assigned by group only: learners are in scope through their group
        server.accounts().assign("tutor.a", Accounts.SCOPE_GROUP, data.groups().stream().map(Group::id).toList());
        SyncClient syncA = enrolled(a);
        assertTrue(sync(syncA).rejected().isEmpty(), syncA.rejections().toString());
        RecordStore b = vault("b").records();
        SyncClient syncB = enrolled(b);
        sync(syncB);

        Caseload caseload = Caseload.load(a);
        UUID tutorial = caseload.tutorialSummariesOf(data.learners().get(0).id()).stream()
                .filter(t -> !t.locked()).findFirst().orElseThrow().id();
        caseload.tutorialWrites().deleteTutorial(tutorial);
        Learner mistake = Learner.builder().id(UUID.randomUUID()).givenName("Pellam").familyName("Strood")
                .groupIds(List.of(data.groups().get(0).id())).build();
        caseload.learnerWrites().save(mistake);
        assertTrue(sync(syncA).rejected().isEmpty(), syncA.rejections().toString());
        sync(syncB);
        assertTrue(Caseload.load(b).learner(mistake.id()).isPresent());

        Caseload.load(a).learnerWrites().deleteLearner(mistake.id());
        assertThrows(LearnerHasRecordsException.class, () -> Caseload.load(a).learnerWrites().deleteLearner(data.learners().get(0).id()),
                "a learner with a history is kept");
        SyncReport r = sync(syncA);
        assertTrue(r.rejected().isEmpty(), syncA.rejections().toString());
        assertTrue(syncA.rejections().isEmpty());
        assertEquals("true", atHeadOffice(tutorial).orElseThrow()[1], "the tutorial's deletion reached head office");
        assertEquals("true", atHeadOffice(mistake.id()).orElseThrow()[1], "so did the learner's");
        sync(syncB);
        Caseload there = Caseload.load(b);
        assertTrue(there.tutorial(tutorial).isEmpty(), "and the tutor's other laptop");
        assertTrue(there.learner(mistake.id()).isEmpty());
        assertTrue(a.pendingOutbox(10).isEmpty());
    }

    @Test
    void keepingMyDeletionDeletesItEverywhereAndKeepingMyEditOverTheirsBringsItBack() throws Exception {
        Pair p = pairWithOneLearner();
        UUID other = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(other));
        p.a().save(RecordKind.Names.LEARNER, other, json("{\"v\":\"second\"}"), WriteOptions.NORMAL);
        sync(p.syncA());
        sync(p.syncB());

        // A deletes the learner while B edits it; B is first at head office
        p.a().delete(p.learner());
        p.b().save(RecordKind.Names.LEARNER, p.learner(), json("{\"v\":\"B's edit\"}"), WriteOptions.NORMAL);
        sync(p.syncB());
        assertEquals(List.of(p.learner()), sync(p.syncA()).conflicts());
        p.syncA().keepMine(p.learner());
        sync(p.syncA());
        assertEquals("true", atHeadOffice(p.learner()).orElseThrow()[1], "the deletion went, not an empty record");
        sync(p.syncB());
        assertTrue(p.b().get(p.learner()).orElseThrow().deleted());

        // A edits the other learner while B deletes it; B is first; A keeps its edit
        p.a().save(RecordKind.Names.LEARNER, other, json("{\"v\":\"A's edit\"}"), WriteOptions.NORMAL);
        p.b().delete(other);
        sync(p.syncB());
        assertEquals(List.of(other), sync(p.syncA()).conflicts());
        p.syncA().keepMine(other);
        sync(p.syncA());
        String[] there = atHeadOffice(other).orElseThrow();
        assertEquals("false", there[1]);
        assertEquals("{\"v\":\"A's edit\"}", there[0], "back with the tutor's content, not an empty one");
        sync(p.syncB());
        assertEquals("{\"v\":\"A's edit\"}", text(p.b(), other));
    }

    @Test
    void keepingHeadOfficesVersionLeavesNothingOfMineToSend() throws Exception {
        Pair p = pairWithOneLearner();
        p.a().save(RecordKind.Names.LEARNER, p.learner(), json("{\"v\":\"A's edit\"}"), WriteOptions.NORMAL);
        p.b().save(RecordKind.Names.LEARNER, p.learner(), json("{\"v\":\"B's edit\"}"), WriteOptions.NORMAL);
        sync(p.syncB());
        assertEquals(List.of(p.learner()), sync(p.syncA()).conflicts());
        p.syncA().keepHeadOffice(p.learner());
        assertTrue(p.a().pendingOutbox(10).isEmpty(), "the tutor's queued edit is dropped");
        SyncReport r = sync(p.syncA());
        assertEquals(0, r.sent());
        assertTrue(r.rejected().isEmpty());
        assertEquals("{\"v\":\"B's edit\"}", text(p.a(), p.learner()));
        // and the next edit goes on top of head office's version
        p.a().save(RecordKind.Names.LEARNER, p.learner(), json("{\"v\":\"A again\"}"), WriteOptions.NORMAL);
        SyncReport next = sync(p.syncA());
        assertTrue(next.conflicts().isEmpty() && next.rejected().isEmpty());
        assertEquals("{\"v\":\"A again\"}", atHeadOffice(p.learner()).orElseThrow()[0]);
    }

    @Test
    void aConnectionResetDuringTheHandshakeIsNoConnectionNotAnUntrustedServer() throws Exception {
        AtomicBoolean reset = new AtomicBoolean();
        try (ResettingProxy proxy = new ResettingProxy(server.port(), reset)) {
            RecordStore a = vault("a").records();
            SyncClient client = new SyncClient(a);
            client.enrol("https://127.0.0.1:" + proxy.port(), server.fingerprint(), "tutor.a", PW.toCharArray(), "laptop");
            reset.set(true);
            SyncClient later = new SyncClient(a); // a later start of the app: a new connection, a new handshake
            SyncException e = assertThrows(SyncException.class, () -> later.sync(SyncProgress.NONE, () -> false));
            assertEquals(SyncException.Reason.OFFLINE, e.reason());
            reset.set(false);
            assertTrue(later.sync(SyncProgress.NONE, () -> false).complete(), "and the next round goes through");
        }
    }

    @Test
    void aVaultRestoredFromAnOlderCopyLosesNoChangeAndNoUrgentConcern() throws Exception {
        UUID learner = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(learner));
        Vault v = vault("a");
        v.records().save(RecordKind.Names.LEARNER, learner, json("{\"v\":1}"), WriteOptions.NORMAL);
        sync(enrolled(v.records()));
        v.close();
        Path file = tmp.resolve("a.tutela");
        Path copy = tmp.resolve("copy-of-a.tutela");
        Files.copy(file, copy);

        // work synced after the copy was taken
        v = vault("a");
        SyncClient client = new SyncClient(v.records(), 100);
        UUID later = UUID.randomUUID();
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(later));
        v.records().save(RecordKind.Names.LEARNER, later, json("{\"v\":\"after the copy\"}"), WriteOptions.NORMAL);
        sync(client);
        v.close();

        // the old copy is put back, and the tutor raises an urgent safeguarding concern
        Files.copy(copy, file, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(tmp.resolve("a.tutela-wal"));
        v = vault("a");
        RecordStore restored = v.records();
        assertTrue(restored.get(later).isEmpty(), "the copy predates it");
        Concern concern = Concern.raise(learner, ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 12, 6), "Tutor Ambrell",
                "Invented concern for a test");
        Caseload.load(restored).tutorialWrites().save(concern);
        client = new SyncClient(restored, 100);
        SyncReport r = sync(client);
        assertTrue(r.rejected().isEmpty(), client.rejections().toString());
        assertTrue(atHeadOffice(concern.id()).isPresent(), "the urgent concern reached head office");
        assertTrue(restored.pendingOutbox(10).isEmpty(), "and left the outbox only then");
        assertEquals("{\"v\":\"after the copy\"}", text(restored, later), "what the copy lacked came back from head office");
    }

    @Test
    void aVaultIsOpenInOneProgramAtATime() {
        Vault v = vault("a");
        assertThrows(VaultInUseException.class, () -> Vault.open(tmp.resolve("a.tutela"), PASS.toCharArray()));
        v.close();
        vault("a");
    }

    /**
     * A TCP proxy in front of the server that, while {@code reset} is set, accepts a connection,
     * reads the start of the TLS handshake and resets it.
     */
    private static final class ResettingProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final Thread acceptor;

        ResettingProxy(int target, AtomicBoolean reset) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        if (reset.get()) {
                            client.getInputStream().read(new byte[64]);
                            client.setSoLinger(true, 0);
                            client.close();
                            continue;
                        }
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        pipe(client.getInputStream(), upstream.getOutputStream(), upstream);
                        pipe(upstream.getInputStream(), client.getOutputStream(), client);
                    } catch (IOException e) {
                        // closed, or a connection gone: the next accept carries on
                    }
                }
            }, "resetting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pipe(InputStream in, OutputStream out, Socket closeWhenDone) {
            Thread t = new Thread(() -> {
                try (closeWhenDone) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // one side went away
                }
            }, "proxy-pipe");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
