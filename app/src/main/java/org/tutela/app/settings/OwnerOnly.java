package org.tutela.app.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Tutela's folders and files are for the tutor's own account only: folders 0700, files 0600, on
 * systems with POSIX permissions (Linux, macOS). Elsewhere (Windows) the user's profile folder is
 * already private to the account and nothing is changed.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the folder (and missing parents) owner-only, and makes an existing one owner-only. */
    public static void folder(Path folder) throws IOException {
        if (!posix(folder)) {
            Files.createDirectories(folder);
            return;
        }
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        Files.setPosixFilePermissions(folder, FOLDER);
    }

    /** Creates missing folders owner-only; folders that already exist are left as they are (they may not be Tutela's). */
    public static void createFolders(Path folder) throws IOException {
        if (posix(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        } else {
            Files.createDirectories(folder);
        }
    }

    /** Makes the file owner-only, if it exists. */
    public static void file(Path file) throws IOException {
        if (posix(file) && Files.exists(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Creates a new, empty owner-only file (fails if one is there). */
    public static Path createFile(Path file) throws IOException {
        return posix(file) ? Files.createFile(file, fileAttribute()) : Files.createFile(file);
    }

    private static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }
}
