package org.tutela.app.records.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.ConcernStatus;
import org.tutela.app.domain.Contact;
import org.tutela.app.domain.ContactKind;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.LearnerStatus;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetCarryForward;
import org.tutela.app.domain.TargetReview;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.domain.Uln;
import org.tutela.app.records.BulkWrites;
import org.tutela.app.vault.RecordStore;

/**
 * An invented caseload for the demo vault and the benchmark: groups of learners with a few years
 * of tutorials (one-to-one reviews with the pro forma filled and signed, group sessions, informal
 * support conversations, mentoring meetings), SMART targets (some met, some carried, a few
 * closed), concerns and referrals, and a signposting list. Everything is made up from invented
 * syllables and invented employers and sites; nothing is a real person. The same seed and the
 * same "today" give the same caseload.
 *
 * <p>For the app: {@code DemoCaseload.fill(vault.records(), 42L)} writes the standard demo
 * (17 groups of about 15 learners, about three years of tutorials up to today) in one
 * transaction; then {@link org.tutela.app.records.Caseload#load(RecordStore, java.util.concurrent.Executor)}
 * as usual.
 */
public final class DemoCaseload {

    /**
     * How much to make.
     *
     * @param busyLearnerTutorials if above 0, the first learner has exactly this many tutorials (topped up
     *                             with informal support conversations and mentoring meetings)
     * @param atLeastTutorials if above 0, informal support conversations are added across the caseload until
     *                         there are at least this many tutorials
     */
    public record Scale(int groups, int learnersPerGroup, int years, int busyLearnerTutorials, int atLeastTutorials) {
        /** The demo: 17 groups of about 15, three academic years. */
        public static final Scale DEMO = new Scale(17, 15, 3, 0, 0);
        /** The benchmark: about 10,000 learners and 100,000 tutorials, one learner with 50 tutorials. */
        public static final Scale BENCHMARK = new Scale(667, 15, 2, 50, 100_000);
        /** A tiny one for smoke runs. */
        public static final Scale TINY = new Scale(3, 5, 1, 50, 0);

        /** Without a floor on the number of tutorials. */
        public Scale(int groups, int learnersPerGroup, int years, int busyLearnerTutorials) {
            this(groups, learnersPerGroup, years, busyLearnerTutorials, 0);
        }
    }

    /** What was generated. */
    public record Data(List<Group> groups, List<Learner> learners, List<Tutorial> tutorials, List<Target> targets,
                       List<Concern> concerns, List<SignpostingService> signposting, List<UUID> askedConfidential) {
    }

    private static final String[] GIVEN_START = {"Zor", "Quil", "Bex", "Yav", "Thel", "Oru", "Pim", "Kess", "Vad",
        "Lir", "Nyx", "Fen", "Ulm", "Dra", "Wix", "Sab", "Mor", "Eld", "Tav", "Jun", "Ash", "Cael", "Ib", "Rho"};
    private static final String[] GIVEN_END = {"ana", "ix", "elo", "ur", "ima", "on", "essa", "ak", "ine", "o",
        "enne", "ael", "ito", "ura", "ek", "ia"};
    private static final String[] FAMILY_START = {"Quor", "Blen", "Vask", "Ump", "Trell", "Jost", "Mirv", "Krab",
        "Pell", "Zan", "Ost", "Hark", "Wend", "Fal", "Grisk", "Dov", "Yarr", "Cobb", "Lum", "Skel"};
    // No ending starts "th": the tests' seeded learner, Yavima Quorthwick, must be the only "quorth".
    private static final String[] FAMILY_END = {"wyke", "wick", "lowe", "by", "more", "stead", "ington",
        "ridge", "combe", "marsh", "holt", "vale", "ford", "garth"};
    /** Accented forms are used now and then, so search by accent is exercised. */
    private static final String[] ACCENTED_GIVEN = {"Zoëlix", "Renéya", "Joëlun", "Aurélak", "Sørine", "Łukan", "Inèsa", "Çelimo"};

