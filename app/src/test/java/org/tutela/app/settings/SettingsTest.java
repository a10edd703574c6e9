package org.tutela.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void savedSettingsComeBackAndNoTempFileIsLeft(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.properties");
        Settings settings = Settings.load(file);
        assertEquals(Settings.DEFAULT_IDLE_LOCK, settings.idleLock());
        settings.setIdleLock(Duration.ofMinutes(12));
        settings.setLanguage(Locale.forLanguageTag("cy"));
        settings.save(file);

        Settings again = Settings.load(file);
        assertEquals(Duration.ofMinutes(12), again.idleLock());
        assertEquals("cy", again.language().getLanguage());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aDamagedOrAbsurdValueFallsBackToSafeValues(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.properties");
        Files.writeString(file, "idleLockSeconds=banana\nprofile=../../etc\n");
        Settings settings = Settings.load(file);
        assertEquals(Settings.DEFAULT_IDLE_LOCK, settings.idleLock());
        assertEquals("default", settings.profile());
        settings.setIdleLock(Duration.ofDays(3));
        assertEquals(Settings.MAX_IDLE_LOCK, settings.idleLock());
    }
}
