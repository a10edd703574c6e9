package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;
import org.tutela.sync.protocol.rules.UlnRule;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.server.headoffice.ColumnMapping;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.LearnerImport;
import org.tutela.sync.server.headoffice.Learners;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;
import org.tutela.sync.server.headoffice.Problem;

/**
 * What head office sets up (organisation, groups, learners imported from the MIS) reaches the
 * tutors' devices through the ordinary pull, over real HTTPS; on SQLite and on a real PostgreSQL.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class AbstractHeadOfficeTest {
    static final String PW = "correct horse battery";

    @TempDir
    Path tmp;
    SyncServer server;
    TestClient client;
    Groups groups;
    LearnerImport importer;
    Learners learners;
    OrganisationSetup organisation;

    abstract TestBackend backend();

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start(backend().settings(tmp));
        client = new TestClient(server.port(), server.certificate());
        Accounts accounts = server.accounts();
        accounts.addUser("tutor.a", Role.TUTOR, PW.toCharArray());
        accounts.addUser("tutor.b", Role.TUTOR, PW.toCharArray());
        accounts.addUser("lead", Role.SAFEGUARDING_LEAD, PW.toCharArray());
        groups = new Groups(server.database(), accounts);
        importer = new LearnerImport(server.database(), accounts);
        learners = new Learners(server.database(), accounts);
        organisation = new OrganisationSetup(server.database());
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

    /** A valid invented ULN from a number. */
    static String uln(int n) {
        for (int k = n * 20; ; k++) { // distinct n never meet
            String nine = String.valueOf(300_000_000 + k);
            var d = UlnRule.checkDigit(nine);
            if (d.isPresent()) {
                return nine + d.getAsInt();
            }
        }
    }

    static final String HEADING = "ULN,Given name,Family name,Date of birth,Course,Group\n";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    ColumnMapping mapping() throws Exception {
        return importer.mapping(null, List.of());
    }

    static Organisation.TermDates terms2025() {
        return new Organisation.TermDates(2025, List.of(LocalDate.of(2025, 9, 3), LocalDate.of(2025, 10, 27), LocalDate.of(2026, 1, 5),
                LocalDate.of(2026, 2, 23), LocalDate.of(2026, 4, 13), LocalDate.of(2026, 6, 1)));
    }

    static Set<String> keys(List<Problem> problems) {
        return problems.stream().map(Problem::key).collect(Collectors.toSet());
    }

    // ---- the proofs

    @Test
    void theOrganisationReachesEveryTutorAndOnlyHeadOfficeWritesIt() throws Exception {
        TestClient.Device noCaseload = client.device("tutor.b", PW);
        String key = EscrowKeys.generate(new java.security.SecureRandom()).publicKeyBase64();
        Organisation o = new Organisation("Cwmderyn Learning Partnership", null, "Morwenna Tregaskis-Pryce", "01632 960123", key,
                List.of(terms2025()), new Organisation.Entitlement(5, 10), 85);
        SyncRecord stored = organisation.set(o).orElseThrow();
        assertEquals(1, stored.revision());
        assertEquals(RecordKinds.ORGANISATION_ID, stored.recordId());
        assertNull(stored.learnerId());

        List<SyncRecord> pulled = noCaseload.pullAll(0, 100);
        assertEquals(1, pulled.size(), "a tutor with an empty caseload still receives the organisation");
        JsonNode p = TestClient.JSON.readTree(pulled.get(0).payload());
        assertEquals("Cwmderyn Learning Partnership", p.get("name").asText());
        assertEquals("2025-09-03", p.get("termDates").get(0).get("halfTermStarts").get(0).asText());
        assertEquals(5, p.get("defaultEntitlement").get("oneToOneReviews").asInt());
        assertEquals(85, p.get("attendanceThreshold").asInt());

        // a change is a new revision, sequenced after; the same again writes nothing
        long seq = count("SELECT last_seq FROM server_state");
        assertTrue(organisation.set(new Organisation(o.name(), null, o.safeguardingLeadName(), "01632 960999", key, o.termDates(),
                o.defaultEntitlement(), 85)).isPresent());
        assertTrue(organisation.set(new Organisation(o.name(), null, o.safeguardingLeadName(), "01632 960999", key, o.termDates(),
                o.defaultEntitlement(), 85)).isEmpty(), "nothing changed, nothing written");
        assertEquals(seq + 1, count("SELECT last_seq FROM server_state"));
        SyncRecord second = noCaseload.pullAll(pulled.get(0).serverSequence(), 100).get(0);
        assertEquals(2, second.revision());

        // no device writes it: not its kind, not its id
        TestClient.Device lead = client.device("lead", PW);
        EntryResult asKind = lead.push(List.of(lead.entry(UUID.randomUUID(), RecordKinds.ORGANISATION, 0, null, "{}"))).results().get(0);
        assertEquals(ErrorCodes.UNKNOWN_KIND, asKind.code());
        EntryResult overId = lead.push(List.of(lead.entry(RecordKinds.ORGANISATION_ID, RecordKinds.GROUP, 2,
                Versions.hash(false, pulled.get(0).payload()), null, "{}"))).results().get(0);
        assertEquals(EntryStatus.REJECTED, overId.status());
        EntryResult tutorOverId = noCaseload.push(List.of(noCaseload.entry(RecordKinds.ORGANISATION_ID, RecordKinds.TUTORIAL, 2,
                Versions.hash(false, second.payload()), UUID.randomUUID(), "{}"))).results().get(0);
        assertEquals(ErrorCodes.OUT_OF_SCOPE, tutorOverId.code());
        assertEquals(2, count("SELECT revision FROM records WHERE kind = 'organisation'"));
    }

    @Test
    void aWrongOrganisationIsRefusedFieldByFieldAndNothingIsStored() throws Exception {
        Organisation.TermDates backwards = new Organisation.TermDates(2025, List.of(LocalDate.of(2025, 9, 3), LocalDate.of(2025, 8, 27),
                LocalDate.of(2026, 1, 5), LocalDate.of(2026, 2, 23), LocalDate.of(2026, 4, 13), LocalDate.of(2026, 6, 1)));
        InvalidInput e = assertThrows(InvalidInput.class, () -> organisation.set(new Organisation(" ", new byte[] {1, 2, 3, 4}, null,
                "call the office", "not-a-key", List.of(backwards), new Organisation.Entitlement(-1, 8), 140)));
        assertEquals(Set.of("name", "logo", "safeguardingLeadPhone", "escrowPublicKey", "termDates", "defaultEntitlement",
                "attendanceThreshold"), e.problems().stream().map(Problem::field).collect(Collectors.toSet()));
        assertTrue(e.problems().stream().allMatch(x -> !x.message().isBlank() && !x.message().contains("{")));
        assertEquals(0, count("SELECT COUNT(*) FROM records"));
        assertTrue(organisation.get().isEmpty());
        assertEquals("name", assertThrows(InvalidInput.class, () -> organisation.set(new Organisation("Cwm\0deryn", null, null, null,
                null, null, null, null))).problems().get(0).field());
        assertEquals(2025, OrganisationSetup.parseTermDates("2025/26=2025-09-03,2025-10-27,2026-01-05,2026-02-23,2026-04-13,2026-06-01")
                .academicYear());
        assertThrows(InvalidInput.class, () -> OrganisationSetup.parseTermDates("2025/27=2025-09-03"));
    }

    @Test
    void groupsAreCreatedEditedAndArchivedByNameAndTheirTutorGetsThem() throws Exception {
        Groups.Group g = groups.create(Groups.Changes.named("Plastering L2 Mon").withCourse("Plastering").withLevel("Level 2")
                .withYearOfCourse(1).withReviewFrequency("every 6 weeks").withEntitlement(new Organisation.Entitlement(6, 10))
                .withTutor("tutor.a"));
        assertEquals("tutor.a", g.tutor());
        assertEquals("WEEKS", g.reviewFrequency().unit());
        assertEquals(6, g.reviewFrequency().every());
        TestClient.Device a = client.device("tutor.a", PW);
        TestClient.Device b = client.device("tutor.b", PW);
        List<SyncRecord> got = a.pullAll(0, 100);
        assertEquals(List.of(g.id()), got.stream().map(SyncRecord::recordId).toList());
        JsonNode p = TestClient.JSON.readTree(got.get(0).payload());
        assertEquals("Plastering", p.get("programme").asText());
        assertEquals("tutor.a", p.get("tutor").asText());
        assertEquals(6, p.get("entitlementOverride").get("oneToOneReviews").asInt());
        assertEquals(1, p.get("yearOfCourse").asInt());
        assertFalse(p.get("archived").asBoolean());

        // same name, another course: allowed, and then the name alone is ambiguous
        groups.create(Groups.Changes.named("plastering  l2 mon").withCourse("Dry lining"));
        InvalidInput twice = assertThrows(InvalidInput.class, () -> groups.create(Groups.Changes.named("Plastering L2 Mon").withCourse("plastering")));
        assertEquals("group.exists", twice.problems().get(0).key());
        assertEquals("group.ambiguous", assertThrows(InvalidInput.class, () -> groups.find("Plastering L2 Mon", null)).problems().get(0).key());
        assertEquals(g.id(), groups.find("PLASTERING L2 MON", "Plastering").id());
        InvalidInput bad = assertThrows(InvalidInput.class, () -> groups.create(Groups.Changes.named("").withReviewFrequency("sometimes")
                .withTutor("lead")));
        assertEquals(Set.of("name", "reviewFrequency", "tutor"), bad.problems().stream().map(Problem::field).collect(Collectors.toSet()));

        // moving the group to another tutor: the first no longer receives it, the second does
        long cursorA = a.pullAll(0, 100).stream().mapToLong(SyncRecord::serverSequence).max().orElse(0);
        groups.assignTutor("Plastering L2 Mon", "Plastering", "tutor.b");
        assertEquals("tutor.b", groups.get(g.id()).orElseThrow().tutor());
        assertEquals(List.of(g.id()), b.pullAll(0, 100).stream().map(SyncRecord::recordId).toList());
        assertTrue(a.pullAll(cursorA, 100).isEmpty(), "the group left tutor A's scope");
        assertEquals(0, count("SELECT COUNT(*) FROM caseload c JOIN users u ON u.id = c.tutor_id WHERE u.username = 'tutor.a'"));

        groups.archive(g.id(), true);
        assertTrue(groups.list(false).stream().noneMatch(x -> x.id().equals(g.id())));
        assertTrue(groups.list(true).stream().anyMatch(x -> x.id().equals(g.id()) && x.archived()));
        JsonNode archived = TestClient.JSON.readTree(b.pullAll(0, 100).get(0).payload());
        assertTrue(archived.get("archived").asBoolean(), "the laptop learns it is archived");
        assertEquals("group.unknown", assertThrows(InvalidInput.class, () -> groups.find("Plastering L2 Mon", "Plastering"))
                .problems().get(0).key());
        groups.archive(groups.findArchived("Plastering L2 Mon", "Plastering").id(), false);
        assertEquals(g.id(), groups.find("Plastering L2 Mon", "Plastering").id());
    }

    @Test
    void thePreviewNamesEveryRowsProblemsWithRowAndColumnAndStoresNothing() throws Exception {
        groups.create(Groups.Changes.named("Motor Vehicle A").withCourse("Motor vehicle"));
        groups.create(Groups.Changes.named("Twin").withCourse("Hair"));
        groups.create(Groups.Changes.named("Twin").withCourse("Beauty"));
        String bad = uln(7).substring(0, 9) + ((uln(7).charAt(9) - '0' + 1) % 10);
        String csv = "ULN,Given name,Family name,Date of birth,Group,Shoe size\n"
                + uln(1) + ",Pryderi,Ffagan,2008-09-01,Motor Vehicle A,9\n"            // row 2: fine
                + bad + ",Tegwared,Quillfoss,2008-09-01,Motor Vehicle A,9\n"            // row 3: check digit
                + uln(3) + ",,,2008-09-01,Motor Vehicle A,9\n"                          // row 4: no name
                + uln(4) + ",Idwal,Brackenmoor,2008-09-01,Nowhere Group,9\n"            // row 5: unknown group
                + uln(5) + ",Lowri,Zennorcott,2008-09-01,Twin,9\n"                      // row 6: ambiguous group
                + uln(1) + ",Pryderi,Ffagan,2008-09-01,Motor Vehicle A,9\n"             // row 7: ULN again
                + uln(6) + ",Cadfan,Wethercombe,31/02/2008,Motor Vehicle A,9\n";         // row 8: no such day
        LearnerImport.Preview p = importer.preview(utf8(csv), mapping(), LearnerImport.Options.DEFAULT);
        assertFalse(p.ok());
        List<String> where = p.problems().stream().map(x -> x.row() + ":" + x.field() + ":" + x.key()).toList();
        assertEquals(List.of("1:Shoe size:column.unknown", "3:ULN:uln.CHECK_DIGIT", "4:Family name:learner.name.missing",
                "5:Group:group.unknown", "6:Group:group.ambiguous", "7:ULN:uln.twiceInFile", "8:Date of birth:date.impossible"), where);
        assertTrue(p.problems().get(5).describe().startsWith("Row 7, column \"ULN\": This ULN is on row 2 too"),
                p.problems().get(5).describe());
        assertTrue(p.problems().stream().noneMatch(x -> x.describe().contains("Ffagan") || x.describe().contains("Quillfoss")),
                "problems name rows and columns, not the learners");
        assertEquals(7, p.learnerRows());
        assertEquals(0, count("SELECT COUNT(*) FROM records WHERE kind = 'learner'"));
        InvalidInput refused = assertThrows(InvalidInput.class, () -> importer.importFile(utf8(csv), mapping(), LearnerImport.Options.DEFAULT));
        assertEquals(7, refused.problems().size());
        assertEquals(0, count("SELECT COUNT(*) FROM records WHERE kind = 'learner'"), "nothing half-written");

        // required columns, a column twice, a row too long
        LearnerImport.Preview noUln = importer.preview(utf8("Given name,Forename\nA,B,C\n"), mapping(), LearnerImport.Options.DEFAULT);
        assertEquals(Set.of("column.twice", "column.missing", "row.tooManyCells"), keys(noUln.problems()));
    }

    @Test
    void importingTheSameFileTwiceChangesNothingAndANewerOneUpdatesByUln() throws Exception {
        Groups.Group mv = groups.create(Groups.Changes.named("Motor Vehicle A").withCourse("Motor vehicle").withLevel("Level 2")
                .withTutor("tutor.a"));
        Groups.Group hair = groups.create(Groups.Changes.named("Hair B").withCourse("Hairdressing").withTutor("tutor.b"));
        String first = HEADING
                + uln(11) + ",Pryderi,Ffagan,01/09/2008,Motor vehicle,Motor Vehicle A\n"
                + uln(12) + ",Tegwared,Quillfoss,2008-03-15,Motor vehicle,Motor Vehicle A\n"
                + uln(13) + ",Lowri,Zennorcott,2007-12-02,Hairdressing,Hair B\n";
        LearnerImport.Preview done = importer.importFile(utf8(first), mapping(), LearnerImport.Options.DEFAULT);
        assertEquals(3, done.count(LearnerImport.Action.CREATE));
        long seq = count("SELECT last_seq FROM server_state");
        String records = snapshot();

        LearnerImport.Preview again = importer.importFile(utf8(first), mapping(), LearnerImport.Options.DEFAULT);
        assertEquals(3, again.count(LearnerImport.Action.UNCHANGED));
        assertEquals(seq, count("SELECT last_seq FROM server_state"), "the same file again writes nothing");
        assertEquals(records, snapshot());

        // tutor A receives their two, with the group; tutor B their one
        TestClient.Device a = client.device("tutor.a", PW);
        TestClient.Device b = client.device("tutor.b", PW);
        List<SyncRecord> atA = a.pullAll(0, 100);
        assertEquals(3, atA.size(), "group + 2 learners: " + atA);
        SyncRecord pryderi = atA.stream().filter(r -> r.payload().contains("Pryderi")).findFirst().orElseThrow();
        JsonNode pj = TestClient.JSON.readTree(pryderi.payload());
        assertEquals("2008-09-01", pj.get("dateOfBirth").asText());
        assertEquals(mv.id().toString(), pj.get("groupIds").get(0).asText());
        assertEquals("Level 2", pj.get("levelWorkingTowards").asText(), "taken from the group");
        assertEquals(mv.id(), pryderi.groupId());
        assertEquals(2, b.pullAll(0, 100).size());

        // tutor A writes a tutorial for Pryderi: in scope through the group
        PushEntry tutorial = a.entry(UUID.randomUUID(), RecordKinds.TUTORIAL, 0, pryderi.recordId(), "{\"note\":\"invented\"}");
        assertEquals(EntryStatus.APPLIED, a.push(List.of(tutorial)).results().get(0).status());

        // a newer export: Tegwared's family name changed, Pryderi moved to Hair B, a new learner
        String newer = HEADING
                + uln(11) + ",Pryderi,Ffagan,01/09/2008,Motor vehicle,Hair B\n"
                + uln(12) + ",Tegwared,Quillfoss-Arddu,2008-03-15,Motor vehicle,Motor Vehicle A\n"
                + uln(13) + ",Lowri,Zennorcott,2007-12-02,Hairdressing,Hair B\n"
                + uln(14) + ",Cadfan,Wethercombe,2008-01-20,Hairdressing,Hair B\n";
        LearnerImport.Preview preview = importer.preview(utf8(newer), mapping(), LearnerImport.Options.DEFAULT);
        assertTrue(preview.ok(), preview.problems().toString());
        assertEquals(List.of("2:UPDATE:[group]", "3:UPDATE:[familyName]", "4:UNCHANGED:[]", "5:CREATE:[]"),
                preview.rows().stream().map(r -> r.row() + ":" + r.action() + ":" + r.changed()).toList());
        long cursorA = a.pullAll(0, 100).stream().mapToLong(SyncRecord::serverSequence).max().orElse(0);
        long cursorB = b.pullAll(0, 100).stream().mapToLong(SyncRecord::serverSequence).max().orElse(0);
        importer.importFile(utf8(newer), mapping(), LearnerImport.Options.DEFAULT);

        // Pryderi and their tutorial reach tutor B; tutor A sees only Tegwared's change
        List<SyncRecord> toB = b.pullAll(cursorB, 100);
        assertEquals(Set.of(pryderi.recordId(), tutorial.recordId()), toB.stream().map(SyncRecord::recordId)
                .filter(id -> id.equals(pryderi.recordId()) || id.equals(tutorial.recordId())).collect(Collectors.toSet()));
        assertEquals(3, toB.size(), "Pryderi, their tutorial and Cadfan");
        SyncRecord moved = toB.stream().filter(r -> r.recordId().equals(pryderi.recordId())).findFirst().orElseThrow();
        assertEquals(2, moved.revision());
        assertEquals(hair.id(), moved.groupId());
        List<SyncRecord> toA = a.pullAll(cursorA, 100);
        assertEquals(1, toA.size());
        assertTrue(toA.get(0).payload().contains("Quillfoss-Arddu"));
        // and tutor A can no longer write for the learner who left
        EntryResult late = a.push(List.of(a.entry(UUID.randomUUID(), RecordKinds.TUTORIAL, 0, pryderi.recordId(), "{}"))).results().get(0);
        assertEquals(ErrorCodes.OUT_OF_SCOPE, late.code());
    }

    @Test
    void aTutorsChangeAndHeadOfficesChangeToOneLearnerMeetAsAConflict() throws Exception {
        groups.create(Groups.Changes.named("Motor Vehicle A").withTutor("tutor.a"));
        importer.importFile(utf8(HEADING + uln(21) + ",Pryderi,Ffagan,2008-09-01,,Motor Vehicle A\n"), mapping(), LearnerImport.Options.DEFAULT);
        TestClient.Device a = client.device("tutor.a", PW);
        SyncRecord l = a.pullAll(0, 100).stream().filter(r -> r.kind().equals(RecordKinds.LEARNER)).findFirst().orElseThrow();
        assertEquals(1, l.revision());
        // the tutor edits on the laptop (not yet synced) while head office imports a newer file
        importer.importFile(utf8(HEADING + uln(21) + ",Pryderi,Ffagan-Hale,2008-09-01,,Motor Vehicle A\n"), mapping(),
                LearnerImport.Options.DEFAULT);
        String mine = l.payload().replace("\"Pryderi\"", "\"Pryderi\",\"preferredName\":\"Pry\"");
        EntryResult r = a.push(List.of(new PushEntry(1L, l.recordId(), RecordKinds.LEARNER, 1L,
                Versions.hash(false, l.payload()), 2L, java.time.Instant.now(), false, false,
                false, null, l.groupId(), mine))).results().get(0);
        assertEquals(EntryStatus.CONFLICT, r.status());
        assertTrue(r.serverRecord().payload().contains("Ffagan-Hale"));
        assertEquals(2, r.serverRecord().revision());
        // the tutor keeps theirs on top: head office's next write starts from it and keeps the tutor's field
        assertEquals(EntryStatus.APPLIED, a.push(List.of(new PushEntry(2L, l.recordId(), RecordKinds.LEARNER, 2L,
                Versions.hash(false, r.serverRecord().payload()), 3L, java.time.Instant.now(), false, false, false, null, l.groupId(), mine))).results().get(0).status());
        importer.importFile(utf8(HEADING + uln(21) + ",Pryderi,Ffagan-Hale,2008-09-01,,Motor Vehicle A\n"), mapping(),
                LearnerImport.Options.DEFAULT);
        JsonNode now = TestClient.JSON.readTree(client.device("lead", PW).pullAll(0, 100).stream()
                .filter(x -> x.recordId().equals(l.recordId())).findFirst().orElseThrow().payload());
        assertEquals("Pry", now.get("preferredName").asText(), "a field the file does not have is left as the tutor set it");
        assertEquals("Ffagan-Hale", now.get("familyName").asText());
        assertEquals(4, count("SELECT revision FROM records WHERE kind = 'learner'"));
        assertNull(stringOf("SELECT origin_device_id FROM records WHERE kind = 'learner'"), "head office's write comes from no device");
        // head office's own writes store the hash a push compares a change's base with
        assertEquals(Versions.hash(false, stringOf("SELECT payload FROM records WHERE kind = 'learner'")),
                stringOf("SELECT content_hash FROM records WHERE kind = 'learner'"));
    }

    @Test
    void utf8WithAndWithoutBomAndWindows1252AllReadAsWritten() throws Exception {
        groups.create(Groups.Changes.named("Cymraeg 1"));
        String welsh = HEADING + uln(31) + ",Llŷr,Cawrdŵr,2008-09-01,,Cymraeg 1\n" + uln(32) + ",Ŵyn,Maesŷlan,2008-09-01,,Cymraeg 1\n";
        byte[] bom = new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] withBom = new byte[bom.length + utf8(welsh).length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(utf8(welsh), 0, withBom, 3, utf8(welsh).length);
        LearnerImport.Preview p1 = importer.importFile(withBom, mapping(), LearnerImport.Options.DEFAULT);
        assertTrue(p1.encoding().startsWith("UTF-8"), p1.encoding());
        assertEquals("ULN", p1.headings().get(0), "the byte-order mark is not part of the first heading");
        assertEquals(2, p1.count(LearnerImport.Action.CREATE));
        // the same without the mark: the same learners, nothing changes
        assertEquals(2, importer.importFile(utf8(welsh), mapping(), LearnerImport.Options.DEFAULT).count(LearnerImport.Action.UNCHANGED));
        String cp = "ULN;Given name;Family name;Group\r\n" + uln(33) + ";Siân;Lléfôr-Ëvans;Cymraeg 1\r\n";
        LearnerImport.Preview p3 = importer.importFile(cp.getBytes(Charset.forName("windows-1252")), mapping(), LearnerImport.Options.DEFAULT);
        assertEquals("Windows-1252", p3.encoding());
        String names = learnerPayloads();
        for (String n : List.of("Llŷr", "Cawrdŵr", "Ŵyn", "Maesŷlan", "Siân", "Lléfôr-Ëvans")) {
            assertTrue(names.contains("\"" + n + "\""), n + " in " + names);
        }
        // Excel's "Unicode text" (UTF-16 with its mark, tabs between cells) reads too
        String tabbed = "ULN\tGiven name\tFamily name\tGroup\r\n" + uln(35) + "\tDyfrig\tPŵlgwyn\tCymraeg 1\r\n";
        byte[] utf16 = ("\uFEFF" + tabbed).getBytes(StandardCharsets.UTF_16LE);
        LearnerImport.Preview p4 = importer.importFile(utf16, mapping(), LearnerImport.Options.DEFAULT);
        assertEquals("UTF-16LE (with byte-order mark)", p4.encoding());
        assertTrue(learnerPayloads().contains("\"Pŵlgwyn\""));
        // a NUL cannot be stored (PostgreSQL refuses it): the row is named, nothing stored
        LearnerImport.Preview nul = importer.preview(utf8(HEADING + uln(36) + ",Ann\0,Quarrel,2008-09-01,,Cymraeg 1\n"), mapping(),
                LearnerImport.Options.DEFAULT);
        assertEquals(List.of("2:Given name:text.unstorable"), nul.problems().stream().map(x -> x.row() + ":" + x.field() + ":" + x.key()).toList());
        // a quoted cell may hold the separator, a quote and a line break
        String quoted = "ULN,Given name,Family name,School or employer,Group\n" + uln(34) + ",Anwen,\"O\"\"Rhydderch\",\"Garage, Unit 4\nRear\",Cymraeg 1\n";
        assertTrue(importer.importFile(utf8(quoted), mapping(), LearnerImport.Options.DEFAULT).ok());
        assertTrue(learnerPayloads().contains("O\\\"Rhydderch") && learnerPayloads().contains("Garage, Unit 4\\nRear"));
    }

    @Test
    void theMappingIsRememberedAndTheIlrPresetReadsAnIlrStyleExport() throws Exception {
        groups.create(Groups.Changes.named("ENG-L3-A").withCourse("Engineering"));
        String ilr = "LearnRefNumber,ULN,FamilyName,GivenNames,DateOfBirth,Sex,Ethnicity,Postcode,LearnStartDate,GroupCode,Tutor Notes\n"
                + "LRN0001," + uln(41) + ",Brackenmoor,Idwal,2007-05-06,M,31,ZZ99 9ZZ,2025-09-01,ENG-L3-A,x\n";
        LearnerImport.Preview p = importer.preview(utf8(ilr), importer.mapping("ilr", List.of()), LearnerImport.Options.DEFAULT);
        assertEquals(List.of("1:Tutor Notes:column.unknown"), p.problems().stream().map(x -> x.row() + ":" + x.field() + ":" + x.key()).toList());
        ColumnMapping fixed = importer.mapping("ilr", List.of("Tutor Notes=ignore"));
        assertTrue(importer.importFile(utf8(ilr), fixed, LearnerImport.Options.DEFAULT).ok());
        String stored = learnerPayloads();
        assertTrue(stored.contains("\"ilrReference\":\"LRN0001\"") && stored.contains("\"startDate\":\"2025-09-01\""));
        assertFalse(stored.contains("ZZ99") || stored.contains("\"31\""), "what Tutela does not keep is not stored");
        // next time, with no mapping named, the remembered one reads the same file
        assertTrue(importer.preview(utf8(ilr), mapping(), LearnerImport.Options.DEFAULT).ok());
        assertEquals("mapping.unknownField", assertThrows(InvalidInput.class, () -> importer.mapping(null, List.of("Tutor Notes=shoeSize")))
                .problems().get(0).key());
    }

    @Test
    void groupsTheFileNamesAreCreatedWhenAskedAndAMoveByNameTakesTheLearnerToTheNewTutor() throws Exception {
        String csv = HEADING + uln(51) + ",Pryderi,Ffagan,2008-09-01,Bricklaying,Brick A\n" + uln(52) + ",Lowri,Zennorcott,2008-09-01,"
                + "Bricklaying,Brick A\n" + uln(53) + ",Cadfan,Wethercombe,2008-09-01,Joinery,Joinery A\n";
        assertEquals(Set.of("group.unknown"), keys(importer.preview(utf8(csv), mapping(), LearnerImport.Options.DEFAULT).problems()));
        LearnerImport.Preview done = importer.importFile(utf8(csv), mapping(), new LearnerImport.Options(true));
        assertEquals(List.of("Brick A (Bricklaying)", "Joinery A (Joinery)"), done.newGroups());
        assertEquals(2, groups.list(false).size());
        groups.assignTutor("Brick A", null, "tutor.a");
        groups.assignTutor("Joinery A", null, "tutor.b");
        TestClient.Device a = client.device("tutor.a", PW);
        TestClient.Device b = client.device("tutor.b", PW);
        assertEquals(3, a.pullAll(0, 100).size());
        long cursorB = b.pullAll(0, 100).stream().mapToLong(SyncRecord::serverSequence).max().orElse(0);
        assertEquals(2, groups.find("Brick A", null).learners());

        Learners.Placement moved = learners.move(uln(52), "joinery a", null);
        assertEquals("Joinery A", moved.groupName());
        List<SyncRecord> toB = b.pullAll(cursorB, 100);
        assertEquals(List.of(moved.learnerId()), toB.stream().map(SyncRecord::recordId).toList());
        assertEquals("learner.unknown", assertThrows(InvalidInput.class, () -> learners.move(uln(59), "Joinery A", null))
                .problems().get(0).key());
        assertEquals(1, groups.find("Brick A", null).learners());
        // a learner put in a caseload by hand stays there when their group moves on
        UUID byHand = learners.assignToTutor(uln(53), "tutor.a");
        groups.assignTutor("Joinery A", null, "tutor.a");
        groups.assignTutor("Joinery A", null, "tutor.b");
        Set<UUID> atA = client.device("tutor.a", PW).pullAll(0, 100).stream().filter(r -> r.kind().equals(RecordKinds.LEARNER))
                .map(SyncRecord::recordId).collect(Collectors.toSet());
        assertTrue(atA.contains(byHand), "the learner assigned by hand stayed");
        assertFalse(atA.contains(moved.learnerId()), "the moved learner went with the group");
        assertEquals(2, atA.size(), "Pryderi of Brick A, and the one assigned by hand");
    }

    // ---- more helpers

    String snapshot() throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = server.database().connection();
             PreparedStatement q = c.prepareStatement("SELECT record_id, revision, server_seq, payload FROM records ORDER BY record_id");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                b.append(rs.getString(1)).append('|').append(rs.getLong(2)).append('|').append(rs.getLong(3)).append('|')
                        .append(rs.getString(4)).append('\n');
            }
        }
        return b.toString();
    }

    String learnerPayloads() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.database().connection();
             PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE kind = 'learner'");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return String.join("\n", out);
    }

    String stringOf(String sql) throws Exception {
        try (Connection c = server.database().connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
