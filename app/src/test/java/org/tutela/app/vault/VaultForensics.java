package org.tutela.app.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What someone holding a vault file (and its write-ahead log) could dig out of it: a record's
 * stored envelope as it is now, and whether the bytes of an earlier envelope are still anywhere
 * in the files. An earlier envelope still on disk opens with the vault's passphrase alone.
 */
public final class VaultForensics {
    private VaultForensics() {
    }

    /**
     * The ciphertext stored for a record right now, read from a copy of the file and its log (the
     * live vault is not touched). Empty if there is no such row.
     */
    public static byte[] storedCiphertext(Path vaultFile, UUID id) throws IOException, SQLException {
        Path copyDir = Files.createTempDirectory(vaultFile.toAbsolutePath().getParent(), ".forensics-");
        try {
            Path copy = copyDir.resolve("copy.tutela");
            Files.copy(vaultFile, copy, StandardCopyOption.COPY_ATTRIBUTES);
            Path wal = VaultFile.wal(vaultFile);
            if (Files.exists(wal)) {
                Files.copy(wal, VaultFile.wal(copy));
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
                 PreparedStatement ps = c.prepareStatement("SELECT ciphertext FROM records WHERE id = ?")) {
                ps.setString(1, id.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : new byte[0];
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(copyDir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The vault file, its -wal and -shm. */
    public static List<Path> filesOf(Path vaultFile) {
        return List.of(vaultFile, VaultFile.wal(vaultFile), VaultFile.shm(vaultFile));
    }

    /**
     * The files (of those given that exist) holding a recognisable part of {@code envelope}: its
     * first 24 bytes or its 16-byte tag. Either is random and cannot be there by chance.
     */
    public static List<String> filesHolding(byte[] envelope, List<Path> files) throws IOException {
        if (envelope.length < 40) {
            throw new IllegalArgumentException("an envelope is longer than that");
        }
        byte[] head = Arrays.copyOf(envelope, 24);
        byte[] tag = Arrays.copyOfRange(envelope, envelope.length - 16, envelope.length);
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(f);
            if (indexOf(bytes, head) >= 0 || indexOf(bytes, tag) >= 0) {
                found.add(f.getFileName() + " (" + bytes.length + " bytes)");
            }
        }
        return found;
    }

    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
