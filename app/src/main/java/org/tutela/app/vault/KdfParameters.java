package org.tutela.app.vault;

/**
 * Argon2id cost parameters, stored in the vault header. Never below the floor
 * (m=19 MiB, t=2, p=1); a header below it is refused as tampering.
 */
public record KdfParameters(int memoryKiB, int iterations, int parallelism) {
    public static final KdfParameters FLOOR = new KdfParameters(19 * 1024, 2, 1);
}
