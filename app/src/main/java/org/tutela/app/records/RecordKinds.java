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
    public static final String ORGANISATION = org.tutela.app.domain.Organisation.KIND;
    /** Openings of confidential tutorials (see {@code ConfidentialTutorials}); they sync, routed by their tutorial. */
    public static final String CONFIDENTIAL_OPENING = org.tutela.sync.protocol.RecordKinds.CONFIDENTIAL_OPENING;
    /** The copies register (see {@code CopiesRegister}); it syncs, routed by its tutorial. */
    public static final String COPIES_REGISTER = org.tutela.sync.protocol.RecordKinds.COPIES_REGISTER;

    private RecordKinds() {
    }
}
