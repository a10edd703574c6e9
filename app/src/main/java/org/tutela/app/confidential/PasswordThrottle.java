package org.tutela.app.confidential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.tutela.app.vault.RecordStore;

/**
 * Slows down wrong passwords, per tutorial: after n wrong tries in a row the next try waits
 * 1, 2, 4, 8, … seconds (capped at {@link #CAP}). The count is kept in the vault's encrypted local
 * values, so restarting the app does not reset it; a right password resets it.
 */
final class PasswordThrottle {
    static final Duration CAP = Duration.ofSeconds(30);
    private static final String PREFIX = "confidential.failures.";

    private final Supplier<RecordStore> store;
    private final Clock clock;

    PasswordThrottle(Supplier<RecordStore> store, Clock clock) {
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

    /** How long until the next try may run (zero if it may run now). */
    Duration remaining(UUID id) {
        State s = read(id);
        if (s.failures == 0) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), s.lastFailure.plus(delayAfter(s.failures)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Records a wrong try; returns the number of wrong tries in a row. */
    int failed(UUID id) {
        int failures = read(id).failures + 1;
        store.get().putLocalValue(PREFIX + id, failures + "," + clock.instant().toEpochMilli());
        return failures;
    }

    void succeeded(UUID id) {
        if (read(id).failures != 0) {
            store.get().putLocalValue(PREFIX + id, "0,0");
        }
    }

    private State read(UUID id) {
        String value = store.get().localValue(PREFIX + id).orElse("0,0");
        try {
            String[] parts = value.split(",", 2);
            return new State(Math.max(0, Integer.parseInt(parts[0])), Instant.ofEpochMilli(Long.parseLong(parts[1])));
        } catch (RuntimeException e) {
            // unreadable: treat as the maximum, never as none
            return new State(Integer.MAX_VALUE / 2, clock.instant());
        }
    }

    private record State(int failures, Instant lastFailure) {
    }
}
