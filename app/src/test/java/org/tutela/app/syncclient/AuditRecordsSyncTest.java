package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.records.TypedStore;
import org.tutela.app.confidential.ConfidentialFixtures;
import org.tutela.app.domain.ConfidentialOpening;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.confidential.OpenedTutorial;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.domain.CopiesRecord;
import org.tutela.app.print.CopiesRegister;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.RecordKind;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.Vault;

import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * Openings of confidential tutorials and the copies register leave the laptop: over real HTTPS
 * they reach head office, routed by their tutorial's learner (so head office can audit openings
 * by learner and caseload), and the tutor's other laptop.
 */
class AuditRecordsSyncTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String ACCOUNT_PASSWORD = "tutor account password 1";

    @TempDir
    Path tmp;
    SyncServer server;
    final List<Vault> vaults = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start(ServerSettings.defaults().with("data-dir", tmp.resolve("server").toString())
                .with("port", "0").with("host", "127.0.0.1"));
        server.accounts().addUser("tutor.a", Role.TUTOR, ACCOUNT_PASSWORD.toCharArray());
    }

    @AfterEach
    void stop() {
        vaults.forEach(Vault::close);
        server.close();
    }

    private Vault laptop(String name) {
        Vault vault = Vault.create(tmp.resolve(name + ".tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        vaults.add(vault);
        return vault;
    }

    private SyncClient enrolled(Vault vault) {
        SyncClient client = new SyncClient(vault.records());
        client.enrol("https://127.0.0.1:" + server.port(), server.fingerprint(), "tutor.a", ACCOUNT_PASSWORD.toCharArray(), "laptop");
        return client;
    }

    @Test
    void openingsAndTheCopiesRegisterReachHeadOfficeAndTheOtherLaptop() throws Exception {
        Vault first = laptop("first");
        Caseload caseload = Caseload.load(first.records());
        Learner learner = caseload.learnerWrites().save(Learner.builder().givenName("Quenby").familyName("Marchwood").build());
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(learner.id()));
        Tutorial planned = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), null, "Tutor Bexamund",
                TutorialPlan.on(caseload.today(), LocalTime.of(10, 0), "Room 4")));
        Tutorial held = caseload.tutorialWrites().hold(planned.id(), caseload.today());

        ConfidentialTutorials tutorials = new ConfidentialTutorials(new TypedStore(first::records), "Tutor Bexamund", Clock.systemUTC(), d -> { },
                Argon2Params.FLOOR);
        tutorials.seal(held, ConfidentialFixtures.PASSWORD.toCharArray());
        try (OpenedTutorial opened = tutorials.open(held.id(), ConfidentialFixtures.PASSWORD.toCharArray())) {
            assertTrue(opened.tutorial().confidential());
        }
        Tutorial other = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), null, "Tutor Bexamund",
                TutorialPlan.on(caseload.today(), LocalTime.of(14, 0), "Room 5")));
        new CopiesRegister(new TypedStore(first::records), Clock.systemUTC()).recordPrinted(other.id(), 2, List.of(CopyRecipient.STUDENT, CopyRecipient.ILR));

        SyncClient one = enrolled(first);
        SyncReport report = one.sync(SyncProgress.NONE, () -> false);
        assertTrue(report.complete());
        assertTrue(report.rejected().isEmpty(), "nothing refused: " + one.rejections());

        // At head office: both, each routed by its tutorial's learner.
        assertEquals(List.of(learner.id().toString()), learnersOf(RecordKind.Names.CONFIDENTIAL_OPENING));
        assertEquals(List.of(learner.id().toString()), learnersOf(RecordKind.Names.COPIES_REGISTER));

        // On the tutor's other laptop.
        Vault second = laptop("second");
        assertTrue(enrolled(second).sync(SyncProgress.NONE, () -> false).complete());
        ConfidentialTutorials there = new ConfidentialTutorials(new TypedStore(second::records), "Tutor Bexamund", Clock.systemUTC(), d -> { },
                Argon2Params.FLOOR);
        List<ConfidentialOpening> openings = there.openings(held.id());
        assertEquals(1, openings.size());
        assertEquals("Tutor Bexamund", openings.get(0).who());
        assertEquals(ConfidentialOpening.Method.PASSWORD, openings.get(0).method());
        CopiesRecord copies = new CopiesRegister(new TypedStore(second::records), Clock.systemUTC()).get(other.id());
        assertEquals(1, copies.printings().size());
        assertTrue(copies.copy(CopyRecipient.ILR).isPresent());
    }

    private List<String> learnersOf(String kind) throws Exception {
        List<String> learners = new ArrayList<>();
        try (Connection c = server.database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT learner_id FROM records WHERE kind = ?")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    learners.add(rs.getString(1));
                }
            }
        }
        return learners;
    }
}
