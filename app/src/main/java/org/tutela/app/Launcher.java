package org.tutela.app;

import javafx.application.Application;
import org.tutela.app.settings.AppHome;
import org.tutela.app.ui.TutelaApp;

/**
 * The entry point. A plain main (not an Application subclass) so JavaFX runs from the classpath;
 * it points logs and temp files into Tutela's own folders before anything can write them.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        AppHome home = AppHome.fromEnvironment().ensureFolders();
        System.setProperty("tutela.logdir", home.logs().toString());
        System.setProperty("java.io.tmpdir", home.temp().toString());
        // SQLite's JDBC driver unpacks its native library here; keep it inside Tutela's folder too.
        System.setProperty("org.sqlite.tmpdir", home.temp().toString());
        startLogging();
        Application.launch(TutelaApp.class, args);
    }

    /**
     * Reads the logging configuration on a second core while JavaFX starts on the first (it loads
     * some 500 classes, about a sixth of a second before the lock screen otherwise). A logger asked
     * for meanwhile is a stand-in that SLF4J connects once the configuration is read.
     */
    private static void startLogging() {
        Thread logging = new Thread(org.slf4j.LoggerFactory::getILoggerFactory, "tutela-logging-start");
        logging.setDaemon(true);
        logging.start();
    }
}
