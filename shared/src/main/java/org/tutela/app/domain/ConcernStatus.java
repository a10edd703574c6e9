package org.tutela.app.domain;

public enum ConcernStatus {
    OPEN, REFERRED, IN_PROGRESS, CLOSED
}
