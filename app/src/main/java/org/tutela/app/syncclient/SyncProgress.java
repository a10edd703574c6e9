package org.tutela.app.syncclient;

/** Where a sync round has got to, for a progress bar. Called on the sync thread. */
@FunctionalInterface
public interface SyncProgress {
    enum Phase { CONNECTING, SENDING, RECEIVING, DONE }

    /**
     * @param done entries sent or records received so far in this phase
     * @param remaining how many are known to be left (-1 if not known)
     */
    void update(Phase phase, int done, int remaining);

    SyncProgress NONE = (phase, done, remaining) -> { };
}
