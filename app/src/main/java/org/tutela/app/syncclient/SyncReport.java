package org.tutela.app.syncclient;

import java.util.List;
import java.util.UUID;

/**
 * What one sync round did.
 *
 * @param sent outbox entries sent to head office and answered
 * @param conflicts records changed both here and at head office; both versions are kept and the
 *     tutor chooses ({@link SyncClient#conflicts()})
 * @param rejected entries head office refused (with the record ids), kept locally and flagged
 * @param received records received from head office
 * @param complete false if the tutor cancelled part-way (what was done is kept)
 */
public record SyncReport(int sent, List<UUID> conflicts, List<UUID> rejected, int received, boolean complete) {
}
