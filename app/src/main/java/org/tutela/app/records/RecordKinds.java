package org.tutela.app.records;

/** The record kinds the caseload keeps in the vault. */
public final class RecordKinds {
    public static final String LEARNER = "learner";
    public static final String GROUP = "group";
    public static final String TUTORIAL = "tutorial";
    public static final String TARGET = "target";
    public static final String CONCERN = "concern";
    public static final String SIGNPOSTING = "signposting";
    /** The organisation as head office set it up; received by sync, never written here. */
    public static final String ORGANISATION = org.tutela.sync.protocol.RecordKinds.ORGANISATION;

    private RecordKinds() {
    }
}
