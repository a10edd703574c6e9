package org.tutela.app.records.demo;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.LearnerIndex;
import org.tutela.app.records.RecordJson;
import org.tutela.app.records.TutorialSummaryReader;
import org.tutela.app.vault.VaultWarmUp;

/**
 * Gets the JVM ready to load a caseload quickly (class loading, AES-GCM, the JSON readers, the
 * search index, the JIT) by reading a small invented caseload in memory, over and over: started when the
 * lock screen shows, so the work is done while the tutor types the passphrase, and the first
 * unlock is several times faster after it. It lives beside the demo generator because it reads
 * one of its caseloads.
 */
public final class CaseloadWarmUp {

    /** Once per JVM: what it warms (classes, the JIT) is the JVM's. */
    private static volatile CompletableFuture<Void> started;

    private CaseloadWarmUp() {
    }

    /**
     * Starts the warm-up on {@code executor} (the app gives a low-priority background thread); safe
     * to call more than once: later calls return the first one's future.
     */
    public static CompletableFuture<Void> start(Executor executor) {
        CompletableFuture<Void> w = started;
        if (w == null) {
            synchronized (CaseloadWarmUp.class) {
                w = started;
                if (w == null) {
                    started = w = CompletableFuture.runAsync(CaseloadWarmUp::exercise, executor);
                }
            }
        }
        return w;
    }

    private static void exercise() {
        VaultWarmUp.exercise(); // the records and the caseload's snapshot are AES-GCM envelopes
        DemoCaseload.Data d = DemoCaseload.generate(1L, new DemoCaseload.Scale(2, 10, 2, 0, 0), LocalDate.of(2025, 11, 20));
        List<byte[]> learnerJson = d.learners().stream().map(RecordJson::write).toList();
        List<byte[]> tutorialJson = d.tutorials().stream().map(RecordJson::write).toList();
        List<byte[]> targetJson = d.targets().stream().map(RecordJson::write).toList();
        List<byte[]> groupJson = d.groups().stream().map(RecordJson::write).toList();
        List<byte[]> concernJson = d.concerns().stream().map(RecordJson::write).toList();
        // a few hundred learners through the snapshot's reader to their caseload list, as an unlock reads them
        DemoCaseload.Data larger = DemoCaseload.generate(2L, new DemoCaseload.Scale(10, 25, 2, 0, 0), LocalDate.of(2025, 11, 20));
        for (int round = 0; round < 16; round++) {
            Caseload.warmUp(larger.groups(), larger.learners(), larger.tutorials(), LocalDate.of(2025, 11, 20));
        }
        larger = null;
        try {
            for (int round = 0; round < 40; round++) {
                for (byte[] b : learnerJson) {
                    RecordJson.read(b, Learner.class);
                }
                for (byte[] b : tutorialJson) {
                    TutorialSummaryReader.read(b);
                }
                for (byte[] b : targetJson) {
                    RecordJson.read(b, Target.class);
                }
                if (round % 8 == 0) {
                    for (byte[] b : tutorialJson) {
                        RecordJson.read(b, Tutorial.class);
                    }
                    for (byte[] b : groupJson) {
                        RecordJson.read(b, Group.class);
                    }
                    for (byte[] b : concernJson) {
                        RecordJson.read(b, Concern.class);
                    }
                }
                LearnerIndex.of(d.learners(), id -> null).search("ab", l -> true);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // What the warm-up made is garbage now: one collection while the lock screen is idle gives
        // its memory back (the packaged collector shrinks the heap to what is live), rather than
        // leaving the heap at its size until the unlock's first collection.
        System.gc();
    }
}
