package org.tutela.crypto;

/**
 * Argon2id cost: memory in KiB, passes, lanes. The one parameter record for everything Tutela
 * derives from a password: the vault's key-encryption key (stored in the vault header), a
 * confidential tutorial's password wrap and the safeguarding lead's key file (stored in their
 * JSON), and the server's password hashes (stored in the PHC string).
 *
 * <p>One floor and one ceiling for all of them. The floor is OWASP's minimum for Argon2id. The
 * ceiling bounds parameters read from a file before anything is derived: one flipped bit could
 * otherwise ask for a derivation that runs for hours. It is the widest that any earlier Tutela
 * wrote (the sealed envelope and the key file allowed 1 GiB and 20 passes; the vault's own
 * calibration never chose more than 256 MiB and 16 passes), so every file written before still opens.
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    /** m = 19 MiB, t = 2, p = 1. */
    public static final Argon2Params FLOOR = new Argon2Params(19 * 1024, 2, 1);
    /** 1 GiB. */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    public static final int MAX_ITERATIONS = 20;
    public static final int MAX_PARALLELISM = 8;

    /** Null if the parameters may be used; otherwise why not (read from a file: damage or tampering). */
    public String problem() {
        if (memoryKiB < FLOOR.memoryKiB || iterations < FLOOR.iterations || parallelism < FLOOR.parallelism) {
            return "the Argon2id parameters are below the floor (m=19 MiB, t=2, p=1)";
        }
        return aboveCeiling();
    }

    /** Within the floor and the ceiling. */
    public boolean usable() {
        return problem() == null;
    }

    /**
     * @return these parameters
     * @throws Unusable below the floor or above the ceiling
     */
    public Argon2Params requireUsable() {
        String problem = problem();
        if (problem != null) {
            throw new Unusable(problem + ": " + this);
        }
        return this;
    }

    /** The ceiling alone (also applied to the oldest hashes the server still upgrades). */
    String aboveCeiling() {
        if (memoryKiB > MAX_MEMORY_KIB || iterations > MAX_ITERATIONS || parallelism > MAX_PARALLELISM) {
            return "the Argon2id parameters are out of range (above m=1 GiB, t=20, p=8)";
        }
        if (memoryKiB < 8 * parallelism) {
            return "the Argon2id memory is too small for its lanes";
        }
        return null;
    }

    @Override
    public String toString() {
        return "m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism;
    }

    /** Parameters outside the floor and the ceiling. */
    public static final class Unusable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }
}
