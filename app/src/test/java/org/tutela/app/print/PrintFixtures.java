package org.tutela.app.print;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetReview;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;

/** Invented learners, groups and tutorials for the print tests. No real person. */
public final class PrintFixtures {
    public static final LocalDate HELD_ON = LocalDate.of(2026, 3, 11);

    private PrintFixtures() {
    }

    public static Group group() {
        return Group.create("Zorvel Motor Vehicle L2", "Motor vehicle apprenticeship", "Quillbrook Garages (invented)",
                "Tutor Bexamund", ReviewFrequency.halfTermly());
    }

    public static Learner learner(Group g) {
        return learner(g, "Gwenllŷan", "Quorthwŵck");
    }

    public static Learner learner(Group g, String given, String family) {
        return Learner.builder().givenName(given).familyName(family).uln("9276308686")
                .course("Motor vehicle L2").schoolOrEmployer("Ysgol Brynwŷn (invented)").yearOfCourse(1)
                .courseTutor("Tutor Bexamund").formTutor("Tutor Orulak").levelWorkingTowards("Level 2 Diploma")
                .group(g.id()).startDate(LocalDate.of(2025, 9, 1)).attendance(new Attendance(40, 3))
                .punctuality(Punctuality.GOOD).build();
    }

    public static Target openTarget(Learner l) {
        return Target.set(l.id(), NewTarget.of("Finish the brake-disc logbook pages", LocalDate.of(2026, 2, 27)),
                java.util.UUID.randomUUID(), LocalDate.of(2026, 1, 20));
    }

    /** A held, signed one-to-one review with every box of the form filled. */
    public static Tutorial filled(Learner l, String comments) {
        Target t = openTarget(l);
        Tutorial planned = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), "Tutor Bexamund",
                TutorialPlan.on(HELD_ON, LocalTime.of(10, 0), "Room 4"));
        Tutorial held = planned.hold(FrozenSnapshot.take(HELD_ON, l, List.of(t)));
        var form = held.form().toBuilder()
                .punctuality(Punctuality.REASONABLE)
                .onTargetToAchieve(Boolean.TRUE)
                .comments(comments)
                .learnerComments("I enjoy the workshop days; the theory tests are harder. Diolch – ŵ ŷ ü ß €.")
                .tutorComments("Steady progress on the practical units; timekeeping improving.")
                .previousTargets(List.of(TargetReview.prompt(t).answered(false, "Logbook left at the garage", false)))
                .newTargets(List.of(NewTarget.of("Complete unit 7 wheel alignment assessment", LocalDate.of(2026, 4, 24)),
                        NewTarget.of("Hand in the brake-disc logbook pages", LocalDate.of(2026, 3, 25))))
                .agreedActions("Bring the logbook to college every Tuesday.")
                .nextTutorialDate(LocalDate.of(2026, 5, 6))
                .copiesTo(EnumSet.of(CopyRecipient.STUDENT, CopyRecipient.ILR, CopyRecipient.EMPLOYER))
                .build();
        return held.withForm(form)
                .signByLearner(Signature.drawn(l.fullName(), List.of(new Signature.Stroke(List.of(
                        new Signature.Point(0.05f, 0.7f), new Signature.Point(0.2f, 0.2f), new Signature.Point(0.35f, 0.8f),
                        new Signature.Point(0.5f, 0.3f), new Signature.Point(0.7f, 0.6f)))), HELD_ON))
                .signByTutor(Signature.typed("Tutor Bexamund", HELD_ON));
    }

    /** An invented logo, 240 × 80, as PNG ("png") or JPEG ("jpg") bytes, made in memory. */
    public static byte[] logo(String format) {
        javax.imageio.ImageIO.setUseCache(false);
        var img = new java.awt.image.BufferedImage(240, 80, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new java.awt.Color(0x1d, 0x4e, 0x89));
        g.fillRect(0, 0, 240, 80);
        g.setColor(new java.awt.Color(0xf2, 0xb1, 0x34));
        g.fillOval(10, 10, 60, 60);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(90, 25, 130, 30);
        g.dispose();
        var out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, format, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String longComment(int paragraphs) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= paragraphs; i++) {
            b.append("Paragraph ").append(i).append(": progress on the practical units has been steady this half term, "
                    + "attitude in the workshop is positive and homework arrives on time; coursework needs more care with "
                    + "measurements and the workplace supervisor reports good teamwork.\n");
        }
        b.append("LAST-LINE-MARKER of the comments.");
        return b.toString();
    }
}
