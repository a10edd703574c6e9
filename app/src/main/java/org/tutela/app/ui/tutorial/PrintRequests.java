package org.tutela.app.ui.tutorial;

import java.util.List;
import java.util.ServiceLoader;
import javafx.scene.control.Alert;
import javafx.stage.Window;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.ui.common.Messages;

/**
 * What the screens ask of printing: the "Print…" button of the tutorial form and the "Print group
 * forms…" action of a group. The print code provides the implementation (registered with
 * {@link #use} at start, or as a {@code META-INF/services/org.tutela.app.ui.tutorial.PrintRequests}
 * service); until then {@link #NOT_AVAILABLE} says printing is not available. Called on the
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

    /** Uses this implementation from now on. */
    static void use(PrintRequests implementation) {
        Holder.current = implementation == null ? NOT_AVAILABLE : implementation;
    }

    /** The implementation in use: the one set with {@link #use}, else a registered service, else {@link #NOT_AVAILABLE}. */
    static PrintRequests current() {
        PrintRequests p = Holder.current;
        if (p == null) {
            p = ServiceLoader.load(PrintRequests.class).findFirst().orElse(NOT_AVAILABLE);
            Holder.current = p;
        }
        return p;
    }

    /** Where the implementation in use is kept. */
    final class Holder {
        private static volatile PrintRequests current;

        private Holder() {
        }
    }
}
