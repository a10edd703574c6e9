package org.tutela.app.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.confidential.OpenedTutorial;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.records.Caseload;
import org.tutela.app.session.VaultSession;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.sync.SyncViewModel;
import org.tutela.app.ui.tutorial.PrintRequests;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * The composition root of an unlocked session, with the app's own threads (the vault thread and
 * the jobs pool): what it builds once, and that a sync round waiting on head office never holds
 * up the tutor's work.
 */
class SessionRootTest {
    private static final char[] PASSPHRASE = "lantern meadow copper kite".toCharArray();

    @TempDir
    Path tmp;
    private SyncServer server;
    private VaultSession session;
    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage(); // the app's pools answer on the JavaFX thread
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : accepted) {
            s.close(); // the round waiting on it ends (no connection), on its own thread
        }
        if (silent != null) {
            silent.close();
        }
        if (server != null) {
            server.close();
        }
        if (session != null) {
            onVaultThread(() -> {
                session.lock();
                return null;
            });
        }
    }

    @Test
    void aSyncRoundWaitingOnASilentHeadOfficeNeverHoldsUpTheTutorsSave() throws Exception {
        server = SyncServer.start(ServerSettings.defaults().with("data-dir", tmp.resolve("server").toString())
                .with("port", "0").with("host", "127.0.0.1"));
        server.accounts().addUser("tutor.a", Role.TUTOR, "tutor account password 1".toCharArray());
        int port = server.port();
        session = new VaultSession(tmp.resolve("v.tutela"), Argon2Params.FLOOR);
        session.create(PASSPHRASE.clone());
        // Enrolled for real (with a client of its own, so the root's client keeps no connection to it).
        new SyncClient(session.records()).enrol("https://127.0.0.1:" + port, server.fingerprint(), "tutor.a",
                "tutor account password 1".toCharArray(), "Test laptop");
        server.close();
        server = null;
        // Head office now takes the connection and never says a word.
        silent = new ServerSocket();
        silent.setReuseAddress(true);
        silent.bind(new InetSocketAddress("127.0.0.1", port));
        CountDownLatch reached = new CountDownLatch(1);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                    reached.countDown();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-head-office");
        acceptor.setDaemon(true);
        acceptor.start();

        SessionRoot root = SessionRoot.open("default", session); // the app's wiring, the app's threads
        Caseload caseload = onVaultThread(root::loadCaseload);
        SyncViewModel sync = WaitForAsyncUtils.asyncFx(() -> {
            SyncViewModel model = root.syncStatus(() -> { });
            model.syncNow();
            return model;
        }).get(10, TimeUnit.SECONDS);
        assertTrue(reached.await(30, TimeUnit.SECONDS), "the round went to head office");

        // While the round waits for an answer that never comes, the tutor adds a learner.
        Learner typed = Learner.builder().givenName("Quillan").familyName("Marrowby").build();
        CompletableFuture<Learner> saved = new CompletableFuture<>();
        Platform.runLater(() -> root.vaultThread().run(() -> caseload.learnerWrites().save(typed), saved::complete, saved::completeExceptionally));
        Learner kept = saved.get(8, TimeUnit.SECONDS);

        assertTrue(WaitForAsyncUtils.asyncFx(() -> sync.busyProperty().get()).get(5, TimeUnit.SECONDS),
                "the round is still waiting on head office: the save did not wait for it");
        assertEquals(Messages.get("sync.status.working"), WaitForAsyncUtils.asyncFx(() -> sync.statusProperty().get()).get());
        assertTrue(onVaultThread(() -> Caseload.load(session.records()).learner(kept.id())).isPresent(), "the learner is in the vault");
    }

    @Test
    void oneOfEachServiceForTheSessionAndLockingClosesOpenedConfidentialTutorials() throws Exception {
        session = new VaultSession(tmp.resolve("c.tutela"), Argon2Params.FLOOR);
        session.create(PASSPHRASE.clone());
        SessionRoot root = new SessionRoot("default", session, TaskRunner.INLINE, TaskRunner.INLINE, Runnable::run, true);
        assertSame(root.syncClient(), root.syncClient(), "one sync client");
        assertSame(root.confidential(), root.confidential());
        assertSame(PrintRequests.NOT_AVAILABLE, root.print(), "nothing to print from before the caseload is loaded");

        Caseload caseload = root.loadCaseload();
        root.printFrom(caseload);
        assertNotSame(PrintRequests.NOT_AVAILABLE, root.print(), "the Print buttons print from the caseload loaded");

        Learner learner = caseload.learnerWrites().save(Learner.builder().givenName("Tamsin").familyName("Orrowgate").build());
        Tutorial tutorial = caseload.tutorialWrites().saveTutorial(Tutorial.plan(org.tutela.app.domain.TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), null,
                "Tutor Bexamund", org.tutela.app.domain.TutorialPlan.on(java.time.LocalDate.of(2026, 3, 4), java.time.LocalTime.of(10, 0),
                        "Room 4 (invented)")));
        root.confidential().seal(tutorial, "harbour thistle amber drum".toCharArray());
        caseload.incomingChanges().refresh(tutorial.id());
        assertTrue(caseload.tutorial(tutorial.id()).orElseThrow().confidential(), "the caseload took in the sealed envelope");
        OpenedTutorial opened = root.confidential().open(tutorial.id(), "harbour thistle amber drum".toCharArray());

        session.lock();
        assertTrue(opened.isClosed(), "the vault locked: the content is forgotten");
        root.close();
        assertSame(PrintRequests.NOT_AVAILABLE, root.print());
        session = null;
    }

    private static <T> T onVaultThread(Callable<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        TaskRunner.VAULT_THREAD.run(work, done::complete, done::completeExceptionally);
        return done.get(30, TimeUnit.SECONDS);
    }
}
