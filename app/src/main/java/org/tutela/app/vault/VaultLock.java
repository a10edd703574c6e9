package org.tutela.app.vault;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One program at a time per vault: an operating-system lock on a file beside it ({@code NAME.lock},
 * empty), held while the vault is open. The system releases it when the program ends, however it
 * ends, so a crash never leaves a vault locked out.
 */
final class VaultLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private VaultLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path fileFor(Path vault) {
        return vault.resolveSibling(vault.getFileName() + ".lock");
    }

    /** @throws VaultInUseException another program (or another open of it in this one) holds it */
    static VaultLock acquire(Path vault) {
        Path file = fileFor(vault);
        FileChannel channel = null;
        try {
            try {
                org.tutela.app.settings.OwnerOnly.createFile(file); // owner-only, like the vault
            } catch (java.nio.file.FileAlreadyExistsException kept) {
                org.tutela.app.settings.OwnerOnly.file(file);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new VaultInUseException(vault);
            }
            return new VaultLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new VaultInUseException(vault);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new VaultException("The vault's lock file could not be opened beside " + vault.getFileName()
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
