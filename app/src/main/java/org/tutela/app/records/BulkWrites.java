package org.tutela.app.records;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.WriteOptions;

/**
 * A whole caseload written at once, in one transaction (the demo vault, imports): into a store
 * ({@link #writeAll}), or into a loaded caseload and its memory ({@link #saveAll}, from
 * {@link Caseload#bulkWrites()}). Concerns about safeguarding are written urgent.
 */
public final class BulkWrites {

    private final CaseloadMemory m;

    BulkWrites(CaseloadMemory m) {
        this.m = m;
    }

    /** Writes many records in one transaction and adds them to memory. */
    public void saveAll(Collection<Group> gs, Collection<Learner> ls, Collection<Tutorial> ts,
                        Collection<Target> targetList, Collection<Concern> cs, Collection<SignpostingService> ss) {
        m.awaitRest();
        synchronized (m) {
            writeAll(m.store, gs, ls, ts, targetList, cs, ss, done -> { });
            for (Group g : gs) {
                m.groups.put(g.id(), g);
            }
            for (Learner l : ls) {
                m.learners.put(l.id(), l);
            }
            m.index.putAll(m.learners.values(), m.groups::get);
            for (Tutorial t : ts) {
                m.putTutorial(t.summary());
            }
            for (Target t : targetList) {
                m.putTarget(t);
            }
            for (Concern c : cs) {
                m.putConcern(c);
            }
            for (SignpostingService s : ss) {
                m.signposting.put(s.id(), s);
            }
            m.rows.clear();
        }
    }

    /** One record to write: its kind, id, how to make its JSON, and whether it is urgent. */
    private record Pending(String kind, UUID id, java.util.function.Supplier<byte[]> json, boolean urgent) {
        static <T> Pending of(RecordKind<T> kind, UUID id, T record) {
            return new Pending(kind.name(), id, () -> kind.write(record), kind.urgent(record));
        }
    }

    /**
     * Writes the records into {@code store} in one transaction, telling {@code written} how many
     * are written so far (every few hundred, and at the end). The JSON of every record is made
     * first, on every core, so the one transaction only stores.
     */
    public static void writeAll(RecordStore store, Collection<Group> gs, Collection<Learner> ls, Collection<Tutorial> ts,
                                Collection<Target> targetList, Collection<Concern> cs, Collection<SignpostingService> ss,
                                IntConsumer written) {
        List<Pending> all = new ArrayList<>();
        ss.forEach(s -> all.add(Pending.of(RecordKind.SIGNPOSTING, s.id(), s)));
        gs.forEach(g -> all.add(Pending.of(RecordKind.GROUP, g.id(), g)));
        ls.forEach(l -> all.add(Pending.of(RecordKind.LEARNER, l.id(), l)));
        ts.forEach(t -> all.add(Pending.of(RecordKind.TUTORIAL, t.id(), t)));
        targetList.forEach(t -> all.add(Pending.of(RecordKind.TARGET, t.id(), t)));
        cs.forEach(c -> all.add(Pending.of(RecordKind.CONCERN, c.id(), c)));
        List<byte[]> json = (all.size() > 500 ? all.parallelStream() : all.stream()).map(p -> p.json().get()).toList();
        store.inTransaction(tx -> {
            for (int i = 0; i < all.size(); i++) {
                Pending p = all.get(i);
                tx.save(p.kind(), p.id(), json.get(i), p.urgent() ? WriteOptions.URGENT : WriteOptions.NORMAL);
                if ((i + 1) % 250 == 0) {
                    written.accept(i + 1);
                }
            }
            return null;
        });
        written.accept(all.size());
    }
}
