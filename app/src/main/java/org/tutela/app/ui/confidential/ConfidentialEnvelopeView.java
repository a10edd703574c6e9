package org.tutela.app.ui.confidential;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.tutela.app.confidential.ConfidentialEnvelope;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/**
 * A confidential tutorial as everyone sees it: its envelope (learner, tutor, date, "Confidential
 * tutorial") and an Open… button. Shows nothing of the content.
 */
public final class ConfidentialEnvelopeView {
    private ConfidentialEnvelopeView() {
    }

    /**
     * @param learnerName the learner's name as the caller shows it (the envelope holds only its id)
     * @param onOpen what Open… does (usually: show {@link OpenConfidentialDialog})
     */
    public static VBox create(ConfidentialEnvelope envelope, String learnerName, Runnable onOpen) {
        Label label = Controls.heading("confidential.label");
        label.setId("confidential-envelope-label");
        String tutor = envelope.tutor() == null ? "" : envelope.tutor();
        String date = ConfidentialUi.date(envelope.date());
        Label learner = Controls.text("confidential.envelope.learner", learnerName == null ? "" : learnerName);
        learner.setId("confidential-envelope-learner");
        Label tutorLine = Controls.text("confidential.envelope.tutor", tutor);
        tutorLine.setId("confidential-envelope-tutor");
        Label dateLine = Controls.text("confidential.envelope.date", date);
        dateLine.setId("confidential-envelope-date");
        Label sealed = Controls.text("confidential.envelope.sealed");
        sealed.getStyleClass().add("hint");
        Button open = Controls.button("confidential-open", "confidential.envelope.open");
        open.setOnAction(e -> onOpen.run());
        VBox card = Controls.card(label, learner, tutorLine, dateLine, sealed, open);
        card.setId("confidential-envelope-" + envelope.tutorialId());
        card.getStyleClass().add("confidential-envelope");
        card.setAccessibleText(Messages.plain("confidential.envelope.accessible", learnerName == null ? "" : learnerName, tutor, date));
        return card;
    }
}
