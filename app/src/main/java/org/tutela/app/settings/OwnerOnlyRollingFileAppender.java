package org.tutela.app.settings;

import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The app's log file appender: each log file (the current one, and the new one after every
 * rollover) is created owner-only (0600) before logback writes to it, in an owner-only folder.
 */
public final class OwnerOnlyRollingFileAppender<E> extends RollingFileAppender<E> {
    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName).toAbsolutePath();
        if (file.getParent() != null) {
            OwnerOnly.createFolders(file.getParent());
        }
        if (!Files.exists(file)) {
            try {
                OwnerOnly.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created meanwhile: made owner-only below
            }
        }
        OwnerOnly.file(file);
        super.openFile(fileName);
    }
}
