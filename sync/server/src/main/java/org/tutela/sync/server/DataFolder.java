package org.tutela.sync.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's data folder ({@code data-dir}) is readable by its owner only: the folder and every
 * folder the server makes in it 0700, every file it writes there 0600 (the SQLite database and its
 * {@code -wal} and {@code -shm}, the generated certificate, backups, the escrow audit log and its
 * key, and the key that seals console users' TOTP secrets and the SMTP password). Files and
 * folders made before, with wider permissions, are tightened when the server or an admin command
 * starts, and the log says which (by their names inside the folder, nothing else).
 * Only what the server itself writes is touched: anything else an operator keeps in the folder is
 * left as it is. Where the file system has no POSIX permissions (Windows) this does nothing; there
 * the folder's access list is the administrator's to set.
 */
public final class DataFolder {
    private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** What the server writes at the top of the data folder: files, and folders whose whole content is its own. */
    private static final List<String> OWN_FILES = List.of("tutela-server.db", "tutela-server.db-wal", "tutela-server.db-shm",
            "tutela-server.db-journal");
    static final List<String> OWN_FOLDERS = List.of("tls", "backups", "escrow", ServerSecrets.FOLDER);

    private DataFolder() {
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] as(Set<PosixFilePermission> permissions) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    /**
     * Creates the data folder owner-only, or tightens it and what the server wrote in it. Returns
     * the folder.
     */
    public static Path secure(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            createPrivateDirectories(dir);
            return dir;
        }
        if (!posix()) {
            return dir;
        }
        List<String> tightened = new ArrayList<>();
        tighten(dir, dir, FOLDER, tightened);
        for (String name : OWN_FILES) {
            tighten(dir, dir.resolve(name), FILE, tightened);
        }
        for (String name : OWN_FOLDERS) {
            Path folder = dir.resolve(name);
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    tighten(dir, d, FOLDER, tightened);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        tighten(dir, f, FILE, tightened);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        if (!tightened.isEmpty()) {
            LOG.warn("The data folder was readable by others: made owner-only {}", tightened);
        }
        return dir;
    }

    private static void tighten(Path root, Path p, Set<PosixFilePermission> wanted, List<String> tightened) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
            return;
        }
        if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
            Files.setPosixFilePermissions(p, wanted);
            String name = root.relativize(p).toString();
            tightened.add(name.isEmpty() ? "(the folder itself)" : name);
        }
    }

    /** Creates {@code dir} and any missing parents, each owner-only; an existing folder is left as it is. */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            Files.createDirectories(absolute, as(FOLDER));
        }
        return dir;
    }

    /** Creates an empty owner-only file; fails if {@code file} exists (nothing is ever written over). */
    public static Path createPrivateFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        return Files.createFile(file, as(FILE));
    }

    /** Creates an empty owner-only file unless one is there already. */
    static void createPrivateFileIfMissing(Path file) throws IOException {
        try {
            createPrivateFile(file);
        } catch (FileAlreadyExistsException there) {
            // kept as it is (secure() tightens it)
        }
    }
}