    private static final String[][] PROGRAMMES = {
        {"Motor Vehicle L2", "Motor vehicle maintenance apprenticeship", "Level 2"},
        {"Health & Social Care L3", "Health and social care extended diploma", "Level 3 Merit"},
        {"Business Admin L2", "Business administration apprenticeship", "Level 2"},
        {"Hair & Beauty L2", "Hairdressing diploma", "Level 2 Pass"},
        {"Construction L1", "Construction multi-skills", "Level 1"},
        {"Digital Support L3", "Digital support technician", "Level 3 Distinction"},
        {"Early Years L3", "Early years educator", "Level 3"},
        {"Catering L2", "Professional cookery", "Level 2"},
        {"Live and Learn", "NEET prevention course", "Entry 3"},
        {"Engineering YA", "Young Apprenticeship in engineering", "Level 2"},
    };
    private static final String[] SITES = {"Quillbrook Garages (invented)", "Marrowdene Care Homes (invented)",
        "Fennick & Vole Builders (invented)", "Owlstone Campus (invented)", "Tarrow Vale Kitchens (invented)",
        "Bramblecott Nursery (invented)", "Glimmerholt Offices (invented)", "Wrenfold Salon (invented)",
        "Hollowmere Engineering (invented)", "Cindervale School (invented)"};
    private static final String[] TUTORS = {"Orlix Vexmoor", "Tamsara Quillfeather", "Brannoc Dulwhistle",
        "Eddamir Marrowby", "Pellan Strangwick", "Ysoldra Fernhatch"};
    private static final String[] COMMENTS = {
        "Good progress on the practical units; written work is behind.",
        "Attitude in the workshop is positive; homework often late.",
        "Motivated and asks good questions. Portfolio is up to date.",
        "Missed several sessions after a change of shifts at the employer.",
        "Coursework on track; confidence in the classroom has grown.",
        "Struggling with the maths element; extra support agreed.",
        "Employer reports reliable and punctual work on site."};
    private static final String[] LEARNER_COMMENTS = {"I am enjoying the course.", "The bus times make mornings hard.",
        "I would like more help with the written tasks.", "Work is going well.", "I want to move on to level 3."};
    private static final String[] TUTOR_COMMENTS = {"Keep going; well done.", "Agreed a plan for catching up.",
        "Referred to study skills drop-in.", "Discussed progression options.", "Praised improvement in attendance."};
    private static final String[] TARGETS = {"Hand in the unit %d assignment", "Attend every session for the next %d weeks",
        "Complete %d pages of the workplace log", "Book a meeting with the careers adviser within %d weeks",
        "Finish the online maths module %d", "Practise the practical task %d times with the assessor"};
    private static final String[] WHY_NOT = {"Off sick for a week", "Shift pattern changed at work",
        "Needed more help with the brief", "Forgot the deadline", "Laptop was broken"};
    private static final String[][] SERVICES = {
        {"Learner counselling service", "Confidential counselling", "Ext 2201 (invented)"},
        {"Student finance office", "Bursaries, travel and hardship funds", "Ext 2290 (invented)"},
        {"Housing advice drop-in", "Housing and homelessness advice", "Room B12, Tuesdays (invented)"},
        {"Study skills centre", "Help with assignments, maths and English", "Library, first floor (invented)"},
        {"Safeguarding team", "Designated safeguarding officers", "Ext 2000 (invented)"},
        {"Childcare support", "Help finding and paying for childcare", "Ext 2244 (invented)"},
        {"Health and wellbeing nurse", "Health questions, sexual health", "Medical room (invented)"},
        {"Careers guidance", "Impartial careers information, advice and guidance", "Ext 2120 (invented)"}};

    private final Random rnd;
    /** Held tutorials whose learner asked for them to stay confidential (the app seals them). */
    private final List<UUID> askedConfidential = new ArrayList<>();
    private final LocalDate today;
    private final AcademicCalendar calendar = AcademicCalendar.standard();

    private DemoCaseload(long seed, LocalDate today) {
        this.rnd = new Random(seed);
        this.today = today;
    }

    /**
     * The app's entry point: writes the standard invented demo caseload (17 groups of about 15
     * learners, about three years of tutorials up to today) into {@code store}, in one transaction.
     */
    public static Data fill(RecordStore store, long seed) {
        return fill(store, seed, Scale.DEMO, LocalDate.now());
    }

    /** Writes an invented caseload of the given scale, as of {@code today}, into {@code store} in one transaction. */
    public static Data fill(RecordStore store, long seed, Scale scale, LocalDate today) {
        Data d = generate(seed, scale, today);
        write(store, d, (done, total) -> { });
        return d;
    }

    /** How far writing has got: records written, of how many. */
    @FunctionalInterface
    public interface Progress {
        void written(int done, int total);
    }

