package org.tutela.sync.server;

import java.sql.Connection;
import java.sql.Savepoint;
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
 * thread therefore applies the batches waiting at that moment in one transaction, each under
 * its own savepoint (a batch refused as a whole rolls back alone), commits once, then answers
 * them all. An answer is sent only after its commit.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    static final int MAX_GROUP_ENTRIES = 5_000;
    static final int MAX_GROUP_BATCHES = 100;

    private record Job(Accounts.Caller caller, PushRequest request, CompletableFuture<SyncService.PushOutcome> answer) {
    }

    private final Database db;
    private final SyncService sync;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
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
        if (!running) {
            throw ApiException.of(503, org.tutela.sync.protocol.ErrorCodes.BUSY, "The server is stopping; try again shortly");
        }
        Job job = new Job(caller, request, new CompletableFuture<>());
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
        while (running || !queue.isEmpty()) {
            Job first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            List<Job> group = new ArrayList<>();
            group.add(first);
            int entries = first.request().entries().size();
            Job next;
            while (group.size() < MAX_GROUP_BATCHES && entries < MAX_GROUP_ENTRIES && (next = queue.poll()) != null) {
                group.add(next);
                entries += next.request().entries().size();
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

    private void applyGroup(List<Job> group) throws Exception {
        List<Object> results = db.inTransaction(c -> {
            List<Object> out = new ArrayList<>(group.size());
            SyncService.Group shared = sync.openGroup(c);
            for (Job j : group) {
                out.add(applyOne(c, shared, j, group.size() > 1));
            }
            sync.closeGroup(c, shared);
            sync.beforeCommit.run();
            return out;
        });
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

    private Object applyOne(Connection c, SyncService.Group shared, Job j, boolean savepoint) throws Exception {
        Savepoint sp = savepoint ? c.setSavepoint() : null;
        long mark = shared.mark();
        try {
            SyncService.PushOutcome out = sync.pushIn(c, shared, j.caller(), j.request());
            if (sp != null) {
                c.releaseSavepoint(sp);
            }
            return out;
        } catch (ApiException refused) {
            if (sp != null) {
                c.rollback(sp);
                shared.rollBackTo(mark);
            } else {
                throw refused;
            }
            return refused;
        }
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
