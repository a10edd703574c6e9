package org.tutela.sync.server;

import java.time.Clock;
import org.tutela.sync.server.reports.ReportProjector;
import picocli.CommandLine.Command;

/** The administrator's commands for head office's reports. */
final class ReportCommands {
    private ReportCommands() {
    }

    @Command(name = "rebuild-reports", mixinStandardHelpOptions = true,
            description = "Empty the report tables and build them again from every synced record (safe while the server runs;"
                    + " its Reports pages fill up again as this goes).")
    static final class RebuildReports extends ServerMain.DbCommand {
        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            ServerSettings s = main.settings();
            long start = System.nanoTime();
            try (ReportProjector p = new ReportProjector(db, Clock.systemUTC(), s.consoleZone(), 0)) {
                ReportProjector.CaughtUp built = p.rebuild();
                ReportProjector.Progress done = p.progress();
                main.out.println("The report tables were built again from " + built.changesRead() + " changes (up to change " + done.cursor()
                        + "), with the figures of " + built.learnersWorkedOut() + " learners, in " + (System.nanoTime() - start) / 1_000_000 + " ms.");
            }
            return 0;
        }
    }
}
