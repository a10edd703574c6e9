package org.tutela.app.confidential;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Safeguarding concerns the safeguarding lead has not seen within the time allowed (on their way
 * to head office, or waiting there): the tutor should phone the Designated Safeguarding Lead.
 *
 * @param concernIds the concerns still waiting, oldest first
 * @param oldestSavedAt when the oldest of them was saved
 * @param waitingFor how long the oldest has been waiting
 * @param dslPhone the DSL's number from the organisation's settings, or null if none is set
 * @param notAtHeadOffice how many of them have not reached head office yet (the others wait for the lead there)
 */
public record SafeguardingWarning(List<UUID> concernIds, Instant oldestSavedAt, Duration waitingFor, String dslPhone,
                                  Duration threshold, int notAtHeadOffice) {
    public SafeguardingWarning {
        concernIds = List.copyOf(concernIds);
    }

    /** Every one of them is at head office, waiting for the lead to see it. */
    public boolean allAtHeadOffice() {
        return notAtHeadOffice == 0;
    }
}
