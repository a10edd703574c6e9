package org.tutela.app.domain;

/** A SMART target's state. OPEN and CARRIED are still open and come up at the next tutorial. */
public enum TargetStatus {
    OPEN, MET, CARRIED, CLOSED;

    public boolean open() {
        return this == OPEN || this == CARRIED;
    }
}
