package org.tutela.sync.protocol;

import java.util.UUID;

/**
 * The answer to an enrolment: the new device id and its token (shown once; the server keeps
 * only a hash). The first push of this device carries device sequence 1. {@code tutorName} is
 * the user's name as head office keeps it (for the laptop to greet them with), or null when head
 * office has none (and from servers older than this field).
 */
public record EnrolResponse(String protocolVersion, UUID deviceId, String deviceToken, String role, String serverEpoch,
                            String tutorName) {
    @Override
    public String toString() {
        return "EnrolResponse[deviceId=" + deviceId + ", role=" + role + ", serverEpoch=" + serverEpoch + "]";
    }
}
