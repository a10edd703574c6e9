package org.tutela.app.ui.shell;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.confidential.SafeguardingWatch;
import org.tutela.app.confidential.Sleeper;
import org.tutela.app.domain.Tutor;
import org.tutela.app.print.CopiesRegister;
import org.tutela.app.print.PrintSettings;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.ConcernResponses;
import org.tutela.app.records.RecordKind;
import org.tutela.app.records.TutorStore;
import org.tutela.app.records.TypedStore;
import org.tutela.app.session.VaultSession;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.ui.common.BackgroundWork;
import org.tutela.app.ui.common.Failures;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.confidential.SafeguardingBannerViewModel;
import org.tutela.app.ui.print.CaseloadPrintSource;
import org.tutela.app.ui.print.TutorialPrintRequests;
import org.tutela.app.ui.sync.EnrolViewModel;
import org.tutela.app.ui.sync.SyncViewModel;
import org.tutela.app.ui.tutorial.PrintRequests;

/**
 * The composition root of one unlocked session: everything the unlocked window's screens use is
 * built here, once, when the vault opens (the tutor's details, the organisation's settings, the
 * confidential tutorials, the one sync client, the safeguarding watch, the copies register and
 * printing), and handed to the screens through their constructors. Nothing is found through a
 * global. {@link #close} lets it all go when the vault locks.
 *
 * <p>Two threads, two rules: vault work runs in order on the vault thread ({@link #vaultThread});
 * sync rounds, enrolment and other long work run on the jobs pool ({@link #jobs}), so a round
 * waiting on a slow network never holds up a save queued behind it. The vault itself takes one
 * lock per call and per transaction, and the sync client only ever touches it in short
 * transactions between its HTTP requests, so the two never use the vault's connection at once
 * and never wait on each other for longer than a transaction.
 */
public final class SessionRoot {
    private final String profile;
    private final VaultSession session;
    private final TaskRunner vault;
    private final TaskRunner jobs;
    /** The one door to the vault for the stores below (the caseload keeps its own records). */
    private final TypedStore records;
    private final Executor background;
    private final TutorStore tutors;
    private final OrganisationSettingsStore organisation;
    private final ConfidentialTutorials confidential;
    private final SafeguardingWatch safeguarding;
    private final SyncClient sync;
    private final CopiesRegister copies;
    private final Runnable stopClosingOnLock;
    /** Built again for each caseload loaded (the forms print its learners, groups and targets). */
    private volatile PrintRequests print = PrintRequests.NOT_AVAILABLE;
    /** The caseload loaded last: it takes in what the stores write without it (a tutorial sealed as confidential). */
    private volatile Caseload caseload;

    /** The app's: the vault thread and the jobs pool, the real clock, the confidential password's full cost. */
    public static SessionRoot open(String profile, VaultSession session) {
        return new SessionRoot(profile, session, TaskRunner.VAULT_THREAD, TaskRunner.JOBS, BackgroundWork.jobs(), false);
    }

    /**
     * @param background where the caseload's targets and concerns load after its list shows (never
     *                   the vault thread: work queued there waits for them)
     * @param lightestConfidentialCost new confidential passwords at the lightest Argon2id cost (tests)
     */
    SessionRoot(String profile, VaultSession session, TaskRunner vault, TaskRunner jobs, Executor background,
                boolean lightestConfidentialCost) {
        if (!session.isUnlocked()) {
            throw new IllegalStateException("The vault is locked");
        }
        this.profile = profile;
        this.session = session;
        this.vault = vault;
        this.jobs = jobs;
        this.background = background;
        this.records = new TypedStore(session::records);
        this.tutors = new TutorStore(records);
        this.organisation = new OrganisationSettingsStore(records);
        // Openings are recorded under the tutor's own name, read at each opening (it may change meanwhile).
        java.util.function.Supplier<String> who = () -> tutors.load().map(Tutor::name).orElse(profile);
        this.confidential = lightestConfidentialCost ? ConfidentialTutorials.atLightestCost(records, who, Sleeper.REAL)
                : ConfidentialTutorials.forApp(records, who);
        this.safeguarding = new SafeguardingWatch(records, Clock.systemUTC(), () -> ConcernResponses.seenByLead(records));
        this.sync = new SyncClient(session.records());
        this.copies = new CopiesRegister(records, Clock.systemDefaultZone());
        // Sealing a tutorial, or saving its sealed draft, goes past the caseload: it takes the envelope in.
        records.whenWritten(RecordKind.TUTORIAL, id -> {
            Caseload loaded = caseload;
            if (loaded != null) {
                loaded.incomingChanges().refresh(id);
            }
        });
        // Locking (by the tutor, when idle, or as the window closes) forgets every opened confidential tutorial.
        this.stopClosingOnLock = session.onLock(confidential::closeAll);
    }

    public String profile() {
        return profile;
    }

    /** Vault work, in order, one at a time: loads, saves, the small stores. */
    public TaskRunner vaultThread() {
        return vault;
    }

    /** Long work that must never hold up the vault thread: sync rounds, enrolment, rendering. */
    public TaskRunner jobs() {
        return jobs;
    }

    /** Reads the caseload from the vault (on the vault thread). */
    public Caseload loadCaseload() {
        Caseload loaded = Caseload.load(session.records(), background);
        caseload = loaded;
        return loaded;
    }

    public TutorStore tutors() {
        return tutors;
    }

    public OrganisationSettingsStore organisation() {
        return organisation;
    }

    public ConfidentialTutorials confidential() {
        return confidential;
    }

    /** The one sync client of this session. */
    public SyncClient syncClient() {
        return sync;
    }

    /** The sync status line and Sync now: rounds run on the jobs pool, the short reads of its state on the vault thread. */
    public SyncViewModel syncStatus(Runnable onReceived) {
        return new SyncViewModel(() -> sync, vault, jobs, Clock.systemDefaultZone(), onReceived);
    }

    /** Connecting to head office: the enrolment waits on the network, so it runs on the jobs pool. */
    public EnrolViewModel connecting(Consumer<String> onTutorName) {
        return new EnrolViewModel(sync::enrol, jobs, onTutorName);
    }

    /** The banner that warns of a safeguarding concern the lead has not seen in time. */
    public SafeguardingBannerViewModel safeguardingBanner() {
        return new SafeguardingBannerViewModel(safeguarding, vault);
    }

    /** What the Print buttons use now: printing from the caseload loaded last (not available before). */
    public PrintRequests print() {
        return print;
    }

    /**
     * The Print buttons print from this caseload, with the organisation's name and logo on the
     * form's header (read on the vault thread; the print requests change once it is read).
     */
    public void printFrom(Caseload loaded) {
        if (loaded == null) {
            return;
        }
        vault.run(organisation::load, org -> print = TutorialPrintRequests.create(
                PrintSettings.of(org.organisationName(), org.logo()), CaseloadPrintSource.of(loaded), copies),
                failure -> Failures.log("reading the organisation's settings for printing", failure));
    }

    /** The vault has locked (which closed every opened confidential tutorial): lets go of this session. */
    public void close() {
        stopClosingOnLock.run();
        print = PrintRequests.NOT_AVAILABLE;
        caseload = null;
    }
}
