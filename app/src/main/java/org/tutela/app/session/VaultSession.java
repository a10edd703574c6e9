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
    private final List<Runnable> lockListeners = new CopyOnWriteArrayList<>();
    private volatile Vault vault;

    /**
     * @param kdfForNewVault the Argon2id parameters for a new vault, or null to calibrate them
     *     on this machine (the normal case; tests pass the floor to stay fast)
     */
    public VaultSession(Path vaultFile, Argon2Params kdfForNewVault) {
        this.vaultFile = Objects.requireNonNull(vaultFile);
        this.kdfForNewVault = kdfForNewVault;
    }

    public Path vaultFile() {
        return vaultFile;
    }

    public boolean vaultExists() {
        return Vault.exists(vaultFile);
    }

    public synchronized void create(char[] passphrase) {
        if (vault != null) {
            throw new IllegalStateException("A vault is already open");
        }
        vault = kdfForNewVault == null
                ? Vault.create(vaultFile, passphrase)
                : Vault.create(vaultFile, passphrase, kdfForNewVault);
        LOG.info("Vault created");
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
