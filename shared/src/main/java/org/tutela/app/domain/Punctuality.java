package org.tutela.app.domain;

/** The pro forma's "Punctuality (please circle)". */
public enum Punctuality {
    EXCELLENT, GOOD, REASONABLE, POOR
}
