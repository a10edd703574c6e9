package org.tutela.sync.protocol.sealed;

/**
 * Argon2id cost parameters for a confidential tutorial's password wrap (or the escrow private-key
 * file). Never below the floor (m=19 MiB, t=2, p=1); never above a ceiling, so that parameters read
 * from a file (one flipped bit) cannot make the derivation run effectively forever.
 */
public record KdfParams(int memoryKiB, int iterations, int parallelism) {
    public static final KdfParams FLOOR = new KdfParams(19 * 1024, 2, 1);
    /** 1 GiB, 20 passes, 8 lanes: far above anything calibrated on a laptop. */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    public static final int MAX_ITERATIONS = 20;
    public static final int MAX_PARALLELISM = 8;

    /** Null if the parameters are acceptable, otherwise why not. */
    public String problem() {
        if (memoryKiB < FLOOR.memoryKiB || iterations < FLOOR.iterations || parallelism < FLOOR.parallelism) {
            return "Argon2id parameters below the floor (m=19 MiB, t=2, p=1)";
        }
        if (memoryKiB > MAX_MEMORY_KIB || iterations > MAX_ITERATIONS || parallelism > MAX_PARALLELISM) {
            return "Argon2id parameters out of range";
        }
        if (memoryKiB < 8 * parallelism) {
            return "Argon2id memory too small for its lanes";
        }
        return null;
    }

    /** @throws EnvelopeDamagedException if {@link #problem()} is not null */
    public KdfParams requireValid() {
        String problem = problem();
        if (problem != null) {
            throw new EnvelopeDamagedException(problem + ": m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism);
        }
        return this;
    }
}
