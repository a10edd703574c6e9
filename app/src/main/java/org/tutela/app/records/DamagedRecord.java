package org.tutela.app.records;

import java.util.UUID;

/**
 * A record that could not be opened when the caseload loaded: its envelope did not authenticate,
 * or its content did not make a valid record. The rest of the caseload still opens. The reason
 * never carries record content.
 */
public record DamagedRecord(String kind, UUID id, String reason) {
}
