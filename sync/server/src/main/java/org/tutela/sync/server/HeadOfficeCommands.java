package org.tutela.sync.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.server.headoffice.ColumnMapping;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.ImportField;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.LearnerImport;
import org.tutela.sync.server.headoffice.Learners;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;
import org.tutela.sync.server.headoffice.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The administrator's commands for what head office sets up (organisation, groups, learners from
 * the MIS); the web console calls the same services in {@code org.tutela.sync.server.headoffice}.
 */
final class HeadOfficeCommands {
    private HeadOfficeCommands() {
    }

    @Command(name = "organisation", description = "Show (`organisation show`) or set (`organisation set --name ...`) the organisation:"
            + " name, logo, safeguarding lead, escrow key, term dates, default entitlement, attendance threshold. Every laptop"
            + " receives it at its next sync and uses it instead of its own settings. `set` changes only what it names.")
    static final class OrganisationCommand extends ServerMain.DbCommand {
        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "show|set", description = "show (the default) or set")
        String action;
        @Option(names = "--name", description = "the organisation's name, printed on forms")
        String name;
        @Option(names = "--logo", paramLabel = "FILE", description = "a PNG or JPEG of at most 512 KB")
        Path logo;
        @Option(names = "--no-logo", description = "remove the logo")
        boolean noLogo;
        @Option(names = "--lead-name", description = "the Designated Safeguarding Lead's name")
        String leadName;
        @Option(names = "--lead-phone", description = "the Designated Safeguarding Lead's phone number")
        String leadPhone;
        @Option(names = "--escrow-key", paramLabel = "BASE64", description = "the escrow public key `escrow keygen` printed (\"\" removes it)")
        String escrowKey;
        @Option(names = "--term-dates", paramLabel = "YEAR=D1,...,D6",
                description = "six half-term start dates of an academic year, e.g. 2025/26=2025-09-03,2025-10-27,2026-01-05,2026-02-23,2026-04-13,2026-06-01")
        List<String> termDates;
        @Option(names = "--remove-term-dates", paramLabel = "YEAR", description = "forget an academic year's dates (the standard ones apply)")
        List<String> removeTermDates;
        @Option(names = "--reviews", description = "default one-to-one reviews a year (4 unless set)")
        Integer reviews;
        @Option(names = "--sessions", description = "default group sessions a year (8 unless set)")
        Integer sessions;
        @Option(names = "--attendance-threshold", paramLabel = "PERCENT", description = "attendance below which a learner needs attention (90 unless set)")
        Integer attendance;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            if (action == null || action.equals("show")) {
                return show(db);
            }
            if (!action.equals("set")) {
                throw new IllegalArgumentException("organisation show, or organisation set --name ... (see --help)");
            }
            OrganisationSetup setup = new OrganisationSetup(db);
            Organisation now = setup.get().orElse(new Organisation(null, null, null, null, null, null, null, null));
            byte[] image = now.logo();
            if (noLogo) {
                image = null;
            } else if (logo != null) {
                if (!Files.isRegularFile(logo) || Files.size(logo) > OrganisationSetup.MAX_LOGO_BYTES) {
                    throw new InvalidInput(Problem.of("logo", "organisation.logo.bad", OrganisationSetup.MAX_LOGO_BYTES / 1024));
                }
                image = Files.readAllBytes(logo);
            }
            List<Organisation.TermDates> terms = new ArrayList<>(now.termDates());
            for (String y : removeTermDates == null ? List.<String>of() : removeTermDates) {
                int year = OrganisationSetup.parseAcademicYear(y);
                terms.removeIf(t -> t.academicYear() == year);
            }
            for (String t : termDates == null ? List.<String>of() : termDates) {
                Organisation.TermDates parsed = OrganisationSetup.parseTermDates(t);
                terms.removeIf(x -> x.academicYear() == parsed.academicYear());
                terms.add(parsed);
            }
            Organisation.Entitlement e = new Organisation.Entitlement(reviews == null ? now.defaultEntitlement().oneToOneReviews() : reviews,
                    sessions == null ? now.defaultEntitlement().groupSessions() : sessions);
            Organisation next = new Organisation(or(name, now.name()), image, or(leadName, now.safeguardingLeadName()),
                    or(leadPhone, now.safeguardingLeadPhone()), or(escrowKey, now.escrowPublicKey()), terms, e,
                    attendance == null ? now.attendanceThreshold() : attendance);
            boolean changed = setup.set(next).isPresent();
            main.out.println(changed ? "Organisation saved; every laptop receives it at its next sync." : "Nothing changed.");
            return 0;
        }

        private Integer show(Database db) throws Exception {
            Optional<Organisation> o = new OrganisationSetup(db).get();
            if (o.isEmpty()) {
                main.out.println("Not set up yet: laptops keep their own settings. Set it with `organisation set --name ...`.");
                return 0;
            }
            Organisation org = o.get();
            main.out.println("Name:                   " + org.name());
            main.out.println("Logo:                   " + (org.logo() == null ? "none" : Math.max(1, org.logo().length / 1024) + " KB"));
            main.out.println("Safeguarding lead:      " + nz(org.safeguardingLeadName()));
            main.out.println("Safeguarding phone:     " + nz(org.safeguardingLeadPhone()));
            main.out.println("Escrow public key:      " + (org.escrowPublicKey() == null ? "none (confidential tutorials are sealed with their password only)"
                    : "key " + EscrowKeys.keyId(EscrowKeys.decodePublicKey(org.escrowPublicKey()))));
            main.out.println("Default entitlement:    " + org.defaultEntitlement().oneToOneReviews() + " one-to-one reviews and "
                    + org.defaultEntitlement().groupSessions() + " group sessions a year");
            main.out.println("Attendance threshold:   " + org.attendanceThreshold() + "%");
            if (org.termDates().isEmpty()) {
                main.out.println("Term dates:             the standard ones");
            }
            for (Organisation.TermDates t : org.termDates()) {
                main.out.println("Term dates " + t.label() + ":     "
                        + t.halfTermStarts().stream().map(Object::toString).collect(Collectors.joining(", ")));
            }
            return 0;
        }
    }

    @Command(name = "groups", description = "List the groups: course, level, review frequency, entitlement, tutor, learners.")
    static final class ListGroups extends ServerMain.DbCommand {
        @Option(names = "--all", description = "archived groups too")
        boolean all;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            String f = "%-28s  %-24s  %-8s  %4s  %-18s  %-11s  %-20s  %8s  %s%n";
            main.out.printf(f, "NAME", "COURSE", "LEVEL", "YEAR", "REVIEWS", "ENTITLEMENT", "TUTOR", "LEARNERS", "STATE");
            for (Groups.Group g : new Groups(db, accounts).list(all)) {
                main.out.printf(f, g.name(), nz(g.course()), nz(g.level()), g.yearOfCourse() == null ? "" : g.yearOfCourse().toString(),
                        g.reviewFrequency().describe(), g.entitlement() == null ? "default"
                                : g.entitlement().oneToOneReviews() + " + " + g.entitlement().groupSessions(),
                        nz(g.tutor()), g.learners(), g.archived() ? "archived" : "active");
            }
            return 0;
        }
    }

    /** The options a group is created or edited with. */
    abstract static class GroupOptions extends ServerMain.DbCommand {
        @Option(names = "--course", description = "the group's course or programme")
        String course;
        @Option(names = "--level", description = "the level it works towards, e.g. Level 3")
        String level;
        @Option(names = "--year-of-course", description = "1 to 9 (0 clears it)")
        Integer year;
        @Option(names = "--site", description = "the site or employer")
        String site;
        @Option(names = "--review-frequency", description = "half-termly (the default), termly, monthly, every 6 weeks...")
        String frequency;
        @Option(names = "--reviews", description = "one-to-one reviews a year, if not the organisation's default")
        Integer reviews;
        @Option(names = "--sessions", description = "group sessions a year, if not the organisation's default")
        Integer sessions;
        @Option(names = "--tutor", description = "the tutor (username) whose caseload holds the group")
        String tutor;

        Groups.Changes changes(String name) {
            Groups.Changes ch = new Groups.Changes(name, course, level, year, site, frequency, null, false, tutor);
            if (reviews != null || sessions != null) {
                if (reviews == null || sessions == null) {
                    throw new IllegalArgumentException("Give both --reviews and --sessions");
                }
                ch = ch.withEntitlement(new Organisation.Entitlement(reviews, sessions));
            }
            return ch;
        }

        void print(Groups.Group g, String done) {
            main.out.println(done + " group \"" + g.name() + "\"" + (g.course() == null ? "" : " (" + g.course() + ")")
                    + (g.tutor() == null ? ", no tutor yet" : ", in " + g.tutor() + "'s caseload")
                    + "; laptops in its scope receive it at their next sync.");
        }
    }

    @Command(name = "add-group", description = "Create a group (by name; give --tutor to put it in a tutor's caseload).")
    static final class AddGroup extends GroupOptions {
        @Option(names = "--name", required = true)
        String name;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            print(new Groups(db, accounts).create(changes(name)), "Created");
            return 0;
        }
    }

    @Command(name = "edit-group", description = "Change a group named by --group (and --in-course when names repeat); a new --tutor takes it over.")
    static final class EditGroup extends GroupOptions {
        @Option(names = "--group", required = true, description = "the group's name now")
        String group;
        @Option(names = "--in-course", description = "its course now, when several groups share the name")
        String inCourse;
        @Option(names = "--name", description = "a new name")
        String name;
        @Option(names = "--default-entitlement", description = "use the organisation's default entitlement")
        boolean defaultEntitlement;
        @Option(names = "--no-tutor", description = "take the group out of every caseload")
        boolean noTutor;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            Groups groups = new Groups(db, accounts);
            Groups.Group g = groups.find(group, inCourse);
            Groups.Changes ch = changes(name);
            if (defaultEntitlement) {
                ch = ch.withDefaultEntitlement();
            }
            if (noTutor) {
                ch = ch.withTutor("");
            }
            print(groups.edit(g.id(), ch), "Changed");
            return 0;
        }
    }

    @Command(name = "archive-group", description = "Archive a group (it stays on laptops, marked archived), or bring it back with --restore.")
    static final class ArchiveGroup extends ServerMain.DbCommand {
        @Option(names = "--group", required = true)
        String group;
        @Option(names = "--in-course", description = "its course, when several groups share the name")
        String inCourse;
        @Option(names = "--restore", description = "bring an archived group back")
        boolean restore;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            Groups groups = new Groups(db, accounts);
            Groups.Group g = restore ? groups.findArchived(group, inCourse) : groups.find(group, inCourse);
            groups.archive(g.id(), !restore);
            main.out.println((restore ? "Restored" : "Archived") + " group \"" + g.name() + "\"");
            return 0;
        }
    }

    @Command(name = "move-learner", description = "Move a learner (by ULN) into another group, and so to that group's tutor.")
    static final class MoveLearner extends ServerMain.DbCommand {
        @Option(names = "--uln", required = true)
        String uln;
        @Option(names = "--to-group", required = true)
        String group;
        @Option(names = "--course", description = "the group's course, when several groups share the name")
        String course;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            Learners.Placement p = new Learners(db, accounts).move(uln, group, course);
            main.out.println("Moved the learner into \"" + p.groupName() + "\"; its tutor's laptops receive them at their next sync.");
            return 0;
        }
    }

    @Command(name = "import-learners", description = "Import learners (and with --create-groups their groups) from a CSV export of the MIS:"
            + " checks every row first and imports nothing unless all are right. See docs/head-office-import.md.")
    static final class ImportLearners extends ServerMain.DbCommand {
        @Option(names = "--file", required = true, description = "the CSV file (UTF-8 or Windows-1252)")
        Path file;
        @Option(names = "--mapping", description = "start from a preset instead of the remembered mapping: tutela or ilr")
        String preset;
        @Option(names = "--map", paramLabel = "HEADING=FIELD", description = "map a column to a field (or to ignore); remembered after an import")
        List<String> map;
        @Option(names = "--dry-run", description = "only check the file and show what would change")
        boolean dryRun;
        @Option(names = "--create-groups", description = "create the groups the file names that do not exist yet")
        boolean createGroups;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("There is no file " + file);
            }
            byte[] bytes = Files.readAllBytes(file);
            LearnerImport importer = new LearnerImport(db, accounts);
            ColumnMapping mapping = importer.mapping(preset, map);
            LearnerImport.Options options = new LearnerImport.Options(createGroups);
            LearnerImport.Preview preview = importer.preview(bytes, mapping, options);
            show(preview);
            if (!preview.ok()) {
                main.err.println("Nothing imported: " + preview.problems().size() + " problem(s) above. Correct the file or the mapping"
                        + " (--map \"Heading=field\"), then run this again.");
                return 1;
            }
            if (dryRun) {
                main.out.println("Dry run: nothing stored.");
                return 0;
            }
            try {
                LearnerImport.Preview done = importer.importFile(bytes, mapping, options);
                main.out.println("Imported: " + done.count(LearnerImport.Action.CREATE) + " new, " + done.count(LearnerImport.Action.UPDATE)
                        + " updated, " + done.count(LearnerImport.Action.UNCHANGED) + " unchanged"
                        + (done.newGroups().isEmpty() ? "" : ", " + done.newGroups().size() + " group(s) created")
                        + ". The mapping is remembered for next time.");
            } catch (InvalidInput changedMeanwhile) {
                changedMeanwhile.problems().forEach(p -> main.err.println("  " + p.describe()));
                main.err.println("Nothing imported: head office changed while the file was being checked. Run this again.");
                return 1;
            }
            return 0;
        }

        private void show(LearnerImport.Preview p) {
            main.out.println("File: " + p.learnerRows() + " learner row(s), " + p.encoding());
            main.out.println("Columns:");
            for (int i = 0; i < p.headings().size(); i++) {
                ImportField f = p.columns().get(i);
                main.out.printf("  %-30s -> %s%n", p.headings().get(i), f == null ? "?" : f.id());
            }
            if (!p.problems().isEmpty()) {
                main.out.println("Problems:");
                p.problems().forEach(x -> main.out.println("  " + x.describe()));
            }
            main.out.println("Would create " + p.count(LearnerImport.Action.CREATE) + ", update " + p.count(LearnerImport.Action.UPDATE)
                    + ", leave " + p.count(LearnerImport.Action.UNCHANGED) + " unchanged.");
            for (LearnerImport.RowOutcome r : p.rows()) {
                if (r.action() == LearnerImport.Action.UPDATE) {
                    main.out.println("  row " + r.row() + ": " + String.join(", ", r.changed()));
                }
            }
            for (String g : p.newGroups()) {
                main.out.println("  new group: " + g);
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String or(String given, String now) {
        return given == null ? now : given;
    }
}
