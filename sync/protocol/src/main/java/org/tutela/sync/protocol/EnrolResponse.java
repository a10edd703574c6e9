package org.tutela.sync.protocol;

import java.util.UUID;

/**
 * The answer to an enrolment: the new device id and its token (shown once; the server keeps
 * only a hash). The first push of this device carries device sequence 1.
 *
 * @param tutorName the tutor's name as head office knows it, for the app to use as the tutor's
 *     name; null (and left out of the JSON) when head office has none
 */
public record EnrolResponse(String protocolVersion, UUID deviceId, String deviceToken, String role, String serverEpoch,
                            String tutorName) {

    /** An answer without the tutor's name. */
    public EnrolResponse(String protocolVersion, UUID deviceId, String deviceToken, String role, String serverEpoch) {
        this(protocolVersion, deviceId, deviceToken, role, serverEpoch, null);
    }

    @Override
    public String toString() {
        return "EnrolResponse[deviceId=" + deviceId + ", role=" + role + ", serverEpoch=" + serverEpoch + "]";
    }
}
