package org.tutela.app.syncclient;

import java.util.UUID;

/**
 * This laptop's link to head office, kept encrypted in the vault: the server's address and
 * pinned certificate, the device id and token from enrolment, and where sync has got to.
 *
 * @param nextWireSequence the next device sequence number the server expects from this laptop
 * @param cursor the last server sequence pulled
 */
public record SyncAccount(
        String serverUrl,
        String certificateFingerprint,
        UUID deviceId,
        String deviceToken,
        String username,
        String serverEpoch,
        long nextWireSequence,
        long cursor) {

    SyncAccount withEpoch(String epoch) {
        return new SyncAccount(serverUrl, certificateFingerprint, deviceId, deviceToken, username, epoch, nextWireSequence, cursor);
    }

    SyncAccount withNextWireSequence(long next) {
        return new SyncAccount(serverUrl, certificateFingerprint, deviceId, deviceToken, username, serverEpoch, next, cursor);
    }

    SyncAccount withCursor(long newCursor) {
        return new SyncAccount(serverUrl, certificateFingerprint, deviceId, deviceToken, username, serverEpoch, nextWireSequence, newCursor);
    }

    @Override
    public String toString() {
        return "SyncAccount[server=" + serverUrl + ", device=" + deviceId + ", cursor=" + cursor + "]";
    }
}
