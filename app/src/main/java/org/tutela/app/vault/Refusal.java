package org.tutela.app.vault;

import java.time.Instant;
import java.util.UUID;

/**
 * Head office refused the latest change of a record ({@code code}, for example
 * {@code OUT_OF_SCOPE} while the learner is not yet in the tutor's caseload there). The change
 * stays waiting and is offered again at every sync until it is applied or the tutor discards it.
 */
public record Refusal(UUID recordId, String code, Instant refusedAt) {
}
