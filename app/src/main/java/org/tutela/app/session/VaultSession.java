package org.tutela.app.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.VaultException;
import org.tutela.crypto.Argon2Params;

/**
 * The tutor's open vault, if any. Locking closes the vault (wiping its data key) and tells every
 * listener to drop the decrypted records it holds.
 */
public final class VaultSession {
    private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);

    private final Path vaultFile;
    private final Argon2Params kdfForNewVault;
    private final java.util.function.Supplier<Argon2Params> tuning;
    private final List<Runnable> lockListeners = new CopyOnWriteArrayList<>();
    private volatile Vault vault;
    /** The lock tuned ahead for a new vault ({@link #tuneLockAhead}), or null. */
    private java.util.concurrent.CompletableFuture<Argon2Params> tunedAhead;

    /**
     * @param kdfForNewVault the Argon2id parameters for a new vault, or null to calibrate them
     *     on this machine (the normal case; tests pass the floor to stay fast)
     */
    public VaultSession(Path vaultFile, Argon2Params kdfForNewVault) {
        this(vaultFile, kdfForNewVault, Vault::calibrate);
    }

    /** With the tuning given (tests count how often the lock is tuned). */
    VaultSession(Path vaultFile, Argon2Params kdfForNewVault, java.util.function.Supplier<Argon2Params> tuning) {
        this.vaultFile = Objects.requireNonNull(vaultFile);
        this.kdfForNewVault = kdfForNewVault;
        this.tuning = Objects.requireNonNull(tuning);
    }

    public Path vaultFile() {
        return vaultFile;
    }

    public boolean vaultExists() {
        return Vault.exists(vaultFile);
    }

    /**
     * Starts tuning the lock of a new vault to this machine on a background thread, so that it is
     * done while the tutor fills in the create screen (when the laptop has little else to do, as the
     * tuning needs: busy cores would make it choose a weaker lock) rather than after Create is
     * pressed. Does nothing when the parameters are given, or when it has started already.
     */
    public synchronized void tuneLockAhead() {
        if (kdfForNewVault != null || tunedAhead != null) {
            return;
        }
        java.util.concurrent.CompletableFuture<Argon2Params> tuned = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                tuned.complete(tuning.get());
            } catch (RuntimeException | Error e) {
                tuned.completeExceptionally(e);
            }
        }, "lock-tuning");
        t.setDaemon(true);
        t.start();
        tunedAhead = tuned;
    }

    /** The lock tuned ahead, once it is ready; empty while it is being tuned, or if it was not asked for. */
    public synchronized java.util.Optional<Argon2Params> lockTunedAhead() {
        return tunedAhead != null && tunedAhead.isDone() && !tunedAhead.isCompletedExceptionally()
                ? java.util.Optional.of(tunedAhead.join()) : java.util.Optional.empty();
    }

    public synchronized void create(char[] passphrase) {
        if (vault != null) {
            throw new IllegalStateException("A vault is already open");
        }
        vault = Vault.create(vaultFile, passphrase, kdfForNewVault != null ? kdfForNewVault : lockForNewVault());
        LOG.info("Vault created");
    }

    /** The lock tuned ahead (waiting for it if it is still being tuned), or tuned now. */
    private Argon2Params lockForNewVault() {
        Argon2Params p = null;
        if (tunedAhead != null) {
            try {
                p = tunedAhead.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                LOG.warn("Tuning the lock ahead failed ({}); tuning it now", (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName());
            }
        }
        if (p == null) {
            p = tuning.get();
        }
        LOG.info("Argon2id calibrated to m={} KiB, t={}, p={}", p.memoryKiB(), p.iterations(), p.parallelism());
        return p;
    }

    public synchronized void unlock(char[] passphrase) {
        if (vault != null) {
            return;
        }
        vault = Vault.open(vaultFile, passphrase);
        LOG.info("Vault unlocked");
    }

    /** Locks the vault; safe to call when already locked. */
    public void lock() {
        Vault closing;
        synchronized (this) {
            closing = vault;
            vault = null;
        }
        if (closing == null) {
            return;
        }
        try {
            closing.close();
        } catch (VaultException e) {
            LOG.warn("Closing the vault reported a problem: {}", e.getClass().getSimpleName());
        }
        LOG.info("Vault locked");
        for (Runnable listener : lockListeners) {
            listener.run();
        }
    }

    public boolean isUnlocked() {
        return vault != null;
    }

    public RecordStore records() {
        Vault current = vault;
        if (current == null) {
            throw new VaultException("The vault is locked");
        }
        return current.records();
    }

    public void changePassphrase(char[] current, char[] replacement) {
        Vault open = vault;
        if (open == null) {
            throw new VaultException("The vault is locked");
        }
        open.changePassphrase(current, replacement);
        LOG.info("Vault passphrase changed");
    }

    /**
     * Called after every lock (manual or idle), on the thread that locked.
     *
     * @return what stops the listener being called (an unlocked session's services, once they are closed)
     */
    public Runnable onLock(Runnable listener) {
        lockListeners.add(listener);
        return () -> lockListeners.remove(listener);
    }
}
