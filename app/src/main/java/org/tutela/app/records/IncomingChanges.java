package org.tutela.app.records;

import java.io.IOException;
import java.util.UUID;
import java.util.function.Function;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernResponse;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TaskDone;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.vault.StoredRecord;

/**
 * Records that changed in the vault without going through this caseload (a sync pull applied
 * them, head office answered a concern, a tutorial was sealed as confidential or its sealed draft
 * saved): taken into memory as the vault holds them now, so the screens never read the vault to
 * keep the caseload in step. Get it from {@link Caseload#incomingChanges()}.
 */
public final class IncomingChanges {

    private final CaseloadMemory m;

    IncomingChanges(CaseloadMemory m) {
        this.m = m;
    }

    /** Takes in the record with this id as the vault holds it now. */
    public void refresh(UUID id) {
        refresh(m.store.get(id).orElseThrow(() -> new IllegalArgumentException("No record " + id)));
    }

    /**
     * Takes in a record as stored: updates memory, or removes it if it is a tombstone. A record that
     * does not open is added to {@link Caseload#damaged()}; a sealed tutorial is listed by
     * {@link Caseload#sealedTutorialIds()}. Records of other components are left alone.
     */
    public void refresh(StoredRecord r) {
        m.awaitRest();
        synchronized (m) {
            UUID id = r.id();
            if (r.deleted()) {
                m.revisions.remove(id);
            } else {
                m.revisions.put(id, r.revision());
            }
            try {
                switch (r.kind()) {
                    case RecordKind.Names.LEARNER -> {
                        if (r.deleted()) {
                            m.removeLearner(id);
                        } else {
                            m.putLearner(readChecked(r, RecordKind.LEARNER, Learner::id));
                        }
                    }
                    case RecordKind.Names.GROUP -> m.putGroup(id, r.deleted() ? null : readChecked(r, RecordKind.GROUP, Group::id));
                    case RecordKind.Names.TUTORIAL -> takeInTutorial(r);
                    case RecordKind.Names.TARGET -> {
                        m.removeTarget(id);
                        if (!r.deleted()) {
                            m.putTarget(readChecked(r, RecordKind.TARGET, Target::id));
                        }
                    }
                    case RecordKind.Names.CONCERN -> {
                        m.removeConcern(id);
                        if (!r.deleted()) {
                            m.putConcern(readChecked(r, RecordKind.CONCERN, Concern::id));
                        }
                    }
                    case RecordKind.Names.SIGNPOSTING -> {
                        if (r.deleted()) {
                            m.signposting.remove(id);
                        } else {
                            m.signposting.put(id, readChecked(r, RecordKind.SIGNPOSTING, SignpostingService::id));
                        }
                    }
                    case RecordKind.Names.CONCERN_RESPONSE -> {
                        m.responses.values().removeIf(x -> x.id().equals(id));
                        if (!r.deleted()) {
                            ConcernResponse answer = readChecked(r, RecordKind.CONCERN_RESPONSE, ConcernResponse::id);
                            m.responses.put(answer.concernId(), answer);
                        }
                    }
                    case RecordKind.Names.TASK_DONE -> {
                        if (r.deleted()) {
                            m.tasksDone.remove(id);
                        } else {
                            m.tasksDone.put(id, readChecked(r, RecordKind.TASK_DONE, TaskDone::id));
                        }
                    }
                    default -> {
                        // another component's record
                    }
                }
            } catch (IOException | RuntimeException e) {
                m.damaged.add(new DamagedRecord(r.kind(), id, "Its content is not a valid " + r.kind() + " record ("
                        + e.getClass().getSimpleName() + ")"));
            }
        }
    }

    /** A sealed tutorial counts by its envelope's plain header; one whose header does not read stays listed as sealed only. */
    private void takeInTutorial(StoredRecord r) throws IOException {
        UUID id = r.id();
        m.removeTutorial(id);
        m.sealedTutorials.remove(id);
        if (r.deleted()) {
            return;
        }
        if (r.sealed()) {
            m.sealedTutorials.add(id);
            try {
                m.putTutorial(TutorialSummaryReader.readSealedHeader(id, r.body()));
            } catch (IOException | RuntimeException e) {
                // listed as sealed; its header could not be read, so it is not counted
            }
        } else {
            TutorialSummary t = TutorialSummaryReader.read(r.body());
            if (!id.equals(t.id())) {
                throw new IOException("content belongs to another record");
            }
            m.putTutorial(t);
        }
    }

    private static <T> T readChecked(StoredRecord r, RecordKind<T> kind, Function<T, UUID> idOf) throws IOException {
        T value = kind.read(r.body());
        if (!r.id().equals(idOf.apply(value))) {
            throw new IOException("content belongs to another record");
        }
        return value;
    }
}
