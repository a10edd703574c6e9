package org.tutela.sync.protocol;

/** {@code POST /api/v1/devices/enrol}: the tutor's account and a label for this laptop. */
public record EnrolRequest(String protocolVersion, String username, String password, String deviceName) {
    @Override
    public String toString() {
        return "EnrolRequest[protocolVersion=" + protocolVersion + ", username=<hidden>, password=<hidden>]";
    }
}
