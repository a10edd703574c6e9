package org.tutela.sync.server;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.TargetStatus;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.sync.server.headoffice.Organisation;

/**
 * An invented organisation for the reports' screenshots and browser tests: six tutors, a dozen
 * groups, about a hundred learners with a term's tutorials, targets, concerns and attendance, all
 * pushed by the tutors' devices over real HTTPS. Every name is invented.
 */
final class ReportsDemo {
    static final String[][] TUTORS = {{"a.tollan", "Aderyn Tollan"}, {"b.quillet", "Bexley Quillet"}, {"c.marrow", "Cadfael Marrow"},
        {"d.ostrey", "Delyth Ostrey"}, {"e.vantry", "Emrys Vantry"}, {"f.prys", "Ffion Prŷs"}};
    static final String[] GROUPS = {"Motor Vehicle L2 A", "Motor Vehicle L3 B", "Hairdressing L2 B", "Hairdressing L1 A",
        "Plastering L1 Thursday", "Joinery L3 A", "Health and Social Care L2", "Childcare L3", "Bricklaying L2 Monday",
        "Electrical L3 Evening", "Catering L2 A", "Business Admin L3"};
    private static final String[] GIVEN = {"Llŷr", "Ŵyn", "Tegwared", "Lowri", "Gethin", "Heledd", "Ioan", "Carys", "Dafydd",
        "Eirlys", "Aled", "Bethan", "Macsen", "Nia", "Osian", "Rhiannon", "Siôn", "Tirion", "Yestin", "Elin"};
    private static final String[] FAMILY = {"Cawrdŵr", "Maesŷlan", "Quillfoss", "Zennorcott", "Brynffos", "Tallacre", "Pendry",
        "Ostbury", "Rhydyfro", "Cefnhaul", "Bryncoch", "Garthmyl", "Penwaun", "Trefeglwys", "Llanfor"};

    /** What the demo made: the tutors' laptops, and one learner with a bit of everything (for the learner's page). */
    record Made(List<AbstractReportsTest.Laptop> laptops, Learner showcase) {
    }

    private ReportsDemo() {
    }

    static Made populate(SyncServer server, TestClient client, Supplier<LocalDate> today) throws Exception {
        Random r = new Random(20_260_114);
        for (String[] t : TUTORS) {
            server.accounts().addUser(t[0], Role.TUTOR, new UserDetails(t[1], t[0] + "@example.org", null),
                    AbstractReportsTest.PW.toCharArray(), AuditTrail.Actor.commandLine());
        }
        new org.tutela.sync.server.headoffice.OrganisationSetup(server.database()).set(new Organisation("Coedwig Training Partnership",
                null, "Corrin Maddox-Vale", "01632 960 199", null, List.of(), new Organisation.Entitlement(4, 8), 90));
        List<AbstractReportsTest.Laptop> laptops = new ArrayList<>();
        Learner showcase = null;
        for (int i = 0; i < TUTORS.length; i++) {
            AbstractReportsTest.Laptop laptop = new AbstractReportsTest.Laptop(client, TUTORS[i][0], today);
            laptops.add(laptop);
            laptop.hold();
            for (int gi = i * 2; gi < i * 2 + 2; gi++) {
                String frequency = gi % 3 == 0 ? "termly" : gi % 3 == 1 ? "half-termly" : "monthly";
                Group g = AbstractReportsTest.group(server, GROUPS[gi], TUTORS[i][0], frequency,
                        gi == 4 ? new Organisation.Entitlement(6, 8) : null);
                laptop.groups.put(g.id(), g);
                List<Learner> members = new ArrayList<>();
                int size = 6 + r.nextInt(6);
                for (int k = 0; k < size; k++) {
                    int lessons = 40 + r.nextInt(80);
                    int absences = r.nextInt(100) < 25 ? r.nextInt(lessons / 4) : r.nextInt(Math.max(1, lessons / 15));
                    List<LearnerFlag> flags = new ArrayList<>();
                    if (r.nextInt(100) < 10) {
                        flags.add(LearnerFlag.AT_RISK_OF_DROP_OUT);
                    }
                    if (r.nextInt(100) < 8) {
                        flags.add(LearnerFlag.VULNERABLE);
                    }
                    if (r.nextInt(100) < 12) {
                        flags.add(LearnerFlag.OPEN_TO_PASTORAL_TEAM);
                    }
                    Learner l = laptop.learner(g, GIVEN[r.nextInt(GIVEN.length)], FAMILY[r.nextInt(FAMILY.length)],
                            r.nextInt(100) < 90 ? new Attendance(lessons, absences) : null, flags.toArray(new LearnerFlag[0]));
                    members.add(l);
                    // one review a half-term or so, the last some weeks ago; one tutor has fallen behind
                    int reviews = i == 3 ? r.nextInt(2) : 1 + r.nextInt(3);
                    for (int n = 0; n < reviews; n++) {
                        laptop.review(l, laptop.ago(5 + n * 40 + r.nextInt(30)), TutorialOutcome.HELD);
                    }
                    if (r.nextInt(100) < 30) {
                        laptop.review(l, today.get().plusDays(1 + r.nextInt(20)), TutorialOutcome.PLANNED);
                    }
                    if (r.nextInt(100) < 40) {
                        laptop.target(l, laptop.ago(10 + r.nextInt(60)), r.nextBoolean() ? TargetStatus.MET : TargetStatus.OPEN);
                    }
                    if (r.nextInt(100) < 7) {
                        laptop.concern(l, ConcernCategory.values()[r.nextInt(ConcernCategory.values().length)]);
                    }
                }
                for (int s = 0; s < 2 + r.nextInt(3); s++) {
                    List<Learner> came = members.stream().filter(x -> r.nextInt(100) < 80).toList();
                    laptop.session(g, laptop.ago(5 + r.nextInt(80)), came.toArray(new Learner[0]));
                }
                if (showcase == null) {
                    showcase = members.get(0);
                    laptop.review(showcase, laptop.ago(100), TutorialOutcome.HELD);
                    laptop.confidentialReview(showcase, laptop.ago(45));
                    laptop.review(showcase, laptop.ago(8), TutorialOutcome.DID_NOT_ATTEND);
                    laptop.target(showcase, laptop.ago(100), TargetStatus.MET);
                    laptop.target(showcase, laptop.ago(45), TargetStatus.CARRIED);
                    laptop.concern(showcase, ConcernCategory.SAFEGUARDING);
                    laptop.concern(showcase, ConcernCategory.FINANCE);
                }
            }
            laptop.flush();
        }
        return new Made(laptops, showcase);
    }
}
