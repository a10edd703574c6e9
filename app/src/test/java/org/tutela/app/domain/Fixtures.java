package org.tutela.app.domain;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** Invented people and places for domain tests. */
final class Fixtures {
    private Fixtures() {
    }

    static Group group(ReviewFrequency f) {
        return Group.create("Zorvel Motor Vehicle L2", "Motor vehicle apprenticeship", "Quillbrook Garages (invented)",
                "Tutor Bexamund", f);
    }

    static Learner learner(Group g, LocalDate start) {
        return Learner.builder().givenName("Yavima").familyName("Quorthwick").uln("9276308686")
                .course("Motor vehicle L2").schoolOrEmployer("Quillbrook Garages (invented)").yearOfCourse(1)
                .courseTutor("Tutor Bexamund").formTutor("Tutor Orulak").levelWorkingTowards("Level 2")
                .group(g.id()).startDate(start).attendance(new Attendance(40, 2)).punctuality(Punctuality.GOOD)
                .build();
    }

    static Tutorial heldReview(Learner l, LocalDate on) {
        Tutorial t = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), "Tutor Bexamund",
                TutorialPlan.on(on, LocalTime.of(10, 0), "Room 4"));
        return t.hold(FrozenSnapshot.take(on, l, java.util.List.of()));
    }

    static Tutorial heldGroupSession(UUID groupId, LocalDate on, UUID... attendees) {
        return Tutorial.planGroupSession(groupId, "Tutor Bexamund", TutorialPlan.on(on, LocalTime.of(9, 0), "Hall"))
                .withAttendees(java.util.List.of(attendees))
                .withOutcome(TutorialOutcome.HELD, null);
    }
}
