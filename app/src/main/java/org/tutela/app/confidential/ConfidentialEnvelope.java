package org.tutela.app.confidential;

import java.time.LocalDate;
import java.util.UUID;
import org.tutela.sync.protocol.sealed.SealedEnvelope;

/**
 * A confidential tutorial as everyone may see it: what is written on its envelope, never its
 * content. What the screens get, so that they never handle the sealed-envelope format itself.
 *
 * @param tutorialId the tutorial (and the envelope's id)
 * @param learnerId the learner, or null for a group session
 * @param escrowed also sealed to the safeguarding lead's key
 */
public record ConfidentialEnvelope(UUID tutorialId, UUID learnerId, String tutor, LocalDate date, boolean escrowed) {

    static ConfidentialEnvelope of(SealedEnvelope envelope) {
        SealedEnvelope.Header h = envelope.header();
        return new ConfidentialEnvelope(h.envelopeId(), h.learnerId(), h.tutor(), h.date(), envelope.escrowWrap() != null);
    }
}
