package org.tutela.app.vault;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Passphrase to key-encryption key: Argon2id (Bouncy Castle), version 0x13, 32-byte output.
 * The type, version and every cost parameter are always named; parameters read from a file are
 * range-checked before any derivation (a flipped bit could otherwise make it run for hours).
 */
final class Argon2Kdf {

    static final String TYPE_NAME = "argon2id";
    static final int VERSION = Argon2Parameters.ARGON2_VERSION_13;
    static final int SALT_BYTES = 16;
    static final int KEY_BYTES = 32;

    /** Upper bounds of a sane header: 1 GiB of memory, 64 passes, 8 lanes, and at most 16 GiB·passes in all. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 8;
    static final long MAX_WORK_KIB_PASSES = 16L * 1024 * 1024;

    private Argon2Kdf() {
    }

    /** Null if the parameters may be used; otherwise why not (a header with them is tampered or corrupt). */
    static String problemWith(KdfParameters p) {
        if (p == null) {
            return "no key-derivation parameters";
        }
        KdfParameters floor = KdfParameters.FLOOR;
        if (p.memoryKiB() < floor.memoryKiB() || p.iterations() < floor.iterations() || p.parallelism() < floor.parallelism()) {
            return "the Argon2id parameters are below the minimum (possible tampering)";
        }
        if (p.memoryKiB() > MAX_MEMORY_KIB || p.iterations() > MAX_ITERATIONS || p.parallelism() > MAX_PARALLELISM
                || (long) p.memoryKiB() * p.iterations() > MAX_WORK_KIB_PASSES
                || p.memoryKiB() < 8 * p.parallelism()) {
            return "the Argon2id parameters are out of range (possible tampering)";
        }
        return null;
    }

    static void requireUsable(KdfParameters p) {
        String problem = problemWith(p);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": " + p);
        }
    }

    /** Derives the 32-byte key-encryption key. The caller wipes the result. */
    static byte[] derive(char[] passphrase, byte[] salt, KdfParameters p) {
        requireUsable(p);
        if (salt == null || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("salt must be " + SALT_BYTES + " bytes");
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(VERSION)
                .withSalt(salt)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] password = utf8(passphrase);
        byte[] out = new byte[KEY_BYTES];
        try {
            generator.generateBytes(password, out);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        return out;
    }

    /** UTF-8 bytes of the passphrase without going through an immutable String. */
    static byte[] utf8(char[] passphrase) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = null;
        try {
            buffer = encoder.encode(CharBuffer.wrap(passphrase));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The passphrase contains characters that cannot be encoded", e);
        } finally {
            if (buffer != null && buffer.hasArray()) {
                Arrays.fill(buffer.array(), (byte) 0);
            }
        }
    }

    /**
     * The time one derivation takes, in milliseconds: this thread's CPU time where the JVM can
     * measure it, wall-clock time otherwise. CPU time leaves out other programs busy on the
     * machine (which must not talk the calibration into weaker parameters) and the JIT compiler's
     * threads in a young JVM; on an idle machine it is close to the wall-clock unlock time.
     */
    static long timeMillis(KdfParameters p) {
        byte[] salt = new byte[SALT_BYTES];
        char[] pass = "calibration".toCharArray();
        long start = cpuOrWallNanos();
        byte[] key = derive(pass, salt, p);
        long elapsed = (cpuOrWallNanos() - start) / 1_000_000;
        Arrays.fill(key, (byte) 0);
        return elapsed;
    }

    private static long cpuOrWallNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported()) {
            long cpu = threads.getCurrentThreadCpuTime();
            if (cpu >= 0) {
                return cpu;
            }
        }
        return System.nanoTime();
    }

    /** The best of two runs: a busy machine should not talk the calibration into weaker parameters. */
    static long bestOfTwo(KdfParameters p) {
        return Math.max(1, Math.min(timeMillis(p), timeMillis(p)));
    }

    /**
     * Finds parameters whose derivation takes about {@code targetMillis} here: one lane, 64 MiB
     * (more, up to 256 MiB and a quarter of the heap, while two passes stay within half the target;
     * less only on a machine where two passes over 64 MiB take more than twice the target), then as
     * many passes as fit. Never below {@link KdfParameters#FLOOR}.
     */
    static KdfParameters calibrate(long targetMillis) {
        KdfParameters floor = KdfParameters.FLOOR;
        timeMillis(floor); // warm up the JIT so the measurements below are not dominated by it
        timeMillis(floor);
        long heapKiB = Runtime.getRuntime().maxMemory() / 1024;
        int memoryCap = (int) Math.max(floor.memoryKiB(), Math.min(256L * 1024, heapKiB / 4));
        int memory = Math.min(64 * 1024, memoryCap);
        long twoPasses = bestOfTwo(new KdfParameters(memory, 2, 1));
        // a very slow machine: fall back towards the floor's memory, never below it
        while (twoPasses > 2 * targetMillis && memory > floor.memoryKiB()) {
            memory = Math.max(floor.memoryKiB(), memory / 2);
            twoPasses = bestOfTwo(new KdfParameters(memory, 2, 1));
        }
        // a fast machine: more memory first (memory hardness), while two passes stay within half the target
        while (memory * 2L <= memoryCap && twoPasses * 2 <= targetMillis / 2) {
            memory *= 2;
            twoPasses *= 2;
        }
        double perPass = twoPasses / 2.0;
        int iterations = (int) Math.round(targetMillis / perPass);
        iterations = Math.max(floor.iterations(), Math.min(iterations, 16));
        KdfParameters chosen = new KdfParameters(memory, iterations, 1);
        requireUsable(chosen);
        return chosen;
    }
}