    /** Writes generated data into {@code store} in one transaction, saying how far it has got. */
    public static void write(RecordStore store, Data d, Progress progress) {
        int total = d.groups().size() + d.learners().size() + d.tutorials().size() + d.targets().size() + d.concerns().size()
                + d.signposting().size();
        BulkWrites.writeAll(store, d.groups(), d.learners(), d.tutorials(), d.targets(), d.concerns(), d.signposting(),
                done -> progress.written(done, total));
    }

    /** Generates an invented caseload in memory without storing it. */
    public static Data generate(long seed, Scale scale, LocalDate today) {
        return new DemoCaseload(seed, today).make(scale);
    }

    // ------------------------------------------------------------------

    private UUID uuid() {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    private LocalDate weekday(LocalDate d) {
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.plusDays(1);
        }
        return d;
    }

    private Uln uln() {
        while (true) {
            String nine = (1 + rnd.nextInt(9)) + String.format("%08d", rnd.nextInt(100_000_000));
            var u = Uln.withCheckDigit(nine);
            if (u.isPresent()) {
                return u.get();
            }
        }
    }

    private String givenName() {
        if (chance(0.06)) {
            return pick(ACCENTED_GIVEN);
        }
        return pick(GIVEN_START) + pick(GIVEN_END);
    }

    private String familyName() {
        return pick(FAMILY_START) + pick(FAMILY_END);
    }

    private Data make(Scale scale) {
        List<SignpostingService> services = new ArrayList<>();
        for (String[] s : SERVICES) {
            services.add(new SignpostingService(uuid(), s[0], s[1], s[2]));
        }
        List<Group> groups = new ArrayList<>();
        List<Learner> learners = new ArrayList<>();
        List<Tutorial> tutorials = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        List<Concern> concerns = new ArrayList<>();
        LocalDate firstYearStart = org.tutela.app.domain.AcademicYear.of(today).start().minusYears(scale.years() - 1);

        for (int gi = 0; gi < scale.groups(); gi++) {
            String[] prog = PROGRAMMES[gi % PROGRAMMES.length];
            ReviewFrequency freq = switch (gi % 5) {
                case 0 -> ReviewFrequency.halfTermly();
                case 1 -> ReviewFrequency.termly();
                case 2 -> ReviewFrequency.everyWeeks(12);
                case 3 -> ReviewFrequency.everyWeeks(8);
                default -> ReviewFrequency.everyWeeks(10);
            };
            Entitlement override = gi % 7 == 6 ? new Entitlement(6, 8) : null;
            String tutor = TUTORS[gi % TUTORS.length];
            Group g = new Group(uuid(), prog[0] + " " + (char) ('A' + (gi / PROGRAMMES.length) % 26)
                    + (gi >= PROGRAMMES.length * 26 ? Integer.toString(gi) : ""), prog[1], SITES[gi % SITES.length],
                    tutor, freq, override);
            groups.add(g);
            int size = scale.learnersPerGroup() + (scale.learnersPerGroup() > 4 ? rnd.nextInt(3) - 1 : 0);
            LocalDate groupStart = weekday(firstYearStart.plusYears(rnd.nextInt(Math.max(1, Math.min(2, scale.years()))))
                    .withMonth(9).withDayOfMonth(1 + rnd.nextInt(10)));
            List<Learner> members = new ArrayList<>();
            for (int li = 0; li < size; li++) {
                Learner l = learner(g, prog, groupStart, tutor);
                members.add(l);
                learners.add(l);
            }
            sessions(g, members, groupStart, tutorials, tutor);
            for (Learner l : members) {
                reviews(l, g, groupStart, tutor, tutorials, targets);
            }
        }
        if (scale.busyLearnerTutorials() > 0 && !learners.isEmpty()) {
            Learner l = learners.get(0);
            long has = tutorials.stream().filter(t -> t.involves(l.id())).count();
            for (int i = 0; i < scale.busyLearnerTutorials() - has; i++) {
                LocalDate d = weekday(today.minusDays(7L * (i + 1) + 3));
                tutorials.add(conversation(l, i % 2 == 0 ? TutorialKind.INFORMAL_SUPPORT : TutorialKind.MENTORING_MEETING, d));
            }
        }
        int days = 365 * scale.years();
        while (learners.size() > 1 && tutorials.size() < scale.atLeastTutorials()) {
            Learner l = learners.get(1 + rnd.nextInt(learners.size() - 1));
            LocalDate d = weekday(today.minusDays(1 + rnd.nextInt(days)));
            if (l.startDate() == null || !d.isBefore(l.startDate())) {
                tutorials.add(conversation(l, TutorialKind.INFORMAL_SUPPORT, d));
            }
        }
        concerns(learners, services, concerns);
        return new Data(List.copyOf(groups), List.copyOf(learners), List.copyOf(tutorials), List.copyOf(targets),
                List.copyOf(concerns), List.copyOf(services), List.copyOf(askedConfidential));
    }

