package org.tutela.app.domain;

/** The pro forma's header as it was when the tutorial was held. */
public record LearnerHeader(String learnerName, String uln, String courseTutor, String school, String course,
                            String formTutor, Integer yearOfCourse) {

    public static LearnerHeader of(Learner l) {
        return new LearnerHeader(l.fullName(), l.uln() == null ? null : l.uln().value(), l.courseTutor(),
                l.schoolOrEmployer(), l.course(), l.formTutor(), l.yearOfCourse());
    }
}
