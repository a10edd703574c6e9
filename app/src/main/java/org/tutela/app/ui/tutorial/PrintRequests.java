package org.tutela.app.ui.tutorial;

import java.util.List;
import javafx.scene.control.Alert;
import javafx.stage.Window;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.ui.common.Messages;

/**
 * What the screens ask of printing: the "Print…" button of the tutorial form and the "Print group
 * forms…" action of a group. The unlocked session's composition root ({@code SessionRoot}) builds
 * the implementation for each caseload it loads and hands it to the screens; until then
 * {@link #NOT_AVAILABLE} says printing is not available. Called on the
 * JavaFX thread: an implementation does its slow work off it. A confidential tutorial is handed
 * over as it is: the printer prints its envelope only.
 */
public interface PrintRequests {

    /** Print (or save as PDF) one tutorial's Progress Review / Tutorial Form. */
    void printTutorial(Window owner, Tutorial tutorial, Learner learner);

    /** Print blank or latest forms for every learner of a group, for signing on paper. */
    void printGroup(Window owner, Group group, List<Learner> learners);

    PrintRequests NOT_AVAILABLE = new PrintRequests() {
        @Override
        public void printTutorial(Window owner, Tutorial tutorial, Learner learner) {
            tell(owner);
        }

        @Override
        public void printGroup(Window owner, Group group, List<Learner> learners) {
            tell(owner);
        }

        private void tell(Window owner) {
            Alert alert = new Alert(Alert.AlertType.INFORMATION, Messages.get("print.notAvailable"));
            alert.initOwner(owner);
            alert.setTitle(Messages.plain("print.title"));
            alert.setHeaderText(null);
            alert.show();
        }
    };
}
