package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Learner;
import org.tutela.app.records.Caseload;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSecrets;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.alerts.MailSettings;
import org.tutela.sync.server.alerts.MailSettingsStore;

/**
 * A tutor raises an urgent safeguarding concern on their laptop, offline, and syncs: head office
 * emails the safeguarding lead and the deputy, one email each, through the organisation's mail
 * server (an in-process GreenMail), saying a concern is waiting with a link to it, and nothing
 * about the learner or the concern: the invented names and words are searched for in the raw
 * messages. The laptop is the real app's vault and {@link SyncClient} over real HTTPS; on SQLite
 * and on a real PostgreSQL.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcernAlertEndToEndTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String PW = "tutor account password 1";
    private static final String GIVEN = "Ysmerelda";
    private static final String FAMILY = "Pellworthy-Quant";
    private static final String WORDS = "said her stepfather at Farrowgate Close locks her out";
    private static EmbeddedPostgres postgres;

    @TempDir
    Path tmp;
    SyncServer server;
    Vault vault;
    GreenMail smtp;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stop() {
        if (vault != null) {
            vault.close();
        }
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private SyncServer start(String backend) throws Exception {
        return SyncServer.start(HeadOfficeSettings.of(backend, tmp.resolve("server"), postgres));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anUrgentConcernFromALaptopEmailsTheLeadAndTheDeputyWithALinkAndNoNameOrDetail(String backend) throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        server = start(backend);
        server.accounts().addUser("tutor.a", Role.TUTOR, new UserDetails("Aderyn Tollan", null, null), PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        // the administrator's email settings, as the console's Email alerts page saves them
        new MailSettingsStore(server.database(), ServerSecrets.load(tmp.resolve("server")), Clock.systemUTC()).save(
                new MailSettings("127.0.0.1", smtp.getSmtp().getPort(), MailSettings.Security.NONE, null, null, "tutela@example.org",
                        "lead@example.org", "deputy@example.org", "https://tutela.example.org:8443"),
                MailSettingsStore.PasswordChange.KEEP, AuditTrail.Actor.commandLine(), server.accounts().audit());

        // the laptop: enrolled, then offline, the tutor raises the concern about a learner of theirs
        vault = Vault.create(tmp.resolve("laptop.tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        RecordStore store = vault.records();
        SyncClient laptop = new SyncClient(store);
        laptop.enrol("https://127.0.0.1:" + server.port(), server.fingerprint(), "tutor.a", PW.toCharArray(), "test laptop");
        Caseload caseload = Caseload.load(store);
        Learner learner = caseload.learnerWrites().save(Learner.builder().givenName(GIVEN).familyName(FAMILY).uln("9276308686").build());
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(learner.id()));
        Concern concern = caseload.tutorialWrites().save(Concern.raise(learner.id(), ConcernCategory.SAFEGUARDING, LocalDate.now(), "Aderyn Tollan",
                GIVEN + " " + WORDS));
        assertTrue(concern.urgent());
        SyncReport report = laptop.sync(SyncProgress.NONE, () -> false);
        assertTrue(report.complete() && report.rejected().isEmpty(), laptop.rejections().toString());

        server.alerts().wake();
        assertTrue(smtp.waitForIncomingEmail(60_000, 2), "the lead's and the deputy's emails");
        Thread.sleep(500);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(2, received.length, "one email each");
        Set<String> to = new HashSet<>();
        for (MimeMessage m : received) {
            to.add(m.getAllRecipients()[0].toString());
            assertEquals("A safeguarding concern is waiting in Tutela", m.getSubject());
            String body = GreenMailUtil.getBody(m).replace("=\r\n", "");
            assertTrue(body.contains("https://tutela.example.org:8443/console/alerts/concerns/" + concern.id()), body);
            String raw = GreenMailUtil.getWholeMessage(m);
            for (String canary : List.of(GIVEN, FAMILY, "Pellworthy", WORDS, "Farrowgate", "stepfather", "Aderyn", "Tollan",
                    learner.id().toString(), "9276308686")) {
                assertFalse(raw.contains(canary), "the email carries " + canary);
            }
        }
        assertEquals(Set.of("lead@example.org", "deputy@example.org"), to);
    }
}
