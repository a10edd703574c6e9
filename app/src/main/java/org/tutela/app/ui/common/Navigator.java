package org.tutela.app.ui.common;

import java.util.UUID;
import org.tutela.app.domain.Group;

/** How one screen of the workspace asks for another. */
public interface Navigator {
    void showCaseload();

    void openLearner(UUID learnerId);

    /** Plans a new tutorial for the learner (tutorialId null) or rearranges a planned one. */
    void planTutorial(UUID learnerId, UUID tutorialId);

    void openTutorial(UUID tutorialId);

    /** Raises a new concern (concernId null) or opens one. */
    void openConcern(UUID learnerId, UUID concernId);

    void showSummary();

    void editSignposting();

    void printGroup(Group group);
}
