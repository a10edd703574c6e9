package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tutela.app.records.TypedStore;
import org.tutela.app.HeadOfficeFixture;
import org.tutela.app.confidential.OrganisationSettings;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.records.Caseload;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.LearnerImport;
import org.tutela.sync.server.headoffice.Learners;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;

/**
 * Head office sets the organisation up, creates a group, imports learners from an MIS export and
 * gives the group to a tutor; a real laptop (its vault, its {@link SyncClient}, over real HTTPS)
 * syncs and its caseload holds exactly those learners, with their group and the term dates. Where
 * the tutor changed a learner that head office changed too, the laptop's conflict choice applies.
 * On SQLite and on a real PostgreSQL.
 */
class HeadOfficeEndToEndTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String PW = "tutor account password 1";
    private static EmbeddedPostgres postgres;

    @TempDir
    Path tmp;
    SyncServer server;
    Vault vault;

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
    }

    private SyncServer start(String backend) throws Exception {
        return SyncServer.start(HeadOfficeSettings.of(backend, tmp.resolve("server"), postgres));
    }

    private static String uln(int n) {
        return HeadOfficeFixture.uln(n);
    }

    private static LearnerImport.Preview importCsv(LearnerImport importer, String csv) throws Exception {
        return importer.importFile(csv.getBytes(StandardCharsets.UTF_8), importer.mapping(null, List.of()), LearnerImport.Options.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void whatHeadOfficeSetsUpIsWhatTheTutorsLaptopHolds(String backend) throws Exception {
        server = start(backend);
        server.accounts().addUser("tutor.a", Role.TUTOR, PW.toCharArray());
        server.accounts().addUser("tutor.b", Role.TUTOR, PW.toCharArray());
        Groups groups = new Groups(server.database(), server.accounts());
        LearnerImport importer = new LearnerImport(server.database(), server.accounts());

        // head office: the organisation, a group, the MIS export, the group given to tutor A
        new OrganisationSetup(server.database()).set(new Organisation("Cwmderyn Learning Partnership", null, "Morwenna Tregaskis-Pryce",
                "01632 960123", null, List.of(HeadOfficeFixture.terms2025()), new Organisation.Entitlement(5, 10), 85));
        groups.create(Groups.Changes.named("Motor Vehicle A").withCourse("Motor vehicle").withLevel("Level 2").withReviewFrequency("termly"));
        groups.create(Groups.Changes.named("Hair B").withCourse("Hairdressing").withTutor("tutor.b"));
        String export = "ULN,Given name,Family name,Date of birth,Group\n"
                + uln(1) + ",Llŷr,Cawrdŵr,01/09/2008,Motor Vehicle A\n"
                + uln(2) + ",Tegwared,Quillfoss,2008-03-15,Motor Vehicle A\n"
                + uln(3) + ",Ŵyn,Maesŷlan,2007-12-02,Motor Vehicle A\n"
                + uln(4) + ",Lowri,Zennorcott,2008-01-20,Hair B\n";
        assertEquals(4, importCsv(importer, export).count(LearnerImport.Action.CREATE));
        groups.assignTutor("Motor Vehicle A", null, "tutor.a");

        // the tutor's laptop syncs
        vault = Vault.create(tmp.resolve("laptop.tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        RecordStore store = vault.records();
        SyncClient laptop = new SyncClient(store);
        laptop.enrol("https://127.0.0.1:" + server.port(), server.fingerprint(), "tutor.a", PW.toCharArray(), "test laptop");
        SyncReport first = laptop.sync(SyncProgress.NONE, () -> false);
        assertTrue(first.complete() && first.conflicts().isEmpty() && first.rejected().isEmpty());

        Caseload caseload = Caseload.load(store);
        assertTrue(caseload.damaged().isEmpty(), caseload.damaged().toString());
        Map<String, Learner> byUln = caseload.learners().stream().collect(Collectors.toMap(l -> l.uln().value(), l -> l));
        assertEquals(Set.of(uln(1), uln(2), uln(3)), byUln.keySet(), "exactly the group's learners");
        assertEquals("Cawrdŵr", byUln.get(uln(1)).familyName());
        assertEquals(LocalDate.of(2008, 9, 1), byUln.get(uln(1)).dateOfBirth());
        assertEquals(1, caseload.groups().size());
        Group group = caseload.groupOf(byUln.get(uln(2)));
        assertEquals("Motor Vehicle A", group.name());
        assertEquals("Motor vehicle", group.programme());
        assertEquals("Level 2", group.level());
        assertEquals("tutor.a", group.tutor());
        assertEquals(ReviewFrequency.termly(), group.reviewFrequency());
        assertEquals("Level 2", byUln.get(uln(3)).levelWorkingTowards(), "a new learner takes the group's level");
        assertEquals(2, caseload.calendar().halfTermOf(LocalDate.of(2026, 2, 20)), "head office's term dates");
        assertEquals(new Entitlement(5, 10), caseload.entitlement(byUln.get(uln(1)).id(), new AcademicYear(2025)).entitlement());
        OrganisationSettings settings = new OrganisationSettingsStore(new TypedStore(() -> store)).load();
        assertEquals("Cwmderyn Learning Partnership", settings.organisationName());
        assertEquals("01632 960123", settings.dslPhone());

        // the tutor changes a learner on the laptop while head office imports a newer export that changes them too
        Learner tegwared = byUln.get(uln(2));
        caseload.learnerWrites().save(tegwared.toBuilder().preferredName("Teg").build());
        importCsv(importer, export.replace("Tegwared,Quillfoss,", "Tegwared,Quillfoss-Arddu,"));
        SyncReport clash = laptop.sync(SyncProgress.NONE, () -> false);
        assertEquals(List.of(tegwared.id()), clash.conflicts());
        assertEquals("Teg", Caseload.load(store).learner(tegwared.id()).orElseThrow().preferredName(), "the tutor's is kept");
        assertTrue(new String(laptop.headOfficeVersion(tegwared.id()).orElseThrow().body(), StandardCharsets.UTF_8)
                .contains("Quillfoss-Arddu"), "head office's is kept beside it");
        // the tutor keeps theirs: it goes to head office on top of head office's
        laptop.keepMine(tegwared.id());
        assertTrue(laptop.sync(SyncProgress.NONE, () -> false).conflicts().isEmpty());
        assertEquals("Teg", RecordJsonOf.learner(server, tegwared.id()).preferredName());
        assertEquals("Quillfoss", RecordJsonOf.learner(server, tegwared.id()).familyName(), "all of the tutor's version");

        // head office moves a learner to tutor B's group: tutor A's laptop stops receiving them and
        // keeps what it had; a change it makes to them now is refused and listed for the tutor
        Learner wyn = byUln.get(uln(3));
        new Learners(server.database(), server.accounts()).move(uln(3), "Hair B", null);
        importCsv(importer, export.replace("Maesŷlan,2007-12-02,Motor Vehicle A", "Maesŷlan,2007-12-02,Hair B")
                .replace("Tegwared,Quillfoss,", "Tegwared,Quillfoss-Arddu,"));
        // ("keep mine" had put back the tutor's family name; the export says otherwise, so that comes again)
        assertEquals(1, laptop.sync(SyncProgress.NONE, () -> false).received(), "Tegwared again, nothing of the moved learner");
        Caseload after = Caseload.load(store);
        Learner merged = after.learner(tegwared.id()).orElseThrow();
        assertEquals("Quillfoss-Arddu", merged.familyName(), "the MIS's family name");
        assertEquals("Teg", merged.preferredName(), "the tutor's preferred name, a field the export does not have");
        assertEquals("Maesŷlan", after.learner(wyn.id()).orElseThrow().familyName());
        assertTrue(after.learner(wyn.id()).isPresent());
        after.learnerWrites().save(wyn.toBuilder().preferredName("Wyn").build());
        SyncReport refused = laptop.sync(SyncProgress.NONE, () -> false);
        assertEquals(List.of(wyn.id()), refused.rejected());
        assertEquals("OUT_OF_SCOPE", laptop.rejections().get(wyn.id()));
        assertNull(RecordJsonOf.learner(server, wyn.id()).preferredName(), "head office kept its own");
        assertFalse(laptop.rejections().containsKey(tegwared.id()));
    }

    /** Head office's stored learner read with the app's own reader. */
    static final class RecordJsonOf {
        static Learner learner(SyncServer server, UUID id) throws Exception {
            try (Connection c = server.database().connection();
                 var q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ?")) {
                q.setString(1, id.toString());
                try (var rs = q.executeQuery()) {
                    rs.next();
                    return org.tutela.app.records.RecordJson.read(rs.getString(1).getBytes(StandardCharsets.UTF_8), Learner.class);
                }
            }
        }
    }
}
