package org.tutela.app.ui.common;

import java.util.UUID;
import org.tutela.app.domain.Group;

/** How one screen of the workspace asks for another. */
public interface Navigator {
    void showCaseload();

    void openLearner(UUID learnerId);

    /** Plans a new tutorial for the learner (tutorialId null) or rearranges a planned one. */
    /** Edits the learner's details, or adds a learner (learnerId null) to the group (may be null). */
    void editLearner(UUID learnerId, Group group);

    void planTutorial(UUID learnerId, UUID tutorialId);

    void openTutorial(UUID tutorialId);

    /** Raises a new concern (concernId null) or opens one. */
    void openConcern(UUID learnerId, UUID concernId);

    void showSummary();

    void editSignposting();

    void printGroup(Group group);
}
