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
    /** Head office's answer to a concern (seen by the safeguarding lead, tasks for the tutor); received by sync, never written here. */
    public static final String CONCERN_RESPONSE = org.tutela.sync.protocol.RecordKinds.CONCERN_RESPONSE;
    /** That the tutor did a task head office gave them; written here, it goes to head office. */
    public static final String TASK_DONE = org.tutela.sync.protocol.RecordKinds.TASK_DONE;

    private RecordKinds() {
    }
}
