package org.tutela.app.confidential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.tutela.app.records.TypedStore;

/**
 * Slows down wrong passwords, per tutorial: after n wrong tries in a row the next try waits
 * 1, 2, 4, 8, … seconds (capped at {@link #CAP}). The count is kept in the vault's encrypted local
 * values, so restarting the app does not reset it; a right password resets it.
 *
 * <p>A tutorial sealed here gets its count (zero) as it is sealed. A missing count counts as the
 * maximum delay: deleting the row from the file (which the vault cannot detect) does not reset
 * the count, it costs the full delay. A tutorial sealed on another laptop has no count here yet,
 * so its first try here waits the full delay too, once; a right password then writes zero.
 */
final class PasswordThrottle {
    static final Duration CAP = Duration.ofSeconds(30);
    /** The fewest wrong tries whose delay is the cap: what a missing count stands for. */
    static final int AT_CAP = 6;
    private static final String PREFIX = "confidential.failures.";

    private final TypedStore store;
    private final Clock clock;

    PasswordThrottle(TypedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The delay owed after {@code failures} wrong tries in a row: 0, 1, 2, 4, 8 … s, capped. */
    static Duration delayAfter(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long seconds = failures > 6 ? CAP.toSeconds() : 1L << (failures - 1);
        return Duration.ofSeconds(Math.min(seconds, CAP.toSeconds()));
    }

    int failures(UUID id) {
        return read(id).failures;
    }

    /** False when this laptop holds no count for the tutorial (never counted here, or the row was deleted). */
    boolean counted(UUID id) {
        return store.localText(PREFIX + id).isPresent();
    }

    /** How long until the next try may run (zero if it may run now). */
    Duration remaining(UUID id) {
        State s = read(id);
        Duration owed = s.delay();
        if (owed.isZero()) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), s.lastFailure.plus(owed));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Records a wrong try; returns the number of wrong tries in a row. */
    int failed(UUID id) {
        State s = read(id);
        int failures = s.failures + 1;
        // a count that started missing keeps the maximum until a right password
        store.putLocalText(PREFIX + id, failures + "," + clock.instant().toEpochMilli() + "," + s.floor);
        return failures;
    }

    /** The delay a wrong try just recorded is followed by. */
    Duration delayAfterFailure(UUID id) {
        return read(id).delay();
    }

    /** The count of a tutorial just sealed here: no wrong tries. */
    void start(UUID id) {
        store.putLocalText(PREFIX + id, "0,0");
    }

    void succeeded(UUID id) {
        State s = read(id);
        if (s.failures != 0 || s.floor != 0 || !counted(id)) {
            store.putLocalText(PREFIX + id, "0,0");
        }
    }

    /** Stored as "failures,lastFailureMillis[,floor]": the floor is a count the delay never goes below. */
    private State read(UUID id) {
        java.util.Optional<String> stored = store.localText(PREFIX + id);
        if (stored.isEmpty()) {
            // never counted here, or the row was deleted: the maximum delay, owed from now
            return new State(0, clock.instant(), AT_CAP);
        }
        try {
            String[] parts = stored.get().split(",", 3);
            int floor = parts.length > 2 ? Math.max(0, Integer.parseInt(parts[2])) : 0;
            return new State(Math.max(0, Integer.parseInt(parts[0])), Instant.ofEpochMilli(Long.parseLong(parts[1])), floor);
        } catch (RuntimeException e) {
            // unreadable: treat as the maximum, never as none
            return new State(0, clock.instant(), AT_CAP);
        }
    }

    private record State(int failures, Instant lastFailure, int floor) {
        Duration delay() {
            return delayAfter(Math.max(failures, floor));
        }
    }
}
