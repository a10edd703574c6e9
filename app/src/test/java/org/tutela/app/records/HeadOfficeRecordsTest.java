package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.HeadOfficeFixture;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerStatus;
import org.tutela.app.domain.Organisation;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Uln;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.server.headoffice.Groups;

/**
 * The records head office writes (organisation, group, learner) are exactly what the app writes
 * for those kinds: read by the app's own {@link RecordJson}, and written back by it, they come out
 * as the same JSON. And the laptop takes its term dates and default entitlement from them.
 */
class HeadOfficeRecordsTest {
    private static final String PASS = "lantern meadow copper kite";

    static JsonNode tree(String json) throws Exception {
        return RecordJson.mapper().readTree(json);
    }

    static JsonNode tree(byte[] json) throws Exception {
        return RecordJson.mapper().readTree(json);
    }

    static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(30, 12, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void headOfficesOrganisationGroupAndLearnerReadAndWriteAsTheAppsOwn(@TempDir Path dir) throws Exception {
        try (HeadOfficeFixture ho = new HeadOfficeFixture(dir.resolve("server"))) {
            String key = EscrowKeys.generate(new java.security.SecureRandom()).publicKeyBase64();
            byte[] logo = png();
            ho.organisation.set(new org.tutela.sync.server.headoffice.Organisation("Cwmderyn Learning Partnership", logo,
                    "Morwenna Tregaskis-Pryce", "01632 960123", key, List.of(HeadOfficeFixture.terms2025()),
                    new org.tutela.sync.server.headoffice.Organisation.Entitlement(5, 10), 85));
            String orgJson = ho.stored(org.tutela.sync.protocol.RecordKinds.ORGANISATION_ID).payload();
            Organisation org = RecordJson.read(orgJson.getBytes(StandardCharsets.UTF_8), Organisation.class);
            assertEquals("Cwmderyn Learning Partnership", org.name());
            assertArrayEquals(logo, org.logo());
            assertEquals("Morwenna Tregaskis-Pryce", org.safeguardingLeadName());
            assertEquals("01632 960123", org.safeguardingLeadPhone());
            assertEquals(key, org.escrowPublicKey());
            assertEquals(new Entitlement(5, 10), org.defaultEntitlement());
            assertEquals(85, org.attendanceThreshold());
            assertEquals(List.of(new Organisation.TermDates(2025, HeadOfficeFixture.terms2025().halfTermStarts())), org.termDates());
            assertEquals(tree(orgJson), tree(RecordJson.write(org)), "the app writes it back as head office wrote it");

            Groups.Group made = ho.groups.create(Groups.Changes.named("Plastering L2 Mon").withCourse("Plastering").withLevel("Level 2")
                    .withYearOfCourse(1).withSiteOrEmployer("Heolfawr site").withReviewFrequency("every 6 weeks")
                    .withEntitlement(new org.tutela.sync.server.headoffice.Organisation.Entitlement(6, 10)));
            String groupJson = ho.stored(made.id()).payload();
            Group expected = new Group(made.id(), "Plastering L2 Mon", "Plastering", "Heolfawr site", null,
                    ReviewFrequency.everyWeeks(6), new Entitlement(6, 10), "Level 2", 1, false);
            assertEquals(expected, RecordJson.read(groupJson.getBytes(StandardCharsets.UTF_8), Group.class));
            assertEquals(tree(groupJson), tree(RecordJson.write(expected)));

            ho.importCsv("ULN,Given name,Family name,Preferred name,Date of birth,ILR reference,School or employer,Course,"
                    + "Year of course,Level,Course tutor,Form tutor,Start date,Group\n"
                    + HeadOfficeFixture.uln(1) + ",Pryderi,Ffagan,Pry,01/09/2008,LRN0001,Garth Motors (invented),Motor vehicle,1,"
                    + "Level 2,Ithel Borrowdale,Nerys Quantock,2025-09-01,Plastering L2 Mon\n");
            UUID learnerId = ho.ids("learner").get(0);
            String learnerJson = ho.stored(learnerId).payload();
            Learner learner = Learner.builder().id(learnerId).givenName("Pryderi").familyName("Ffagan").preferredName("Pry")
                    .dateOfBirth(LocalDate.of(2008, 9, 1)).uln(Uln.parse(HeadOfficeFixture.uln(1))).ilrReference("LRN0001")
                    .schoolOrEmployer("Garth Motors (invented)").course("Motor vehicle").yearOfCourse(1).levelWorkingTowards("Level 2")
                    .courseTutor("Ithel Borrowdale").formTutor("Nerys Quantock").startDate(LocalDate.of(2025, 9, 1))
                    .status(LearnerStatus.ACTIVE).group(made.id()).build();
            assertEquals(learner, RecordJson.read(learnerJson.getBytes(StandardCharsets.UTF_8), Learner.class));
            assertEquals(tree(learnerJson), tree(RecordJson.write(learner)), "field for field what the app writes");
        }
    }

    @Test
    void theAppKnowsTheOrganisationRecordByTheWireFormatsKindAndId() {
        assertEquals(org.tutela.sync.protocol.RecordKinds.ORGANISATION, RecordKind.ORGANISATION.name());
        assertEquals(org.tutela.sync.protocol.RecordKinds.ORGANISATION_ID, Organisation.RECORD_ID);
    }

    @Test
    void aGroupTheAppWroteBeforeHeadOfficeHadLevelsStillReads() throws Exception {
        String old = "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Autobody Zeta\",\"programme\":\"Motor vehicle\","
                + "\"reviewFrequency\":{\"unit\":\"TERMS\",\"every\":1}}";
        Group g = RecordJson.read(old.getBytes(StandardCharsets.UTF_8), Group.class);
        assertFalse(g.archived());
        assertNull(g.level());
        assertEquals(Entitlement.DEFAULT, g.entitlement());
    }

    @Test
    void theLaptopTakesTermDatesAndTheDefaultEntitlementFromHeadOffice(@TempDir Path dir) throws Exception {
        try (HeadOfficeFixture ho = new HeadOfficeFixture(dir.resolve("server"));
             Vault vault = Vault.create(dir.resolve("laptop.tutela"), PASS.toCharArray(), Argon2Params.FLOOR)) {
            RecordStore store = vault.records();
            Groups.Group own = ho.groups.create(Groups.Changes.named("Own entitlement").withEntitlement(
                    new org.tutela.sync.server.headoffice.Organisation.Entitlement(2, 3)));
            Groups.Group plain = ho.groups.create(Groups.Changes.named("Organisation's entitlement"));
            ho.importCsv("ULN,Given name,Family name,Group\n" + HeadOfficeFixture.uln(11) + ",Lowri,Zennorcott,Own entitlement\n"
                    + HeadOfficeFixture.uln(12) + ",Cadfan,Wethercombe,Organisation's entitlement\n");
            for (UUID id : ho.ids("group")) {
                ho.deliver(store, id);
            }
            for (UUID id : ho.ids("learner")) {
                ho.deliver(store, id);
            }
            LocalDate feb20 = LocalDate.of(2026, 2, 20);
            Caseload before = Caseload.load(store);
            assertEquals(3, before.calendar().halfTermOf(feb20), "standard dates: spring 2 from 16 February");
            UUID cadfan = before.learners().stream().filter(l -> l.givenName().equals("Cadfan")).findFirst().orElseThrow().id();
            UUID lowri = before.learners().stream().filter(l -> l.givenName().equals("Lowri")).findFirst().orElseThrow().id();
            assertEquals(Entitlement.DEFAULT, before.entitlement(cadfan, new AcademicYear(2025)).entitlement());

            ho.organisation.set(new org.tutela.sync.server.headoffice.Organisation("Cwmderyn Learning Partnership", null, null, null,
                    null, List.of(HeadOfficeFixture.terms2025()), new org.tutela.sync.server.headoffice.Organisation.Entitlement(5, 10), 85));
            ho.deliver(store, org.tutela.sync.protocol.RecordKinds.ORGANISATION_ID);
            Caseload after = Caseload.load(store);
            AcademicCalendar cal = after.calendar();
            assertEquals(2, cal.halfTermOf(feb20), "head office's dates: spring 2 from 23 February");
            assertEquals(LocalDate.of(2026, 2, 22), cal.endOfHalfTermsAfter(feb20, 0));
            assertEquals(3, cal.halfTermOf(LocalDate.of(2027, 2, 20)), "a year head office gave no dates for keeps the standard ones");
            assertEquals(new Entitlement(5, 10), after.entitlement(cadfan, new AcademicYear(2025)).entitlement());
            assertEquals(new Entitlement(2, 3), after.entitlement(lowri, new AcademicYear(2025)).entitlement(), "the group's own wins");
            assertEquals(5, after.summary(new AcademicYear(2025), feb20).rows().stream().filter(r -> r.learnerId().equals(cadfan))
                    .findFirst().orElseThrow().tally().entitlement().oneToOneReviews());
            assertTrue(after.group(plain.id()).isPresent() && after.group(own.id()).isPresent());
        }
    }
}
