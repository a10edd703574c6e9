package org.tutela.app.records;

import java.util.UUID;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;

/**
 * Who is on the caseload: adding and editing learners and groups, and deleting a learner added by
 * mistake. Get it from {@link Caseload#learnerWrites()}. Each write goes through the vault first,
 * then into memory (the search keys and caseload lines follow at once).
 */
public final class LearnerWrites {

    private final CaseloadMemory m;

    LearnerWrites(CaseloadMemory m) {
        this.m = m;
    }

    public Learner save(Learner l) {
        return save(l, null);
    }

    /** Saves a learner edited on a screen that opened {@code opened} (see {@link Caseload#opened(UUID)}). */
    public Learner save(Learner l, OpenedVersion opened) {
        synchronized (m) {
            m.write(m.store, RecordKind.LEARNER, l.id(), l, opened);
            m.putLearner(l);
            return l;
        }
    }

    public Group save(Group g) {
        synchronized (m) {
            m.write(m.store, RecordKind.GROUP, g.id(), g);
            m.putGroup(g.id(), g);
            return g;
        }
    }

    /**
     * Deletes a learner added by mistake, from this laptop and, at the next sync, from head office
     * and the tutor's other laptops. Only a learner with nothing recorded yet (no tutorial, group
     * session attended, target or concern, see {@link Caseload#hasRecords}): a learner with a
     * history is kept (a leaver is marked, not deleted).
     *
     * @throws LearnerHasRecordsException something is recorded for the learner
     */
    public void deleteLearner(UUID id) {
        m.awaitRest();
        synchronized (m) {
            if (!m.learners.containsKey(id)) {
                return;
            }
            if (m.recordedFor(id)) {
                throw new LearnerHasRecordsException();
            }
            m.delete(id);
            m.removeLearner(id);
            m.revisions.remove(id);
        }
    }
}
