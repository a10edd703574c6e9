package org.tutela.app.vault;

import java.util.UUID;

/** A record's envelope did not authenticate: its ciphertext, nonce or associated data was altered or moved. */
public class DamagedRecordException extends VaultException {
    private final UUID recordId;

    public DamagedRecordException(UUID recordId, Throwable cause) {
        super("Record " + recordId + " is damaged and cannot be opened", cause);
        this.recordId = recordId;
    }

    public UUID recordId() {
        return recordId;
    }
}