    private Tutorial conversation(Learner l, TutorialKind kind, LocalDate d) {
        return new Tutorial(uuid(), kind, l.id(), l.primaryGroupId(), List.of(), l.courseTutor(),
                TutorialPlan.on(d, LocalTime.of(12, 30), "Learner hub"), TutorialOutcome.HELD, null,
                TutorialForm.builder().comments(pick(COMMENTS)).learnerComments(pick(LEARNER_COMMENTS))
                        .tutorComments(pick(TUTOR_COMMENTS)).agreedActions("Check in again next week.").build(),
                null, null, null, false, false, List.of());
    }

    private Learner learner(Group g, String[] prog, LocalDate start, String tutor) {
        String given = givenName();
        String family = familyName();
        Set<LearnerFlag> flags = EnumSet.noneOf(LearnerFlag.class);
        if (chance(0.12)) {
            flags.add(LearnerFlag.AT_RISK_OF_DROP_OUT);
        }
        if (chance(0.06)) {
            flags.add(LearnerFlag.VULNERABLE);
        }
        if (chance(0.08)) {
            flags.add(LearnerFlag.OPEN_TO_PASTORAL_TEAM);
        }
        if (chance(0.12)) {
            flags.add(LearnerFlag.ADDITIONAL_SUPPORT);
        }
        LearnerStatus status = chance(0.9) ? LearnerStatus.ACTIVE
                : pick(new LearnerStatus[] {LearnerStatus.ON_BREAK, LearnerStatus.WITHDRAWN, LearnerStatus.COMPLETED});
        List<Contact> contacts = new ArrayList<>();
        String carer = pick(GIVEN_START) + pick(GIVEN_END) + " " + family;
        contacts.add(new Contact(ContactKind.PARENT_CARER, carer, chance(0.5) ? "Parent" : "Carer",
                "07700 9" + String.format("%05d", rnd.nextInt(100_000)),
                carer.toLowerCase().replace(' ', '.') + "@example.invalid"));
        if (g.siteOrEmployer() != null && !g.siteOrEmployer().contains("Campus") && !g.siteOrEmployer().contains("School")) {
            contacts.add(new Contact(ContactKind.EMPLOYER, pick(GIVEN_START) + pick(GIVEN_END) + " " + familyName(),
                    "Workplace supervisor", "01632 9" + String.format("%05d", rnd.nextInt(100_000)), null));
        }
        int lessons = 20 + rnd.nextInt(120);
        int absences = Math.min(lessons, rnd.nextInt(flags.contains(LearnerFlag.AT_RISK_OF_DROP_OUT) ? 30 : 10));
        int age = 16 + rnd.nextInt(4);
        int year = 1 + (int) Math.min(1, java.time.temporal.ChronoUnit.YEARS.between(start, today));
        return new Learner(uuid(), given, family, chance(0.1) ? pick(GIVEN_START) : null,
                start.minusYears(age).minusDays(rnd.nextInt(365)), uln(), "ILR-" + String.format("%07d", rnd.nextInt(10_000_000)),
                g.siteOrEmployer(), prog[1], year, tutor, pick(TUTORS), prog[2], contacts, flags, status,
                List.of(g.id()), start, new Attendance(lessons, absences),
                pick(Punctuality.values()));
    }

