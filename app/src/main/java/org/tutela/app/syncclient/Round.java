package org.tutela.app.syncclient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a round has done so far. A class of its own because the round ({@link SyncClient}), its
 * push ({@link Push}) and its pull ({@link Pull}) all add to it; it also lends the push the arrays
 * its requests are written into.
 */
final class Round {
    int sent;
    int received;
    final List<UUID> conflicts = new ArrayList<>();
    final List<UUID> refused = new ArrayList<>();
    /** Refused in this round: offered again at the next round, not over and over in this one. */
    final Set<UUID> refusedNow = new HashSet<>();
    /**
     * The pull cursor as head office's push answers have moved it past this laptop's own changes
     * (sent with each push as {@code after}); null when not followed (after a restore, or numbered anew).
     */
    Long cursor;
    /** Push requests answered in this round, and whether the last answer left something to pull. */
    int pushesAnswered;
    boolean pullNeeded = true;
    /**
     * The arrays push requests are written into, taken in turn: a batch is made ready while the
     * one before it is on its way, and only after head office answered the one before that.
     */
    private final RoundBuffer[] buffers = {new RoundBuffer(), new RoundBuffer()};
    private int batchesMade;
    /**
     * The array head office's answers are read into, one after another: each is read (parsed) before
     * the next request goes, so one array serves the round.
     */
    final RoundBuffer answers = new RoundBuffer();

    RoundBuffer nextBuffer() {
        return buffers[batchesMade++ % 2];
    }

    SyncReport report(boolean complete) {
        return new SyncReport(sent, List.copyOf(conflicts), List.copyOf(refused), received, complete);
    }
}
