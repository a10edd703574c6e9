package org.tutela.bench.convergence;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.OpenedVersion;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.syncclient.SyncConflict;
import org.tutela.app.vault.Conflict;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.Vault;

/**
 * One tutor's laptop: its own vault file, opened through the app's own classes, its caseload
 * (loaded again after every sync, as the app does) and its sync client. What the tutor does is
 * done through {@link Caseload}, as the screens do it: an edit reads the record and the version
 * it opened, and saves against that version. Every change is written to the ledger just before
 * the save ("tried") and just after it returns ("acknowledged").
 *
 * <p>Invented test data only: learners are "Pellam Varnhold"; a learner added by mistake (which may
 * be deleted, and never gets a tutorial) has the family name "Oops Varnhold".
 */
final class Laptop {
    static final String PASSPHRASE = "convergence lantern meadow kite";
    private static final String MISTAKE = "Oops Varnhold";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    final String name;
    final String tutor;
    final Path file;
    private final Ledger.Sink sink;
    private final BiConsumer<UUID, String> loserNote;
    private final String markerPrefix;
    private final AtomicLong markers = new AtomicLong();
    private volatile Vault vault;
    private volatile RecordStore store;
    private volatile SyncClient client;
    private volatile Caseload caseload;

    /**
     * @param loserNote where the losing side of a settled conflict is noted (null: this laptop settles none)
     */
    Laptop(String name, String tutor, Path file, Ledger.Sink sink, BiConsumer<UUID, String> loserNote, String markerPrefix) {
        this.name = name;
        this.tutor = tutor;
        this.file = file;
        this.sink = sink;
        this.loserNote = loserNote;
        this.markerPrefix = markerPrefix;
    }

    // ---------------------------------------------------------------- the vault

    void create() {
        vault = Vault.create(file, PASSPHRASE.toCharArray(), org.tutela.crypto.Argon2Params.FLOOR);
        store = vault.records();
        client = new SyncClient(store, batchSize(name));
        reload();
    }

    void open() {
        vault = Vault.open(file, PASSPHRASE.toCharArray());
        store = vault.records();
        client = new SyncClient(store, batchSize(name));
        reload();
    }

    /**
     * How many entries a batch of this laptop holds: every second laptop (a name ending in an even
     * number) sends batches of two, so its rounds are of several batches, the faults falling between
     * them; the others send batches as large as the protocol allows, a round's changes usually in
     * one. By name, so a laptop killed and started again in a process of its own sends as before.
     */
    static int batchSize(String name) {
        char last = name.charAt(name.length() - 1);
        return Character.isDigit(last) && (last - '0') % 2 == 0 ? 2 : org.tutela.sync.protocol.Protocol.MAX_BATCH_ENTRIES;
    }

    /** Locks the vault (closes it), whatever runs on it. */
    void close() {
        Vault v = vault;
        if (v != null) {
            v.close();
        }
    }

    boolean isOpen() {
        Vault v = vault;
        return v != null && !v.isLocked();
    }

    /** Loads the caseload again from the store, as the app does after a sync. */
    void reload() {
        Caseload c = Caseload.load(store);
        c.awaitFullyLoaded();
        caseload = c;
    }

    RecordStore store() {
        return store;
    }

    SyncClient client() {
        return client;
    }

    Caseload caseload() {
        return caseload;
    }

    private String nextMarker() {
        return markerPrefix + "-" + markers.incrementAndGet();
    }

    // ---------------------------------------------------------------- what the tutor does