    private void sessions(Group g, List<Learner> members, LocalDate start, List<Tutorial> out, String tutor) {
        LocalDate yearStart = start;
        while (!yearStart.isAfter(today)) {
            for (int i = 0; i < 8; i++) {
                LocalDate d = weekday(yearStart.plusDays(14 + i * 38L + rnd.nextInt(7)));
                if (d.isAfter(today.plusDays(30))) {
                    break;
                }
                boolean past = d.isBefore(today);
                List<UUID> attendees = new ArrayList<>();
                if (past) {
                    for (Learner l : members) {
                        if (chance(0.88)) {
                            attendees.add(l.id());
                        }
                    }
                }
                Tutorial t = new Tutorial(uuid(), TutorialKind.GROUP_SESSION, null, g.id(), attendees, tutor,
                        new TutorialPlan(d, LocalTime.of(9 + rnd.nextInt(6), 0), "Room " + (1 + rnd.nextInt(20)),
                                d.minusDays(8 + rnd.nextInt(5)), false),
                        past ? TutorialOutcome.HELD : TutorialOutcome.PLANNED, null,
                        past ? TutorialForm.builder().comments("Group session: " + pick(new String[] {"study skills",
                            "staying safe online", "budgeting", "progression options", "equality and diversity",
                            "healthy relationships", "exam preparation", "employability"})).build() : TutorialForm.EMPTY,
                        null, null, null, false, false, List.of());
                out.add(t);
            }
            yearStart = org.tutela.app.domain.AcademicYear.of(yearStart).next().start().plusDays(31 + rnd.nextInt(7));
        }
    }

    private int stepDays(ReviewFrequency f) {
        return switch (f.unit()) {
            case HALF_TERMS -> 42;
            case TERMS -> 80;
            case WEEKS -> 7 * f.every() - 10;
            case MONTHS -> 28 * f.every();
        };
    }

