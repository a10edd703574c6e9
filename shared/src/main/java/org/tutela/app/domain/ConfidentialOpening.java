package org.tutela.app.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * That a confidential tutorial was opened: who, when, and how. Stored as its own record (kind
 * {@code confidential-opening}) and synced like any other, so head office sees every
 * opening. Holds nothing of the content.
 */
public record ConfidentialOpening(UUID id, UUID tutorialId, String who, Instant at, Method method) {
    public enum Method { PASSWORD, ESCROW }
}
