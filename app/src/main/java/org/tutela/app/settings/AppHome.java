package org.tutela.app.settings;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where Tutela keeps its files: the platform's user-data folder, or {@code -Dtutela.home} /
 * {@code TUTELA_HOME} when set (tests and the demo use their own folder).
 *
 * <pre>
 *   HOME/profiles/NAME.tutela   one encrypted vault per tutor profile
 *   HOME/settings.properties    non-sensitive settings (idle lock minutes, language)
 *   HOME/logs/                  logs (never names, comments or secrets)
 *   HOME/tmp/                   the only temp folder the app uses
 * </pre>
 */
public record AppHome(Path root) {

    public static AppHome fromEnvironment() {
        String configured = System.getProperty("tutela.home");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("TUTELA_HOME");
        }
        if (configured != null && !configured.isBlank()) {
            return new AppHome(Path.of(configured).toAbsolutePath());
        }
        return new AppHome(platformDefault());
    }

    private static Path platformDefault() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path userHome = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : userHome).resolve("Tutela");
        }
        if (os.contains("mac")) {
            return userHome.resolve("Library").resolve("Application Support").resolve("Tutela");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local").resolve("share")).resolve("tutela");
    }

    public Path profiles() {
        return root.resolve("profiles");
    }

    public Path vaultFile(String profile) {
        return profiles().resolve(profile + ".tutela");
    }

    public Path settingsFile() {
        return root.resolve("settings.properties");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path temp() {
        return root.resolve("tmp");
    }

    /**
     * Creates the folders, owner-only (0700; folders made by an earlier version are tightened, and
     * so is the settings file, 0600); called once at start before logging is configured.
     */
    public AppHome ensureFolders() {
        try {
            OwnerOnly.folder(root);
            OwnerOnly.folder(profiles());
            OwnerOnly.folder(logs());
            OwnerOnly.folder(temp());
            OwnerOnly.file(settingsFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create Tutela's folders under " + root, e);
        }
        return this;
    }
}