    private void reviews(Learner l, Group g, LocalDate start, String tutor, List<Tutorial> out, List<Target> targets) {
        Map<UUID, Target> mine = new HashMap<>();
        LocalDate d = weekday(start.plusDays(10 + rnd.nextInt(20)));
        boolean active = l.active();
        LocalDate stop = active ? today : today.minusDays(60 + rnd.nextInt(200));
        boolean lapsed = active && chance(0.12); // a few learners fall behind, so some reviews are overdue
        if (lapsed) {
            stop = today.minusDays(stepDays(g.reviewFrequency()) + 20 + rnd.nextInt(40));
        }
        int lessons = 10;
        int absences = 0;
        Punctuality punctuality = Punctuality.GOOD;
        while (d.isBefore(stop)) {
            lessons += 15 + rnd.nextInt(20);
            absences += rnd.nextInt(l.atRisk() ? 6 : 3);
            absences = Math.min(absences, lessons);
            punctuality = pick(Punctuality.values());
            TutorialPlan plan = new TutorialPlan(d, LocalTime.of(9 + rnd.nextInt(8), rnd.nextBoolean() ? 0 : 30),
                    pick(new String[] {"Tutorial room 2", "Learner hub", "Site office", "Library pod 3"}),
                    d.minusDays(7 + rnd.nextInt(6)), false);
            if (chance(0.06)) {
                out.add(new Tutorial(uuid(), TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), List.of(), tutor, plan,
                        TutorialOutcome.DID_NOT_ATTEND, "Did not attend; rearranged", null, null, null, null,
                        false, false, List.of()));
                d = weekday(d.plusDays(7));
                continue;
            }
            Tutorial t = new Tutorial(uuid(), TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), List.of(), tutor, plan,
                    TutorialOutcome.PLANNED, null, null, null, null, null, false, false, List.of());
            Learner then = l.toBuilder().attendance(new Attendance(lessons, absences)).punctuality(punctuality).build();
            t = t.hold(FrozenSnapshot.take(d, then, List.copyOf(mine.values())));
            List<TargetReview> answered = new ArrayList<>();
            for (TargetReview r : t.form().previousTargets()) {
                double p = rnd.nextDouble();
                answered.add(p < 0.6 ? r.answered(true, null, false)
                        : r.answered(false, pick(WHY_NOT), p > 0.93));
            }
            TutorialForm.Builder f = t.form().toBuilder().previousTargets(answered)
                    .onTargetToAchieve(!l.atRisk() || chance(0.5))
                    .comments(pick(COMMENTS)).learnerComments(pick(LEARNER_COMMENTS)).tutorComments(pick(TUTOR_COMMENTS))
                    .agreedActions("Meet again before the next review if anything changes.")
                    .nextTutorialDate(d.plusDays(stepDays(g.reviewFrequency())))
                    .copiesTo(EnumSet.of(CopyRecipient.STUDENT, CopyRecipient.ILR));
            if (l.schoolOrEmployer() != null && l.schoolOrEmployer().contains("School")) {
                f.copyTo(CopyRecipient.HOME_SCHOOL, true);
            }
            if (chance(0.5)) {
                f.copyTo(CopyRecipient.PARENTS_CARERS, true);
            }
            int newCount = 1 + rnd.nextInt(2);
            for (int i = 0; i < newCount; i++) {
                f.addNewTarget(new NewTarget(uuid(), String.format(pick(TARGETS), 2 + rnd.nextInt(6)),
                        d.plusDays(21 + rnd.nextInt(40))));
            }
            t = t.withForm(f.build());
            // Stored open like the rest; a confidential one is sealed under its own password by
            // the app afterwards (the create-vault screen seals a few of these for the demo).
            if (chance(0.02)) {
                askedConfidential.add(t.id());
            }
            boolean recent = d.isAfter(today.minusDays(10));
            if (recent && chance(0.5)) {
                t = t.asDraft(true);
            } else {
                t = t.signByLearner(Signature.typed(l.fullName(), d)).signByTutor(Signature.typed(tutor, d));
            }
            for (Target changed : TargetCarryForward.apply(t, List.copyOf(mine.values()))) {
                mine.put(changed.id(), changed);
            }
            out.add(t);
            if (chance(0.25)) {
                LocalDate id = weekday(d.plusDays(5 + rnd.nextInt(20)));
                if (id.isBefore(today)) {
                    out.add(new Tutorial(uuid(), chance(0.7) ? TutorialKind.INFORMAL_SUPPORT : TutorialKind.MENTORING_MEETING,
                            l.id(), g.id(), List.of(), tutor, TutorialPlan.on(id, LocalTime.of(12, 15), "Learner hub"),
                            TutorialOutcome.HELD, null, TutorialForm.builder().comments(pick(COMMENTS)).build(),
                            null, null, null, false, false, List.of()));
                }
            }
            d = weekday(d.plusDays(stepDays(g.reviewFrequency()) + rnd.nextInt(10)));
        }
        if (active && !lapsed) {
            // the next review, planned; the learner has been told about most of them
            LocalDate next = weekday(d.isBefore(today) ? today.plusDays(3 + rnd.nextInt(20)) : d);
            TutorialPlan plan = TutorialPlan.on(next, LocalTime.of(10, 0), "Tutorial room 2");
            if (chance(0.6)) {
                plan = plan.learnerNotified(next.minusDays(7 + rnd.nextInt(4)).isAfter(today) ? today : next.minusDays(7));
                if (chance(0.1)) {
                    plan = plan.rearranged(next, LocalTime.of(14, 0), "Site office");
                }
            }
            out.add(new Tutorial(uuid(), TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), List.of(), tutor, plan,
                    TutorialOutcome.PLANNED, null, null, null, null, null, false, false, List.of()));
        }
        targets.addAll(mine.values());
    }

    private void concerns(List<Learner> learners, List<SignpostingService> services, List<Concern> out) {
        int count = Math.max(3, learners.size() / 25);
        ConcernCategory[] cats = ConcernCategory.values();
        for (int i = 0; i < count; i++) {
            Learner l = learners.get(rnd.nextInt(learners.size()));
            ConcernCategory cat = i % 9 == 0 ? ConcernCategory.SAFEGUARDING : pick(cats);
            LocalDate raised = weekday(today.minusDays(rnd.nextInt(300)));
            Concern c = new Concern(uuid(), l.id(), cat, raised, pick(TUTORS),
                    "Invented demo concern about " + cat.name().toLowerCase().replace('_', ' ') + ".",
                    null, null, null, ConcernStatus.OPEN, List.of());
            if (chance(0.7)) {
                SignpostingService s = services.get(rnd.nextInt(services.size()));
                c = chance(0.85) ? c.referTo(s.id(), null, raised.plusDays(1)) : c.referTo(null, "GP surgery (invented)", raised.plusDays(2));
                if (chance(0.6)) {
                    c = c.followUp(new Concern.FollowUp(raised.plusDays(7), "Checked in with the learner; support started.",
                            pick(TUTORS))).withStatus(ConcernStatus.IN_PROGRESS);
                }
                if (chance(0.3)) {
                    c = c.withStatus(ConcernStatus.CLOSED);
                }
            }
            out.add(c);
        }
    }
}
