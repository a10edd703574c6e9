package org.tutela.app.confidential;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Safeguarding concerns that have not reached head office within the time allowed: the tutor
 * should phone the Designated Safeguarding Lead.
 *
 * @param concernIds the concerns still waiting, oldest first
 * @param oldestSavedAt when the oldest of them was saved
 * @param waitingFor how long the oldest has been waiting
 * @param dslPhone the DSL's number from the organisation's settings, or null if none is set
 */
public record SafeguardingWarning(List<UUID> concernIds, Instant oldestSavedAt, Duration waitingFor, String dslPhone,
                                  Duration threshold) {
    public SafeguardingWarning {
        concernIds = List.copyOf(concernIds);
    }
}
