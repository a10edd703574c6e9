package org.tutela.app.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Looks at a file's first bytes before SQLite ever touches it, so that a file that is not a
 * Tutela vault is refused without being modified (SQLite would happily turn an empty file into a
 * new database). Checks: the SQLite magic, Tutela's application id, a sane page size, and — when
 * no write-ahead log is pending — that the file is as long as its header says (truncation).
 */
final class VaultFile {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private VaultFile() {
    }

    static Path wal(Path file) {
        return file.resolveSibling(file.getFileName() + "-wal");
    }

    static Path shm(Path file) {
        return file.resolveSibling(file.getFileName() + "-shm");
    }

    static void check(Path file) {
        long length;
        ByteBuffer header = ByteBuffer.allocate(100);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            length = channel.size();
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // read the 100-byte database header
            }
        } catch (IOException e) {
            throw new VaultException("The vault file " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        if (length == 0) {
            throw new VaultDamagedException(file, "the file is empty", null);
        }
        if (length < 100 || !Arrays.equals(Arrays.copyOf(header.array(), MAGIC.length), MAGIC)) {
            throw new VaultDamagedException(file, "it is not a Tutela vault (not an SQLite database)", null);
        }
        header.flip();
        int pageSize = header.getShort(16) & 0xffff;
        if (pageSize == 1) {
            pageSize = 65536;
        }
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw new VaultDamagedException(file, "its database header is corrupt", null);
        }
        if (header.getInt(68) != Schema.APPLICATION_ID) {
            throw new VaultDamagedException(file, "it is an SQLite database, but not a Tutela vault", null);
        }
        long walLength = 0;
        try {
            walLength = Files.exists(wal(file)) ? Files.size(wal(file)) : 0;
        } catch (IOException ignored) {
            walLength = 1;
        }
        if (walLength == 0) {
            long changeCounter = header.getInt(24) & 0xffffffffL;
            long pages = header.getInt(28) & 0xffffffffL;
            long validFor = header.getInt(92) & 0xffffffffL;
            if (length % pageSize != 0 || length < pageSize
                    || (pages > 0 && changeCounter == validFor && length < pages * pageSize)) {
                throw new VaultDamagedException(file, "it is truncated (" + length + " bytes)", null);
            }
        }
    }
}
