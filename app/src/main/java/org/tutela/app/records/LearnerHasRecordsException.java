package org.tutela.app.records;

/** A learner with tutorials, targets or concerns recorded is not deleted: their history is kept. */
public class LearnerHasRecordsException extends IllegalStateException {
    public LearnerHasRecordsException() {
        super("This learner has tutorials, targets or concerns recorded, so they are kept");
    }
}
