package org.tutela.app.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The app's non-sensitive settings: idle lock time, language, profile. Saved atomically (a temp
 * file beside it, then a move), so a crash mid-save never leaves a half-written file.
 */
public final class Settings {
    public static final Duration DEFAULT_IDLE_LOCK = Duration.ofMinutes(5);
    public static final Duration MIN_IDLE_LOCK = Duration.ofSeconds(1);
    public static final Duration MAX_IDLE_LOCK = Duration.ofHours(8);

    private Duration idleLock = DEFAULT_IDLE_LOCK;
    private Locale language = Locale.ENGLISH;
    private String profile = "default";

    public static Settings load(Path file) {
        Settings settings = new Settings();
        if (!Files.exists(file)) {
            return settings;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            // An unreadable settings file is not worth refusing to start over: defaults apply.
            return settings;
        }
        String seconds = properties.getProperty("idleLockSeconds");
        if (seconds != null) {
            try {
                settings.setIdleLock(Duration.ofSeconds(Long.parseLong(seconds.trim())));
            } catch (RuntimeException ignored) {
                // keep the default
            }
        }
        String lang = properties.getProperty("language");
        if (lang != null && !lang.isBlank()) {
            settings.language = Locale.forLanguageTag(lang.trim());
        }
        String prof = properties.getProperty("profile");
        if (prof != null && prof.matches("[A-Za-z0-9_-]{1,40}")) {
            settings.profile = prof;
        }
        return settings;
    }

    public void save(Path file) {
        Properties properties = new Properties();
        properties.setProperty("idleLockSeconds", Long.toString(idleLock.toSeconds()));
        properties.setProperty("language", language.toLanguageTag());
        properties.setProperty("profile", profile);
        try {
            OwnerOnly.createFolders(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "settings", ".tmp");
            OwnerOnly.file(temp); // owner-only before anything is written (the move keeps it)
            try (OutputStream out = Files.newOutputStream(temp)) {
                properties.store(out, "Tutela settings");
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save settings to " + file, e);
        }
    }

    public Duration idleLock() {
        return idleLock;
    }

    /** Clamped to between one second and eight hours. */
    public void setIdleLock(Duration idleLock) {
        if (idleLock.compareTo(MIN_IDLE_LOCK) < 0) {
            idleLock = MIN_IDLE_LOCK;
        }
        if (idleLock.compareTo(MAX_IDLE_LOCK) > 0) {
            idleLock = MAX_IDLE_LOCK;
        }
        this.idleLock = idleLock;
    }

    public Locale language() {
        return language;
    }

    public void setLanguage(Locale language) {
        this.language = language;
    }

    public String profile() {
        return profile;
    }
}
