package org.tutela.bench.convergence;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.syncclient.SyncProgress;
import org.tutela.app.syncclient.SyncReport;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.VaultException;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Role;

/**
 * The convergence run: several laptops of one tutor (and one of a second tutor, for scope), each a
 * real vault driven through the app's own classes, sync through a {@link FaultProxy} with a real
 * head office on SQLite or PostgreSQL. Each round the tutors change records at random (edits of
 * the same few records on several laptops collide on purpose), then some laptops sync at once
 * while faults fire: connections reset or cut in the request or the answer, answers dropped after
 * head office applied the change, delays, head office restarted, a vault locked mid-round, a form
 * kept open across a sync and saved after it, edits made while the round runs. Now and then a
 * laptop runs in a JVM of its own and is killed (SIGKILL) mid-round.
 *
 * <p>Then the faults stop, every laptop syncs until nothing moves, the tutors settle every conflict
 * (keeping their own version or head office's at random; the losing side is noted), and head
 * office and every laptop are compared record by record against the ledger of acknowledged
 * changes (see {@link Result}).
 *
 * <p>A seed fixes the plan (what each tutor does, which laptops sync, which faults fire and when);
 * threads and the network decide the exact interleaving, so a replay runs the same plan, not
 * necessarily the same byte order.
 */
public final class ConvergenceRun {
    private static final String TUTOR_A = "tutor.convergence.a";
    private static final String TUTOR_B = "tutor.convergence.b";
    private static final String PASSWORD = "convergence account password";
    private static final Set<String> SYNCED_KINDS = Set.of(RecordKinds.LEARNER, RecordKinds.GROUP, RecordKinds.TUTORIAL,
            RecordKinds.CONCERN);

    /**
     * @param rounds sync rounds with faults before healing
     * @param database {@code sqlite} or {@code postgresql}
     * @param deletions whether tutors delete tutorials and learners added by mistake
     * @param laptops laptops of the first tutor (the second tutor has one)
     * @param kills laptops run in a child JVM and killed mid-round, spread over the run
     * @param progress where to note progress every 50 rounds (null: nowhere)
     */
    public record Options(int rounds, String database, long seed, boolean deletions, int laptops, int kills, PrintStream progress) {
    }

    /**
     * What the run found.
     *
     * @param lost acknowledged changes that are neither in head office's final version's history, nor
     *     the losing side (or its history) of a conflict the tutor settled, nor deleted by a deletion made
     *     on top of them
     * @param doubled records head office holds that no laptop made, content found in two records, and
     *     changes head office applied twice
     * @param diverged records that differ between head office and a laptop in its scope (content or
     *     deleted flag, missing on either side, or seen outside its tutor's scope)
     * @param conflicts conflicts the tutors settled
     * @param unsettled after healing: changes still waiting, conflicts or refusals left on a laptop
     * @param unclean rounds that ended with anything but a clean reason (no connection, vault locked)
     * @param falseAlarms rounds that reported an untrusted server when the connection had only been reset
     * @param problems the first few findings, described (record ids and markers, never content)
     */
    public record Result(String database, long seed, int rounds, int acknowledged, int records, int deleted, int lost, int doubled, int diverged,
                         int conflicts, int unsettled, int unclean, int falseAlarms, int faults, Map<String, Integer> faultKinds,
                         int answersLost, int restarts,
                         int vaultsClosed, int kills, double seconds, List<String> problems) {

        public boolean clean() {
            return lost == 0 && doubled == 0 && diverged == 0 && unsettled == 0 && unclean == 0 && falseAlarms == 0;
        }

        /** The figures as {@code name: value unit} lines, each name after {@code prefix}. */
        public List<String> figures(String prefix) {
            List<String> out = new ArrayList<>(List.of(prefix + "rounds: " + rounds + " rounds",
                    prefix + "acknowledged: " + acknowledged + " changes",
                    prefix + "records_at_head_office: " + records + " records",
                    prefix + "deleted_at_head_office: " + deleted + " records",
                    prefix + "lost: " + lost + " changes",
                    prefix + "doubled: " + doubled + " records",
                    prefix + "diverged: " + diverged + " records",
                    prefix + "conflicts: " + conflicts + " conflicts",
                    prefix + "unsettled: " + unsettled + " records",
                    prefix + "unclean_rounds: " + unclean + " rounds",
                    prefix + "false_untrusted: " + falseAlarms + " rounds",
                    prefix + "faults: " + faults + " faults"));
            faultKinds.forEach((k, n) -> out.add(prefix + "faults_" + k + ": " + n + " faults"));
            out.addAll(List.of(prefix + "answers_lost_after_applied: " + answersLost + " rounds",
                    prefix + "server_restarts: " + restarts + " restarts",
                    prefix + "vaults_locked_mid_round: " + vaultsClosed + " rounds",
                    prefix + "laptops_killed: " + kills + " kills",
                    prefix + "time: " + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s",
                    prefix + "seed: " + seed + " seed"));
            return out;
        }
    }