    /** The groups this laptop's tutor starts with (created here once, then assigned at head office). */
    List<UUID> createGroups(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String marker = nextMarker();
            Group g = Group.create("Group " + marker, "Study Programme", "Harbour Campus", tutor, ReviewFrequency.halfTermly());
            Group named = new Group(g.id(), marker, g.programme(), g.siteOrEmployer(), g.tutor(), g.reviewFrequency(), null);
            tried(marker, named.id(), "group", null, false);
            caseload.learnerWrites().save(named);
            sink.acknowledged(marker);
            ids.add(named.id());
        }
        return ids;
    }

    /**
     * One thing a tutor does, chosen at random: add a learner or plan a tutorial, change one
     * (often one of the few records every laptop keeps changing, so that changes collide), or,
     * with deletions on, delete a tutorial or a learner added by mistake. Returns what was done,
     * or null if there was nothing to do it to.
     */
    String act(Random rnd, boolean deletions) {
        Caseload c = caseload;
        List<Group> groups = c.groups();
        if (groups.isEmpty()) {
            return null;
        }
        List<Learner> learners = new ArrayList<>(c.learners());
        learners.sort(Comparator.comparing(l -> l.id().toString()));
        List<Learner> kept = learners.stream().filter(l -> !MISTAKE.equals(l.familyName())).toList();
        List<Learner> mistakes = learners.stream().filter(l -> MISTAKE.equals(l.familyName())).toList();
        List<UUID> tutorials = new ArrayList<>();
        for (Learner l : kept) {
            for (TutorialSummary t : c.tutorialSummariesOf(l.id())) {
                if (!t.locked() && t.learnerId() != null && t.learnerId().equals(l.id())) {
                    tutorials.add(t.id());
                }
            }
        }
        tutorials.sort(Comparator.comparing(UUID::toString));
        int pick = rnd.nextInt(100);
        if (pick < 12 || kept.size() < 3) {
            if (learners.size() >= 40) {
                return editLearner(c, rnd, kept);
            }
            boolean mistake = deletions && rnd.nextInt(3) == 0;
            Group g = groups.get(rnd.nextInt(groups.size()));
            String marker = nextMarker();
            Learner l = Learner.builder().givenName("Pellam").familyName(mistake ? MISTAKE : "Varnhold").preferredName(marker)
                    .group(g.id()).startDate(DAY.minusMonths(2)).build();
            tried(marker, l.id(), "learner", null, false);
            c.learnerWrites().save(l);
            sink.acknowledged(marker);
            return "add learner " + l.id() + " " + marker;
        }
        if (pick < 27) {
            if (tutorials.size() >= 80 || kept.isEmpty()) {
                return editTutorial(c, rnd, tutorials);
            }
            Learner l = kept.get(rnd.nextInt(kept.size()));
            String marker = nextMarker();
            Tutorial t = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), tutor,
                    TutorialPlan.on(DAY.plusDays(rnd.nextInt(60)), LocalTime.of(9 + rnd.nextInt(8), 0), marker));
            tried(marker, t.id(), "tutorial", null, false);
            c.tutorialWrites().saveTutorial(t);
            sink.acknowledged(marker);
            return "plan tutorial " + t.id() + " " + marker;
        }
        if (pick < 34) {
            // a concern: raised (a safeguarding one is urgent: it goes first) or added to
            List<Concern> concerns = new ArrayList<>();
            for (Learner l : kept) {
                concerns.addAll(c.concernsOf(l.id()));
            }
            concerns.sort(Comparator.comparing(k -> k.id().toString()));
            String marker = nextMarker();
            if (concerns.size() < 30 && (concerns.isEmpty() || rnd.nextInt(3) == 0) && !kept.isEmpty()) {
                Learner l = kept.get(rnd.nextInt(kept.size()));
                ConcernCategory category = rnd.nextBoolean() ? ConcernCategory.SAFEGUARDING : ConcernCategory.WELLBEING;
                Concern k = Concern.raise(l.id(), category, DAY, tutor, marker);
                tried(marker, k.id(), "concern", null, false);
                c.tutorialWrites().save(k);
                sink.acknowledged(marker);
                return "raise concern " + k.id() + " " + marker;
            }
            if (concerns.isEmpty()) {
                return null;
            }
            Concern k = concerns.get(hotIndex(rnd, concerns.size()));
            OpenedVersion opened = c.opened(k.id());
            tried(marker, k.id(), "concern", k.description(), false);
            c.tutorialWrites().save(k.withDescription(k.category(), marker), opened);
            sink.acknowledged(marker);
            return "change concern " + k.id() + " " + marker;
        }
        if (pick < 60) {
            return editLearner(c, rnd, learners);
        }
        if (pick < 85 || !deletions) {
            return editTutorial(c, rnd, tutorials);
        }
        if (pick < 93) {
            if (tutorials.isEmpty()) {
                return null;
            }
            UUID id = hot(rnd, tutorials);
            Tutorial t = c.tutorial(id).orElse(null);
            if (t == null) {
                return null;
            }
            String marker = nextMarker();
            tried(marker, id, "tutorial", t.plan().location(), true);
            c.tutorialWrites().deleteTutorial(id);
            sink.acknowledged(marker);
            return "delete tutorial " + id + " " + marker;
        }
        if (mistakes.isEmpty()) {
            return null;
        }
        Learner l = mistakes.get(rnd.nextInt(mistakes.size()));
        String marker = nextMarker();
        tried(marker, l.id(), "learner", l.preferredName(), true);
        c.learnerWrites().deleteLearner(l.id());
        sink.acknowledged(marker);
        return "delete learner " + l.id() + " " + marker;
    }

    private String editLearner(Caseload c, Random rnd, List<Learner> among) {
        if (among.isEmpty()) {
            return null;
        }
        Learner l = among.get(hotIndex(rnd, among.size()));
        OpenedVersion opened = c.opened(l.id());
        String marker = nextMarker();
        tried(marker, l.id(), "learner", l.preferredName(), false);
        c.learnerWrites().save(l.toBuilder().preferredName(marker).build(), opened);
        sink.acknowledged(marker);
        return "change learner " + l.id() + " " + marker;
    }

    private String editTutorial(Caseload c, Random rnd, List<UUID> among) {
        if (among.isEmpty()) {
            return null;
        }
        UUID id = hot(rnd, among);
        Tutorial t = c.tutorial(id).orElse(null);
        if (t == null || t.locked()) {
            return null;
        }
        OpenedVersion opened = c.opened(id);
        String marker = nextMarker();
        tried(marker, id, "tutorial", t.plan().location(), false);
        c.tutorialWrites().saveTutorial(t.rearrange(t.date(), t.plan().time(), marker), opened);
        sink.acknowledged(marker);
        return "change tutorial " + id + " " + marker;
    }

    /** Half the time one of the first four (by id): the records every laptop keeps changing. */
    private static UUID hot(Random rnd, List<UUID> among) {
        return among.get(hotIndex(rnd, among.size()));
    }

    private static int hotIndex(Random rnd, int size) {
        return rnd.nextBoolean() ? rnd.nextInt(Math.min(4, size)) : rnd.nextInt(size);
    }

    /** A record opened on a screen, to be saved later (after a sync has run meanwhile). */
    record OpenForm(Caseload caseload, UUID id, Learner learner, Tutorial tutorial, OpenedVersion opened) {
    }

    /** Opens a learner or a tutorial to edit, as a screen does; null if there is none. */
    OpenForm openForm(Random rnd) {
        Caseload c = caseload;
        List<Learner> learners = new ArrayList<>(c.learners());
        learners.sort(Comparator.comparing(l -> l.id().toString()));
        if (learners.isEmpty()) {
            return null;
        }
        Learner l = learners.get(hotIndex(rnd, learners.size()));
        if (rnd.nextBoolean()) {
            List<TutorialSummary> ts = c.tutorialSummariesOf(l.id()).stream()
                    .filter(t -> !t.locked() && l.id().equals(t.learnerId())).toList();
            if (!ts.isEmpty()) {
                Tutorial t = c.tutorial(ts.get(rnd.nextInt(ts.size())).id()).orElse(null);
                if (t != null) {
                    return new OpenForm(c, t.id(), null, t, c.opened(t.id()));
                }
            }
        }
        return new OpenForm(c, l.id(), l, null, c.opened(l.id()));
    }

    /** Saves an edit made on an open form, against the version the form opened. */
    String save(OpenForm form) {
        String marker = nextMarker();
        if (form.learner() != null) {
            tried(marker, form.id(), "learner", form.learner().preferredName(), false);
            form.caseload().learnerWrites().save(form.learner().toBuilder().preferredName(marker).build(), form.opened());
        } else {
            Tutorial t = form.tutorial();
            tried(marker, form.id(), "tutorial", t.plan().location(), false);
            form.caseload().tutorialWrites().saveTutorial(t.rearrange(t.date(), t.plan().time(), marker), form.opened());
        }
        sink.acknowledged(marker);
        return "save open form " + form.id() + " " + marker;
    }

    /**
     * The tutor settles every conflict: keeps their own version or head office's at random. The
     * losing side is noted in the ledger. Returns how many were settled.
     */
    int settle(Random rnd, java.util.function.Consumer<String> trace) {
        int settled = 0;
        for (SyncConflict sc : client.conflicts()) {
            UUID id = sc.recordId();
            boolean keepMine = rnd.nextBoolean();
            // the two sides as they are now (read together); then the tutor's choice, as the conflicts dialog makes it
            String[] losing = store.inTransaction(s -> {
                Conflict k = s.conflict(id).orElse(null);
                StoredRecord mine = s.get(id).orElse(null);
                if (k == null || mine == null) {
                    return null;
                }
                StoredRecord side = keepMine ? k.other() : mine;
                return new String[] {side.deleted() ? null : known(Ledger.markerOf(k.kind(), false, side.body())), k.origin().name()};
            });
            if (losing == null) {
                continue;
            }
            if (keepMine) {
                client.keepMine(id);
            } else {
                client.keepHeadOffice(id);
            }
            loserNote.accept(id, losing[0]);
            trace.accept((keepMine ? "keep mine " : "keep other ") + id + " (" + losing[1] + "), loses " + losing[0]);
            settled++;
        }
        return settled;
    }

    private static String known(String marker) {
        return marker == null ? "(no marker)" : marker;
    }

    private void tried(String marker, UUID id, String kind, String parent, boolean deletion) {
        sink.tried(new Ledger.Version(marker, id, kind, tutor, name, parent, deletion, 0));
    }

    @Override
    public String toString() {
        return name;
    }
}
