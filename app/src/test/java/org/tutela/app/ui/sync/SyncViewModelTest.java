package org.tutela.app.ui.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.Learner;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/** Connect and sync as the screens drive them, against the real server, without a toolkit. */
class SyncViewModelTest {
    @TempDir
    Path tmp;
    SyncServer server;
    Vault vault;

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start(ServerSettings.defaults().with("data-dir", tmp.resolve("server").toString())
                .with("port", "0").with("host", "127.0.0.1"));
        server.accounts().addUser("tutor.a", Role.TUTOR, "tutor account password 1".toCharArray());
        vault = Vault.create(tmp.resolve("v.tutela"), "lantern meadow copper kite".toCharArray(), Argon2Params.FLOOR);
    }

    @AfterEach
    void stop() {
        vault.close();
        server.close();
    }

    @Test
    void connectThenSyncShowsWhatHappenedInWords() throws Exception {
        DemoCaseload.Data data = DemoCaseload.fill(vault.records(), 3, DemoCaseload.Scale.TINY, LocalDate.of(2026, 11, 24));
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, data.learners().stream().map(Learner::id).toList());
        SyncClient client = new SyncClient(vault.records());
        AtomicInteger reloads = new AtomicInteger();
        SyncViewModel sync = new SyncViewModel(() -> client, TaskRunner.INLINE, Clock.systemUTC(), reloads::incrementAndGet);
        java.util.List<SyncViewModel.Notice> notices = new java.util.ArrayList<>();
        sync.onNotice(notices::add);
        sync.refresh();
        assertFalse(sync.enrolledProperty().get());
        assertTrue(sync.statusProperty().get().startsWith("Not connected to head office"));

        EnrolViewModel enrol = new EnrolViewModel(client::enrol, TaskRunner.INLINE, name -> { });
        enrol.serverUrlProperty().set("https://127.0.0.1:" + server.port());
        enrol.fingerprintProperty().set(server.fingerprint().toLowerCase());
        enrol.usernameProperty().set("tutor.a");
        enrol.passwordTyped("not the password");
        assertTrue(enrol.canEnrolProperty().get());
        char[] wrong = "not the password".toCharArray();
        enrol.enrol(wrong);
        assertTrue(enrol.passwordProblemProperty().get().startsWith("The account is at fault: that username or password is not right"),
                enrol.passwordProblemProperty().get());
        assertTrue(new String(wrong).chars().allMatch(c -> c == 0), "the typed password is not kept");
        enrol.passwordTyped("tutor account password 1");
        enrol.enrol("tutor account password 1".toCharArray());
        assertTrue(enrol.doneProperty().get(), enrol.errorProperty().get());

        sync.refresh();
        assertTrue(sync.enrolledProperty().get());
        sync.syncNow();
        assertFalse(sync.busyProperty().get());
        assertTrue(sync.statusProperty().get().startsWith("Synced at"), sync.statusProperty().get());
        assertTrue(sync.problemProperty().get().contains("refused"), "the groups were not assigned, so they were refused: "
                + sync.problemProperty().get());

        int refused = sync.refusedProperty().get();
        assertTrue(refused > 0, "the refused changes are counted, for the menu");
        assertEquals(refused, client.rejections().size());
        // the round's notification: counts and what to do, no names
        assertEquals(1, notices.size());
        assertEquals(SyncViewModel.Notice.Kind.REFUSED, notices.get(0).kind());
        assertEquals("Synced, but head office refused " + refused + " changes", notices.get(0).title());
        assertTrue(notices.get(0).text().matches("\\d+ sent, 0 received\\. The refused changes are kept here and sent again at every sync: "
                + "see Menu → Changes head office refused, or ask head office to check your caseload\\."), notices.get(0).text());
        for (Learner l : data.learners()) {
            assertFalse(notices.get(0).text().contains(l.familyName()), "no learner's name");
        }
        // still shown after the next round: they are still waiting
        sync.syncNow();
        assertTrue(sync.problemProperty().get().contains("refused"), sync.problemProperty().get());
        // head office assigns the groups: the next round sends them, and the warning goes
        server.accounts().assign("tutor.a", Accounts.SCOPE_GROUP, data.groups().stream().map(org.tutela.app.domain.Group::id).toList());
        sync.syncNow();
        assertEquals(0, sync.refusedProperty().get());
        assertEquals("", sync.problemProperty().get());
        assertTrue(vault.records().pendingOutbox(10).isEmpty());
        SyncViewModel.Notice done = notices.get(notices.size() - 1);
        assertEquals(SyncViewModel.Notice.Kind.DONE, done.kind());
        assertEquals("Synced with head office", done.title());
        assertTrue(done.text().matches("[1-9]\\d* sent, 0 received\\."), done.text());
        assertTrue(sync.statusProperty().get().endsWith(done.text()), "the sync line says the same: " + sync.statusProperty().get());
        // a round the timer starts that moves nothing is not told of
        int before = notices.size();
        sync.syncInBackground();
        assertEquals(before, notices.size(), "nothing moved: no notification");

        server.accounts().revokeDevice(client.account().orElseThrow().deviceId().toString());
        sync.syncNow();
        assertTrue(sync.problemProperty().get().startsWith("Head office has withdrawn this laptop's access"), sync.problemProperty().get());
        assertFalse(sync.enrolledProperty().get());
        SyncViewModel.Notice stopped = notices.get(notices.size() - 1);
        assertEquals(SyncViewModel.Notice.Kind.FAILED, stopped.kind());
        assertEquals("Sync stopped", stopped.title());
        assertEquals("Head office has withdrawn this laptop's access. Your records are still here. Ask head office, then connect again.",
                stopped.text(), "what to do, in the bundle's words only");
    }
}
