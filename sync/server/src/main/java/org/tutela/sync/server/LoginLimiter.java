package org.tutela.sync.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed-login throttle, per username and per client address: after {@code maxFailures} failures
 * the key is locked for {@code lockoutMillis}. In memory, per server instance.
 */
public final class LoginLimiter {
    private final int maxFailures;
    private final long lockoutMillis;
    private final Map<String, long[]> state = new ConcurrentHashMap<>(); // [failures, lockedUntil]

    public LoginLimiter(int maxFailures, long lockoutMillis) {
        this.maxFailures = Math.max(1, maxFailures);
        this.lockoutMillis = lockoutMillis;
    }

    /** Seconds until the key may try again, or 0. */
    public long retryAfterSeconds(String key) {
        long[] s = state.get(key);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            long left = s[1] - System.currentTimeMillis();
            return left > 0 ? (left + 999) / 1000 : 0;
        }
    }

    public void failure(String key) {
        if (state.size() > 100_000) {
            long now = System.currentTimeMillis();
            state.values().removeIf(s -> s[1] != 0 && s[1] < now);
        }
        long[] s = state.computeIfAbsent(key, k -> new long[2]);
        synchronized (s) {
            long now = System.currentTimeMillis();
            if (s[1] != 0 && s[1] <= now) {
                s[0] = 0;
                s[1] = 0;
            }
            s[0]++;
            if (s[0] >= maxFailures) {
                s[1] = now + lockoutMillis;
            }
        }
    }

    public void success(String key) {
        state.remove(key);
    }
}
