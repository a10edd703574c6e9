package org.tutela.app.ui;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.Contact;
import org.tutela.app.domain.ContactKind;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/**
 * Invented test data for the screens: an invented demo caseload (fixed seed) in a real vault with
 * the floor Argon2id parameters, plus one learner whose open target and confidential tutorial the
 * tests look for.
 */
public final class UiFixtures {
    public static final String PASSPHRASE = "kettle orchard violet tram";
    public static final String TARGET_TEXT = "Hand in the brake systems assignment";
    public static final String CONFIDENTIAL_COMMENT = "Private matter discussed at the learner's request";
    public static final String CONFIDENTIAL_PASSWORD = "harbour thistle amber drum";
    /** The tutor using Tutela in the tests (invented). */
    public static final org.tutela.app.domain.Tutor TUTOR = new org.tutela.app.domain.Tutor("Orla Vexmoor", "Course tutor",
            "orla.vexmoor@example.org", "01632 960333");

    /** Who and what was written. */
    public record Seeded(UUID learnerId, UUID groupId, UUID targetId, UUID confidentialId) {
    }

    private UiFixtures() {
    }

    /** Creates the vault file, fills it, and closes it again. */
    public static Seeded createVault(Path file, DemoCaseload.Scale scale) {
        try (Vault v = Vault.create(file, PASSPHRASE.toCharArray(), Argon2Params.FLOOR)) {
            return seed(v, scale);
        }
    }

    /** Fills an open vault and returns the seeded learner. */
    public static Seeded seed(Vault v, DemoCaseload.Scale scale) {
        LocalDate today = LocalDate.now();
        new org.tutela.app.records.TutorStore(new org.tutela.app.records.TypedStore(v::records)).save(TUTOR);
        DemoCaseload.fill(v.records(), 11L, scale, today);
        Caseload c = Caseload.load(v.records());
        Group g = c.groups().get(0);
        Learner l = Learner.builder().givenName("Yavima").familyName("Quorthwick").uln("9276308686")
                .ilrReference("ILR-0042").course("Motor vehicle maintenance").schoolOrEmployer("Quillbrook Garages (invented)")
                .yearOfCourse(1).courseTutor("Orla Vexmoor").formTutor("Pell Strangways").levelWorkingTowards("Level 2")
                .group(g.id()).startDate(today.minusMonths(3)).attendance(new Attendance(40, 3)).punctuality(Punctuality.GOOD)
                .flag(LearnerFlag.AT_RISK_OF_DROP_OUT, true).flag(LearnerFlag.OPEN_TO_PASTORAL_TEAM, true)
                .addContact(new Contact(ContactKind.PARENT_CARER, "Thelma Quorthwick", "mother", "01632 960111", null))
                .addContact(new Contact(ContactKind.EMPLOYER, "Quillbrook Garages (invented)", "workshop manager", "01632 960222", null))
                .build();
        c.learnerWrites().save(l);
        // An earlier review that set the target the next tutorial must review.
        LocalDate earlier = today.minusWeeks(7);
        Tutorial first = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), "Orla Vexmoor",
                TutorialPlan.on(earlier, LocalTime.of(10, 0), "Room 4"));
        first = first.hold(FrozenSnapshot.take(earlier, l, List.of()));
        NewTarget target = NewTarget.of(TARGET_TEXT, today.minusWeeks(1));
        first = first.withForm(first.form().toBuilder().comments("Settling in well.").addNewTarget(target).build()).asDraft(false);
        c.tutorialWrites().saveTutorial(first);
        // A confidential tutorial: only its envelope may show.
        LocalDate conf = today.minusWeeks(3);
        Tutorial secret = Tutorial.plan(TutorialKind.INFORMAL_SUPPORT, l.id(), g.id(), "Orla Vexmoor",
                TutorialPlan.on(conf, LocalTime.of(13, 0), "Quiet room"));
        secret = secret.hold(FrozenSnapshot.take(conf, l, c.targetsOf(l.id())))
                .withForm(TutorialForm.builder().comments(CONFIDENTIAL_COMMENT).build()).asDraft(false);
        // Sealed under its own password, as the app does it: never stored open.
        new org.tutela.app.confidential.ConfidentialTutorials(new org.tutela.app.records.TypedStore(v::records), "Orla Vexmoor", java.time.Clock.systemUTC(),
                duration -> { }, org.tutela.crypto.Argon2Params.FLOOR)
                .seal(secret, CONFIDENTIAL_PASSWORD.toCharArray());
        Target t = c.openTargets(l.id()).get(0);
        return new Seeded(l.id(), g.id(), t.id(), secret.id());
    }
}
