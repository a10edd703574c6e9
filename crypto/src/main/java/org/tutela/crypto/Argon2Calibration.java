package org.tutela.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/** Argon2id parameters that take about a given time on this machine (the vault's, at creation). */
public final class Argon2Calibration {
    private Argon2Calibration() {
    }

    /**
     * The time one derivation takes, in milliseconds: this thread's CPU time where the JVM can
     * measure it, wall-clock time otherwise. CPU time leaves out other programs busy on the
     * machine (which must not talk the calibration into weaker parameters) and the JIT compiler's
     * threads in a young JVM; on an idle machine it is close to the wall-clock unlock time.
     */
    public static long timeMillis(Argon2Params p) {
        byte[] salt = new byte[Argon2id.SALT_BYTES];
        char[] pass = "calibration".toCharArray();
        long start = cpuOrWallNanos();
        byte[] key = Argon2id.deriveKey(pass, Argon2id.PasswordEncoding.STRICT_UTF8, salt, p);
        long elapsed = (cpuOrWallNanos() - start) / 1_000_000;
        Arrays.fill(key, (byte) 0);
        return elapsed;
    }

    private static long cpuOrWallNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported()) {
            long cpu = threads.getCurrentThreadCpuTime();
            if (cpu >= 0) {
                return cpu;
            }
        }
        return System.nanoTime();
    }

    /** The best of two runs: a busy machine should not talk the calibration into weaker parameters. */
    static long bestOfTwo(Argon2Params p) {
        return Math.max(1, Math.min(timeMillis(p), timeMillis(p)));
    }

    /**
     * Finds parameters whose derivation takes about {@code targetMillis} here: one lane, 64 MiB
     * (more, up to 256 MiB and a quarter of the heap, while two passes stay within half the target;
     * less only on a machine where two passes over 64 MiB take more than twice the target), then as
     * many passes as fit, at most 16. Never below {@link Argon2Params#FLOOR}.
     */
    public static Argon2Params calibrate(long targetMillis) {
        Argon2Params floor = Argon2Params.FLOOR;
        timeMillis(floor); // warm up the JIT so the measurements below are not dominated by it
        timeMillis(floor);
        long heapKiB = Runtime.getRuntime().maxMemory() / 1024;
        int memoryCap = (int) Math.max(floor.memoryKiB(), Math.min(256L * 1024, heapKiB / 4));
        int memory = Math.min(64 * 1024, memoryCap);
        long twoPasses = bestOfTwo(new Argon2Params(memory, 2, 1));
        // a very slow machine: fall back towards the floor's memory, never below it
        while (twoPasses > 2 * targetMillis && memory > floor.memoryKiB()) {
            memory = Math.max(floor.memoryKiB(), memory / 2);
            twoPasses = bestOfTwo(new Argon2Params(memory, 2, 1));
        }
        // a fast machine: more memory first (memory hardness), while two passes stay within half the target
        while (memory * 2L <= memoryCap && twoPasses * 2 <= targetMillis / 2) {
            memory *= 2;
            twoPasses *= 2;
        }
        double perPass = twoPasses / 2.0;
        int iterations = (int) Math.round(targetMillis / perPass);
        iterations = Math.max(floor.iterations(), Math.min(iterations, 16));
        return new Argon2Params(memory, iterations, 1).requireUsable();
    }
}
