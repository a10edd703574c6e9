package org.tutela.sync.protocol;

/** The outcome of one pushed entry. */
public enum EntryStatus {
    /** Stored; {@code serverSequence} is its place in the server's order. */
    APPLIED,
    /** This device sequence was received before: the original answer is repeated. */
    DUPLICATE,
    /** The record changed on the server since {@code baseRevision}: {@code serverRecord} is the current one. */
    CONFLICT,
    /** Not stored, for {@code code}/{@code reason}; the entry is consumed and the queue moves on. */
    REJECTED
}
