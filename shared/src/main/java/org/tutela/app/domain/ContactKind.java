package org.tutela.app.domain;

public enum ContactKind {
    PARENT_CARER, EMPLOYER, OTHER
}
