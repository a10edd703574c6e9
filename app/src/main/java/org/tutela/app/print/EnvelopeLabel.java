package org.tutela.app.print;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What prints for a confidential tutorial: the label for its sealed envelope ("Confidential
 * tutorial", the date, the learner and the tutor) and nothing of its content. It holds no field
 * that could carry the content.
 */
public record EnvelopeLabel(UUID tutorialId, LocalDate date, String learnerName, String tutor) implements PrintItem {
}
