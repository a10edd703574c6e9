package org.tutela.app.print;

import java.time.LocalDate;
import java.util.UUID;
import org.tutela.app.domain.LearnerHeader;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.TutorialForm;

/**
 * The Progress Review / Tutorial Form as it prints, in three parts: the learner's header (as it
 * was frozen when the tutorial was held, or as the learner is now), the tutorial form box by box
 * in the pro forma's order, and what printing adds around them ({@link Extras}). A new box on the
 * pro forma is a new field of {@link TutorialForm} and reaches the printed form from there. Null
 * or empty fields print as empty boxes. A {@code blank} form leaves writing room in every box that
 * is not known yet (comments, targets, signatures) for filling in by hand.
 *
 * @param tutorialId the tutorial, or null for a blank form not tied to one
 * @param header the learner's name, school, course and tutors; all empty for a group session
 * @param form the pro forma's boxes; attendance and level are the learner's as now when the tutorial has none yet
 */
public record FormContent(UUID tutorialId, boolean blank, LearnerHeader header, TutorialForm form, Extras extras)
        implements PrintItem {

    private static final LearnerHeader NO_LEARNER = new LearnerHeader(null, null, null, null, null, null, null);

    /**
     * What the form prints besides the learner's header and the pro forma's boxes.
     *
     * @param date the tutorial's date; null leaves it to write in
     * @param tutor who holds it; may be null
     * @param groupName the group, printed under the title; may be null
     * @param learnerSignature the learner's signature, if signed
     * @param tutorSignature the tutor's signature, if signed
     */
    public record Extras(LocalDate date, String tutor, String groupName, Signature learnerSignature, Signature tutorSignature) {
    }

    public FormContent {
        header = header == null ? NO_LEARNER : header;
        form = form == null ? TutorialForm.EMPTY : form;
        extras = extras == null ? new Extras(null, null, null, null, null) : extras;
    }
}