    private final Options options;
    private final Path dir;
    private final Random rnd;
    private final Ledger ledger = new Ledger();
    private final List<Laptop> laptops = new ArrayList<>();
    private final Map<Laptop, FaultProxy.Listener> doors = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    /** What happened, a line an event, to explain a finding (record ids and markers only). */
    private final List<String> trace = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger unclean = new AtomicInteger();
    private final AtomicInteger falseAlarms = new AtomicInteger();
    private int conflicts;
    private int restarts;
    private int vaultsClosed;
    private int kills;
    private int answersLost;
    private HeadOffice headOffice;
    private FaultProxy proxy;
    private ExecutorService rounds;

    private ConvergenceRun(Options options, Path dir) {
        this.options = options;
        this.dir = dir;
        this.rnd = new Random(options.seed());
    }

    /** Runs it in {@code dir} (which it fills: the vaults, head office's data, the child laptops' logs). */
    public static Result run(Options options, Path dir) throws Exception {
        return new ConvergenceRun(options, dir).run();
    }

    private Result run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(dir);
        headOffice = HeadOffice.start(options.database(), dir.resolve("head-office"));
        proxy = new FaultProxy(headOffice::port);
        rounds = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "convergence-round");
            t.setDaemon(true);
            return t;
        });
        try {
            setUp();
            int killEvery = options.kills() <= 0 ? Integer.MAX_VALUE : Math.max(1, options.rounds() / (options.kills() + 1));
            for (int round = 1; round <= options.rounds(); round++) {
                round(round);
                if (round % killEvery == 0 && kills < options.kills()) {
                    killMidRound(round);
                }
                if (options.progress() != null && round % 50 == 0) {
                    options.progress().println("# round " + round + ": " + ledger.acknowledgedCount() + " changes acknowledged, "
                            + proxy.faultsFired() + " faults, " + conflicts + " conflicts settled");
                }
            }
            heal();
            return check((System.nanoTime() - started) / 1e9);
        } finally {
            rounds.shutdownNow();
            for (Laptop l : laptops) {
                l.close();
            }
            proxy.close();
            headOffice.close();
        }
    }

    // ---------------------------------------------------------------- setting up

    private void setUp() throws Exception {
        headOffice.server().accounts().addUser(TUTOR_A, Role.TUTOR, PASSWORD.toCharArray());
        headOffice.server().accounts().addUser(TUTOR_B, Role.TUTOR, PASSWORD.toCharArray());
        for (int i = 1; i <= options.laptops(); i++) {
            laptops.add(newLaptop("a" + i, TUTOR_A));
        }
        laptops.add(newLaptop("b1", TUTOR_B));
        Laptop first = laptops.get(0);
        Laptop other = laptops.get(laptops.size() - 1);
        headOffice.assignGroups(TUTOR_A, first.createGroups(2));
        headOffice.assignGroups(TUTOR_B, other.createGroups(1));
        for (Laptop l : laptops) {
            l.client().enrol("https://127.0.0.1:" + doors.get(l).port(), headOffice.server().fingerprint(), l.tutor,
                    PASSWORD.toCharArray(), "convergence " + l.name);
        }
        for (Laptop l : laptops) {
            l.client().sync(SyncProgress.NONE, () -> false);
            l.reload();
        }
        for (Laptop l : laptops) {
            l.client().sync(SyncProgress.NONE, () -> false);
            l.reload();
        }
    }

    private Laptop newLaptop(String name, String tutor) throws Exception {
        Laptop l = new Laptop(name, tutor, dir.resolve(name + ".tutela"), ledger.sink(), ledger::lost, name);
        l.create();
        doors.put(l, proxy.listen(name));
        return l;
    }

    // ---------------------------------------------------------------- one round

    private void round(int round) throws Exception {
        // between rounds: the tutors work, and now and then settle what waits for them
        for (Laptop l : laptops) {
            for (int i = rnd.nextInt(4); i > 0; i--) {
                act(l, round, false);
            }
            if (rnd.nextInt(4) == 0) {
                conflicts += settle(l, round);
            }
        }

        // the plan: who syncs, what breaks, what else happens meanwhile
        List<Laptop> syncing = new ArrayList<>();
        for (Laptop l : laptops) {
            if (rnd.nextInt(10) < 7) {
                syncing.add(l);
            }
        }
        for (Laptop l : syncing) {
            FaultProxy.Listener door = doors.get(l);
            door.disarm();
            door.delayMillis = rnd.nextInt(12) == 0 ? 1 + rnd.nextInt(120) : 0;
            if (rnd.nextInt(100) < 35) {
                FaultProxy.Kind kind = FaultProxy.Kind.values()[rnd.nextInt(FaultProxy.Kind.values().length)];
                door.arm(new FaultProxy.Fault(kind, 1 + rnd.nextInt(6), 1 + rnd.nextInt(kind == FaultProxy.Kind.CUT_REQUEST ? 3000 : 1500)));
            }
        }
        Map<Laptop, Laptop.OpenForm> forms = new LinkedHashMap<>();
        for (Laptop l : syncing) {
            if (rnd.nextInt(5) == 0) {
                Laptop.OpenForm f = l.openForm(rnd);
                if (f != null) {
                    forms.put(l, f);
                }
            }
        }
        // timed events while the rounds run: [millis, what, laptop index]
        List<long[]> events = new ArrayList<>();
        // the tutor works on while the round runs, often in its first few milliseconds (while it sends)
        for (int i = rnd.nextInt(5); i > 0 && !syncing.isEmpty(); i--) {
            events.add(new long[] {rnd.nextBoolean() ? rnd.nextInt(40) : rnd.nextInt(250), 0,
                    laptops.indexOf(syncing.get(rnd.nextInt(syncing.size())))});
        }
        // and now and then settles a conflict while a round runs
        if (!syncing.isEmpty() && rnd.nextInt(6) == 0) {
            events.add(new long[] {rnd.nextInt(250), 4, laptops.indexOf(syncing.get(rnd.nextInt(syncing.size())))});
        }
        Laptop toLock = !syncing.isEmpty() && rnd.nextInt(12) == 0 ? syncing.get(rnd.nextInt(syncing.size())) : null;
        if (toLock != null) {
            events.add(new long[] {rnd.nextInt(150), 1, laptops.indexOf(toLock)});
        }
        boolean restart = rnd.nextInt(25) == 0;
        if (restart) {
            long stopAt = rnd.nextInt(200);
            events.add(new long[] {stopAt, 2, -1});
            events.add(new long[] {stopAt + rnd.nextInt(300), 3, -1});
        }
        events.sort(Comparator.comparingLong(e -> e[0]));

        // the round: every syncing laptop at once
        AtomicBoolean cancel = new AtomicBoolean();
        Map<Laptop, Future<SyncReport>> running = new LinkedHashMap<>();
        for (Laptop l : syncing) {
            running.put(l, rounds.submit(() -> l.client().sync(SyncProgress.NONE, cancel::get)));
            trace.add("r" + round + " " + l + " syncs" + (doors.get(l).armed() ? " (fault armed)" : ""));
        }
        long t0 = System.nanoTime();
        Set<Laptop> locked = new HashSet<>();
        for (long[] e : events) {
            long wait = e[0] - (System.nanoTime() - t0) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            switch ((int) e[1]) {
                case 0 -> {
                    Laptop l = laptops.get((int) e[2]);
                    if (!locked.contains(l)) {
                        // one screen at a time, as in the app: moving on from an open form saves it first
                        saveForm(l, forms.remove(l), round);
                        act(l, round, true);
                    }
                }
                case 1 -> {
                    Laptop l = laptops.get((int) e[2]);
                    l.close();
                    trace.add("r" + round + " " + l + " vault locked");
                    locked.add(l);
                    vaultsClosed++;
                }
                case 2 -> {
                    headOffice.stop();
                    restarts++;
                }
                case 3 -> headOffice.startAgain();
                default -> {
                    Laptop l = laptops.get((int) e[2]);
                    if (!locked.contains(l)) {
                        saveForm(l, forms.remove(l), round);
                        conflicts += settle(l, round);
                    }
                }
            }
        }
        for (Map.Entry<Laptop, Future<SyncReport>> r : running.entrySet()) {
            outcome(round, r.getKey(), r.getValue(), locked.contains(r.getKey()), restart, cancel);
        }
        if (!headOffice.running()) {
            headOffice.startAgain();
        }
        for (Laptop l : syncing) {
            if (!locked.contains(l) && answerLostAfterApplied(l)) {
                answersLost++;
                trace.add("r" + round + " " + l + " did not hear head office apply what it sent");
            }
        }

        // a form kept open across the sync is saved now, against the version it opened
        for (Map.Entry<Laptop, Laptop.OpenForm> f : forms.entrySet()) {
            if (!locked.contains(f.getKey())) {
                saveForm(f.getKey(), f.getValue(), round);
            }
        }
        for (Laptop l : syncing) {
            if (locked.contains(l)) {
                l.open(); // unlocked again: the same file, as it was left
            } else {
                l.reload();
            }
        }
    }

    /** Whether the laptop sent changes that head office received, and never heard so (the answer was lost). */
    private boolean answerLostAfterApplied(Laptop l) throws Exception {
        long received = headOffice.acknowledgedSequence(l.client().account().orElseThrow().deviceId().toString());
        return l.store().pendingOutbox(Integer.MAX_VALUE).stream()
                .anyMatch(e -> e.inFlight() && e.wireSequence() <= received);
    }

    /** What one laptop's round came to; anything but a clean end is noted. */
    private void outcome(int round, Laptop l, Future<SyncReport> f, boolean locked, boolean restart, AtomicBoolean cancel) {
        try {
            f.get(180, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            cancel.set(true);
            unclean.incrementAndGet();
            problem("round " + round + ": " + l + "'s sync did not end within 3 minutes");
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // noted already
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            if (t instanceof SyncException s) {
                switch (s.reason()) {
                    case OFFLINE, CANCELLED -> { }
                    case UNTRUSTED_SERVER -> {
                        falseAlarms.incrementAndGet();
                        problem("round " + round + ": " + l + " reported an untrusted server: " + describe(s));
                    }
                    default -> {
                        // head office failing while it stops ("quote the request id") is the restart, not sync
                        if (!restart) {
                            unclean.incrementAndGet();
                            problem("round " + round + ": " + l + "'s sync failed: " + describe(s));
                        }
                    }
                }
            } else if (t instanceof VaultException && locked) {
                // the vault was locked under the round: it stops, and what it had stored stays
            } else {
                unclean.incrementAndGet();
                problem("round " + round + ": " + l + "'s sync failed" + (locked ? " (vault locked)" : "") + ": " + describe(t));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void act(Laptop l, int round, boolean whileSyncing) {
        try {
            String did = l.act(rnd, options.deletions());
            if (did != null) {
                trace.add("r" + round + " " + l + (whileSyncing ? " (syncing) " : " ") + did);
            }
        } catch (VaultException e) {
            if (l.isOpen()) {
                problem("round " + round + ": " + l + " could not save: " + describe(e));
            }
        } catch (RuntimeException e) {
            problem("round " + round + ": " + l + (whileSyncing ? " (while syncing)" : "") + " failed to save: " + describe(e));
        }
    }

    private void saveForm(Laptop l, Laptop.OpenForm form, int round) {
        if (form == null) {
            return;
        }
        try {
            trace.add("r" + round + " " + l + " " + l.save(form));
        } catch (VaultException e) {
            if (l.isOpen()) {
                problem("round " + round + ": saving a form kept open on " + l + " failed: " + describe(e));
            }
        } catch (RuntimeException e) {
            problem("round " + round + ": saving a form kept open on " + l + " failed: " + describe(e));
        }
    }

    private int settle(Laptop l, int round) {
        try {
            return l.settle(rnd, what -> trace.add("r" + round + " " + l + " " + what));
        } catch (RuntimeException e) {
            problem("round " + round + ": settling conflicts on " + l + " failed: " + describe(e));
            return 0;
        }
    }

    // ---------------------------------------------------------------- a laptop killed

    /** Runs a laptop in a JVM of its own and kills it (SIGKILL) while it works; then opens its vault here again. */
    private void killMidRound(int round) throws Exception {
        Laptop l = laptops.get(rnd.nextInt(options.laptops()));
        long childSeed = rnd.nextLong();
        long after = 300 + rnd.nextInt(1500);
        l.close();
        kills++;
        Path logs = Files.createDirectories(dir.resolve("child-logs"));
        Path ledgerFile = dir.resolve(l.name + "-killed-" + kills + ".ledger");
        Process p = LaptopProcess.start(l.file, ledgerFile, childSeed, l.name, l.tutor, l.name + "k" + kills,
                options.deletions(), logs);
        try {
            if (!LaptopProcess.awaitReady(p, 60_000)) {
                problem("round " + round + ": the laptop JVM for " + l + " did not start");
            } else {
                Thread.sleep(after);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        ledger.merge(ledgerFile);
        trace.add("r" + round + " " + l + " ran in its own JVM and was killed");
        l.open();
    }

    // ---------------------------------------------------------------- healing

    /** No more faults: every laptop syncs until nothing moves, settling every conflict on the way. */
    private void heal() throws Exception {
        proxy.heal();
        headOffice.startAgain();
        for (int pass = 1; pass <= 30; pass++) {
            boolean quiet = true;
            for (Laptop l : laptops) {
                SyncReport r;
                try {
                    r = l.client().sync(SyncProgress.NONE, () -> false);
                } catch (SyncException e) {
                    problem("healing: " + l + "'s sync failed: " + describe(e));
                    quiet = false;
                    continue;
                }
                l.reload();
                int settled = settle(l, -pass);
                conflicts += settled;
                if (settled > 0 || r.sent() > 0 || r.received() > 0 || !r.conflicts().isEmpty() || !r.complete()) {
                    quiet = false;
                }
                if (settled > 0) {
                    l.reload();
                }
            }
            if (quiet) {
                return;
            }
        }
        problem("healing: the laptops were still exchanging changes after 30 passes");
    }

    // ---------------------------------------------------------------- the comparison

    private Result check(double seconds) throws Exception {
        Map<UUID, HeadOffice.Held> held = headOffice.records();
        Map<UUID, String> tutors = ledger.recordTutors();
        int lost = 0;
        int doubled = headOffice.changesAppliedTwice();
        if (doubled > 0) {
            problem(doubled + " changes were applied twice at head office");
        }
        Set<UUID> diverged = new HashSet<>();
        int unsettled = 0;

        // lost: every acknowledged change is in the history of what head office holds, or lost a settled conflict
        Map<UUID, List<Ledger.Version>> byRecord = new TreeMap<>();
        for (UUID id : tutors.keySet()) {
            byRecord.put(id, ledger.versionsOf(id));
        }
        for (Map.Entry<UUID, List<Ledger.Version>> e : byRecord.entrySet()) {
            UUID id = e.getKey();
            HeadOffice.Held h = held.get(id);
            Set<String> covered = new HashSet<>();
            for (String loser : ledger.losersOf(id)) {
                if (Ledger.DELETED.equals(loser)) {
                    for (Ledger.Version v : e.getValue()) {
                        if (v.deletion()) {
                            covered.addAll(ledger.lineage(v.marker()));
                        }
                    }
                } else {
                    covered.addAll(ledger.lineage(loser));
                }
            }
            if (h != null && h.deleted()) {
                for (Ledger.Version v : e.getValue()) {
                    if (v.deletion()) {
                        covered.addAll(ledger.lineage(v.marker()));
                    }
                }
            } else if (h != null) {
                String marker = Ledger.markerOf(h.kind(), false, h.payload());
                if (marker == null || ledger.version(marker) == null) {
                    problem("head office holds a version of " + h.kind() + " " + id + " that no laptop made");
                    diverged.add(id);
                } else {
                    covered.addAll(ledger.lineage(marker));
                }
            }
            for (Ledger.Version v : e.getValue()) {
                if (ledger.isAcknowledged(v.marker()) && !covered.contains(v.marker())) {
                    lost++;
                    problem("lost: " + (v.deletion() ? "deletion " : "change ") + v.marker() + " of " + v.kind() + " " + id
                            + " made on " + v.laptop() + " from " + v.parent() + "; head office has "
                            + (h == null ? "nothing" : h.deleted() ? "it deleted" : Ledger.markerOf(h.kind(), false, h.payload()))
                            + ", losers " + ledger.losersOf(id) + "; versions " + history(e.getValue()));
                    synchronized (trace) {
                        trace.stream().filter(t -> t.contains(id.toString())).limit(40).forEach(t -> detail("  " + t));
                    }
                }
            }
        }

        // doubled: records nobody made, and one version's content in two records
        Map<String, UUID> markerAt = new HashMap<>();
        for (HeadOffice.Held h : held.values()) {
            if (!tutors.containsKey(h.id())) {
                doubled++;
                problem("head office holds " + h.kind() + " " + h.id() + " that no laptop made");
            }
            String marker = h.deleted() ? null : Ledger.markerOf(h.kind(), false, h.payload());
            if (marker != null && markerAt.putIfAbsent(marker, h.id()) != null) {
                doubled++;
                problem("version " + marker + " is in two records at head office: " + markerAt.get(marker) + " and " + h.id());
            }
        }

        // diverged: each laptop holds exactly head office's records in its tutor's scope
        for (Laptop l : laptops) {
            RecordStore s = l.store();
            Map<UUID, StoredRecord> mine = new HashMap<>();
            for (String kind : SYNCED_KINDS) {
                s.list(kind).records().forEach(r -> mine.put(r.id(), r));
                s.tombstones(kind).records().forEach(r -> mine.put(r.id(), r));
            }
            for (HeadOffice.Held h : held.values()) {
                if (!l.tutor.equals(tutors.get(h.id()))) {
                    if (mine.containsKey(h.id())) {
                        diverged.add(h.id());
                        problem(l + " holds " + h.kind() + " " + h.id() + " from another tutor's caseload");
                    }
                    continue;
                }
                StoredRecord r = mine.get(h.id());
                if (r == null) {
                    diverged.add(h.id());
                    problem(l + " lacks " + h.kind() + " " + h.id() + (h.deleted() ? " (deleted)" : ""));
                } else if (r.deleted() != h.deleted()) {
                    diverged.add(h.id());
                    problem(l + " has " + h.kind() + " " + h.id() + (r.deleted() ? " deleted" : " live") + ", head office "
                            + (h.deleted() ? "deleted" : "live"));
                } else if (!h.deleted() && !new String(r.body(), StandardCharsets.UTF_8).equals(h.payload())) {
                    diverged.add(h.id());
                    problem(l + " has " + h.kind() + " " + h.id() + " at " + Ledger.markerOf(r.kind(), false, r.body())
                            + ", head office at " + Ledger.markerOf(h.kind(), false, h.payload()));
                }
            }
            for (StoredRecord r : mine.values()) {
                if (!held.containsKey(r.id())) {
                    diverged.add(r.id());
                    problem(l + " has " + r.kind() + " " + r.id() + " that head office lacks");
                }
            }
            int waiting = s.pendingOutbox(Integer.MAX_VALUE).size();
            int open = s.conflicts().size();
            int refused = s.refusals().size();
            if (waiting + open + refused > 0) {
                unsettled += waiting + open + refused;
                problem(l + " still has " + waiting + " changes waiting, " + open + " conflicts and " + refused + " refusals: "
                        + s.refusals());
            }
        }
        int deleted = (int) held.values().stream().filter(HeadOffice.Held::deleted).count();
        return new Result(options.database(), options.seed(), options.rounds(), ledger.acknowledgedCount(), held.size(), deleted,
                lost, doubled,
                diverged.size(), conflicts, unsettled, unclean.get(), falseAlarms.get(), proxy.faultsFired(), faultKinds(), answersLost, restarts,
                vaultsClosed, kills, seconds, concat(problems, details));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private Map<String, Integer> faultKinds() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (FaultProxy.Kind k : FaultProxy.Kind.values()) {
            out.put(k.name().toLowerCase(java.util.Locale.ROOT), proxy.faultsFired(k));
        }
        return out;
    }

    /** A record's versions in ledger order: marker, laptop, parent, and * for acknowledged. */
    private String history(List<Ledger.Version> versions) {
        StringBuilder b = new StringBuilder();
        versions.stream().sorted(Comparator.comparingLong(Ledger.Version::order)).forEach(v -> b.append(v.order()).append(':')
                .append(v.deletion() ? "delete " : "").append(v.marker()).append('<').append(v.parent())
                .append(ledger.isAcknowledged(v.marker()) ? "*" : "").append(' '));
        return b.toString().strip();
    }

    private synchronized void problem(String what) {
        if (problems.size() < 100) {
            problems.add(what);
        }
    }

    /** The story behind a finding, told after all the findings. */
    private synchronized void detail(String what) {
        if (details.size() < 400) {
            details.add(what);
        }
    }

    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.getClass().getSimpleName());
        if (t.getMessage() != null) {
            b.append(": ").append(t.getMessage());
        }
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) {
            b.append(" at ").append(st[i]);
        }
        if (t.getCause() != null && t.getCause() != t) {
            b.append(" caused by ").append(t.getCause().getClass().getSimpleName());
        }
        return b.toString();
    }
}
