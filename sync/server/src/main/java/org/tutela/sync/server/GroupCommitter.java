package org.tutela.sync.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.protocol.PushRequest;

/**
 * Group commit for pushes. Server sequences are taken under one lock held to commit (see
 * {@link Database}), so commits are serialised and each one waits for the disk. One writer
 * thread therefore applies the batches waiting at that moment in one transaction (see
 * {@link SyncService#pushGroup}), commits once, then answers them all. An answer is sent only
 * after its commit. A group holds one batch per device: a device's next batch waits for the
 * next group, so it sees the first one's answers as stored.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    static final int MAX_GROUP_ENTRIES = 5_000;
    static final int MAX_GROUP_BATCHES = 100;

    private record Job(SyncService.Batch batch, CompletableFuture<SyncService.PushOutcome> answer) {
        String deviceId() {
            return batch.caller().deviceId();
        }

        int entries() {
            return batch.request().entries().size();
        }
    }

    private final Database db;
    private final SyncService sync;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    /** Jobs taken from the queue whose device already had a batch in the group being formed; first in line next time. */
    private final java.util.Deque<Job> heldOver = new java.util.ArrayDeque<>();
    private final Thread writer;
    private volatile boolean running = true;

    GroupCommitter(Database db, SyncService sync) {
        this.db = db;
        this.sync = sync;
        this.writer = new Thread(this::loop, "tutela-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    SyncService.PushOutcome push(Accounts.Caller caller, PushRequest request) throws Exception {
        return push(caller, request, null);
    }

    /** A push; {@code after}, when not null, is the device's pull cursor (see {@link SyncService#pushGroup}). */
    SyncService.PushOutcome push(Accounts.Caller caller, PushRequest request, Long after) throws Exception {
        if (!running) {
            throw ApiException.of(503, org.tutela.sync.protocol.ErrorCodes.BUSY, "The server is stopping; try again shortly");
        }
        Job job = new Job(new SyncService.Batch(caller, request, after), new CompletableFuture<>());
        queue.put(job);
        try {
            return job.answer().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    private void loop() {
        while (running || !queue.isEmpty() || !heldOver.isEmpty()) {
            List<Job> group;
            try {
                group = nextGroup();
            } catch (InterruptedException e) {
                continue;
            }
            if (group.isEmpty()) {
                continue;
            }
            try {
                applyGroup(group);
            } catch (Exception groupFailed) {
                if (group.size() == 1) {
                    group.get(0).answer().completeExceptionally(groupFailed);
                } else {
                    // isolate the failure: each batch again in its own transaction
                    LOG.warn("Group of {} batches failed ({}); retrying them one by one", group.size(), groupFailed.getClass().getSimpleName());
                    for (Job j : group) {
                        try {
                            applyGroup(List.of(j));
                        } catch (Throwable e) {
                            j.answer().completeExceptionally(e);
                        }
                    }
                }
            } catch (Throwable fatal) {
                // Answer everyone, whatever happened: a push must never wait forever for this thread.
                group.forEach(j -> j.answer().completeExceptionally(fatal));
            }
        }
    }

    /** The batches waiting now, in arrival order, at most one per device; waits a while for the first. */
    private List<Job> nextGroup() throws InterruptedException {
        List<Job> group = new ArrayList<>();
        java.util.Set<String> devices = new java.util.HashSet<>();
        int entries = 0;
        java.util.Deque<Job> stillHeld = new java.util.ArrayDeque<>();
        while (!heldOver.isEmpty()) {
            Job j = heldOver.poll();
            if (group.size() < MAX_GROUP_BATCHES && entries < MAX_GROUP_ENTRIES && devices.add(j.deviceId())) {
                group.add(j);
                entries += j.entries();
            } else {
                stillHeld.add(j);
            }
        }
        heldOver.addAll(stillHeld);
        if (group.isEmpty()) {
            Job first = queue.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                return group;
            }
            group.add(first);
            devices.add(first.deviceId());
            entries += first.entries();
        }
        Job next;
        while (group.size() < MAX_GROUP_BATCHES && entries < MAX_GROUP_ENTRIES && (next = queue.poll()) != null) {
            if (devices.add(next.deviceId())) {
                group.add(next);
                entries += next.entries();
            } else {
                heldOver.add(next);
            }
        }
        return group;
    }

    private void applyGroup(List<Job> group) throws Exception {
        List<SyncService.Batch> batches = group.stream().map(Job::batch).toList();
        List<Object> results;
        try {
            results = commit(batches, false);
        } catch (SyncService.CreationAlreadyStored e) {
            results = commit(batches, true);
        }
        if (sync.takeReplacedOpenContent()) {
            db.eraseReplacedContent(); // the open payload a sealing or deletion replaced leaves the disk before the answer
        }
        // committed: now answer
        for (int i = 0; i < group.size(); i++) {
            Object r = results.get(i);
            if (r instanceof ApiException e) {
                group.get(i).answer().completeExceptionally(e);
            } else {
                group.get(i).answer().complete((SyncService.PushOutcome) r);
            }
        }
    }

    private List<Object> commit(List<SyncService.Batch> batches, boolean lookUpCreations) throws Exception {
        return db.inTransaction(c -> {
            List<Object> out = sync.pushGroup(c, batches, lookUpCreations);
            sync.beforeCommit.run();
            return out;
        });
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
