package org.tutela.app.records;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernResponse;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TaskDone;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.vault.RecordList;
import org.tutela.app.vault.StoredRecord;

/**
 * Reads the caseload from the vault into memory: learners, groups and tutorials (as summaries) at
 * once, enough to show the caseload list (from the snapshot kept at the last lock when the records
 * have not changed since, see {@link CaseloadSnapshot}); then, once the list has been worked out
 * (or something needs them sooner), targets, concerns, the signposting list, head office's answers
 * and the tasks done on the {@code background} executor. Large kinds are read on
 * every core. A record that does not open is listed as damaged and the rest opens.
 */
final class CaseloadLoading {

    private CaseloadLoading() {
    }

    private record Parsed<T>(StoredRecord record, T value, String problem) {
    }

    static void load(CaseloadMemory m, Executor background) {
        synchronized (m) {
            m.fromSnapshot = CaseloadSnapshot.read(m);
            if (!m.fromSnapshot) {
                loadList(m);
            }
        }
        m.restStartsWith(() -> {
            try {
                background.execute(() -> loadRest(m));
            } catch (RuntimeException e) {
                m.rest.completeExceptionally(e); // refused (shut down): the screens that need the rest say so
            }
        });
    }

    /** The caseload list from the records themselves (there was no snapshot of it to read). */
    private static void loadList(CaseloadMemory m) {
        for (Group g : read(m, RecordKind.GROUP, Group::id, m.damaged)) {
            m.groups.put(g.id(), g);
        }
        for (Learner l : read(m, RecordKind.LEARNER, Learner::id, m.damaged)) {
            m.learners.put(l.id(), l);
        }
        m.index.putAll(m.learners.values(), m.groups::get);
        for (TutorialSummary t : readSummaries(m)) {
            m.putTutorial(t);
        }
    }

    /** Never takes the lock (see {@link CaseloadMemory}). */
    private static void loadRest(CaseloadMemory m) {
        try {
            for (Target t : read(m, RecordKind.TARGET, Target::id, m.restDamaged)) {
                m.putTarget(t);
            }
            for (Concern c : read(m, RecordKind.CONCERN, Concern::id, m.restDamaged)) {
                m.putConcern(c);
            }
            for (SignpostingService s : read(m, RecordKind.SIGNPOSTING, SignpostingService::id,
                    m.restDamaged)) {
                m.signposting.put(s.id(), s);
            }
            for (ConcernResponse r : read(m, RecordKind.CONCERN_RESPONSE, ConcernResponse::id,
                    m.restDamaged)) {
                m.responses.put(r.concernId(), r);
            }
            for (TaskDone d : read(m, RecordKind.TASK_DONE, TaskDone::id, m.restDamaged)) {
                m.tasksDone.put(d.id(), d);
            }
            m.rest.complete(null);
        } catch (RuntimeException | Error e) {
            m.rest.completeExceptionally(e);
        }
    }

    private static <T> List<T> read(CaseloadMemory m, RecordKind<T> recordKind, Function<T, UUID> idOf,
                                    List<DamagedRecord> damaged) {
        String kind = recordKind.name();
        List<Parsed<T>> parsed = parse(m, kind, damaged, r -> {
            if (r.sealed()) {
                return new Parsed<T>(r, null, null);
            }
            try {
                T value = recordKind.read(r.body());
                if (!r.id().equals(idOf.apply(value))) {
                    return new Parsed<T>(r, null, "Its content belongs to another record");
                }
                return new Parsed<>(r, value, null);
            } catch (IOException | RuntimeException e) {
                return new Parsed<T>(r, null, "Its content is not a valid " + kind + " record ("
                        + e.getClass().getSimpleName() + ")");
            }
        });
        List<T> out = new ArrayList<>(parsed.size());
        for (Parsed<T> p : parsed) {
            if (p.record.sealed()) {
                damaged.add(new DamagedRecord(kind, p.record.id(), "It is sealed, and only tutorials are sealed"));
            } else if (p.problem != null) {
                damaged.add(new DamagedRecord(kind, p.record.id(), p.problem));
            } else {
                out.add(p.value);
                m.revisions.put(p.record.id(), p.record.revision());
            }
        }
        return out;
    }

    /** Tutorials as summaries; a sealed one by its envelope's plain header, and listed as sealed. */
    private static List<TutorialSummary> readSummaries(CaseloadMemory m) {
        List<Parsed<TutorialSummary>> parsed = parse(m, RecordKind.Names.TUTORIAL, m.damaged, r -> {
            if (r.sealed()) {
                try {
                    return new Parsed<>(r, TutorialSummaryReader.readSealedHeader(r.id(), r.body()), null);
                } catch (IOException | RuntimeException e) {
                    return new Parsed<TutorialSummary>(r, null, null);
                }
            }
            try {
                TutorialSummary t = TutorialSummaryReader.read(r.body());
                return r.id().equals(t.id()) ? new Parsed<>(r, t, null)
                        : new Parsed<TutorialSummary>(r, null, "Its content belongs to another record");
            } catch (IOException | RuntimeException e) {
                return new Parsed<TutorialSummary>(r, null, "Its content is not a valid tutorial record ("
                        + e.getClass().getSimpleName() + ")");
            }
        });
        List<TutorialSummary> out = new ArrayList<>(parsed.size());
        for (Parsed<TutorialSummary> p : parsed) {
            if (p.record.sealed()) {
                m.sealedTutorials.add(p.record.id());
                m.revisions.put(p.record.id(), p.record.revision());
                if (p.value != null) {
                    out.add(p.value);
                }
            } else if (p.problem != null) {
                m.damaged.add(new DamagedRecord(RecordKind.Names.TUTORIAL, p.record.id(), p.problem));
            } else {
                out.add(p.value);
                m.revisions.put(p.record.id(), p.record.revision());
            }
        }
        return out;
    }

    /** Lists a kind (its damaged envelopes go to {@code damaged}) and parses each record, on every core when there are many. */
    private static <T> List<Parsed<T>> parse(CaseloadMemory m, String kind, List<DamagedRecord> damaged,
                                             Function<StoredRecord, Parsed<T>> parse) {
        RecordList list = m.store.list(kind);
        for (UUID id : list.damaged()) {
            damaged.add(new DamagedRecord(kind, id, "Its encrypted envelope is damaged and cannot be opened"));
        }
        List<StoredRecord> records = list.records();
        return (records.size() > 2000 ? records.parallelStream() : records.stream()).map(parse).toList();
    }
}
