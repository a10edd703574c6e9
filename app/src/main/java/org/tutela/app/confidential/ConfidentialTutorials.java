package org.tutela.app.confidential;

import org.tutela.app.domain.ConfidentialOpening;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.domain.PassphraseRule;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.records.RecordKind;
import org.tutela.app.records.TypedStore;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.sealed.EnvelopeDamagedException;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.protocol.sealed.WrongPasswordException;

/**
 * Confidential tutorials: sealing a tutorial into its {@link SealedEnvelope}, stored sealed
 * ({@link TypedStore#saveSealed}) under the tutorial's own id and kind, so the stored body is
 * the envelope (plaintext header + ciphertext) and never the content; the vault's data key alone
 * cannot open it. Opening needs the tutorial's password; each opening is recorded as its own record;
 * wrong passwords are slowed down; changing the password rewraps the content key only.
 *
 * <p>Thread-safe; the slow parts (Argon2id, the delay after wrong passwords) run on the caller's
 * thread, so callers run them off the UI thread (and not on the vault's single writer thread, which
 * a delay would hold up).
 */
public final class ConfidentialTutorials {
    /** Argon2id cost for a tutorial's password: about a quarter of a second on a modest laptop. */
    public static final Argon2Params DEFAULT_KDF = new Argon2Params(64 * 1024, 3, 1);

    private static final Logger LOG = LoggerFactory.getLogger(ConfidentialTutorials.class);

    private final TypedStore store;
    private final Supplier<String> who;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Argon2Params kdf;
    private final PasswordThrottle throttle;
    private final OrganisationSettingsStore settings;
    private final Set<OpenedTutorial> open = ConcurrentHashMap.newKeySet();
    /** One password try at a time per tutorial, so parallel tries cannot skip the delay. */
    private final java.util.Map<UUID, Object> tryLocks = new ConcurrentHashMap<>();
    private final List<Runnable> closeAllListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param store the open vault's records (called each time: the vault may be locked and reopened)
     * @param who the tutor using the app, recorded with each opening
     * @param kdf Argon2id cost for new passwords (tests pass {@link Argon2Params#FLOOR})
     */
    public ConfidentialTutorials(TypedStore store, String who, Clock clock, Sleeper sleeper, Argon2Params kdf) {
        this(store, constant(Objects.requireNonNull(who)), clock, sleeper, kdf);
    }

    /** @param who the tutor using the app, asked at each opening (their details may change while the app runs) */
    public ConfidentialTutorials(TypedStore store, Supplier<String> who, Clock clock, Sleeper sleeper, Argon2Params kdf) {
        this.store = Objects.requireNonNull(store);
        this.who = Objects.requireNonNull(who);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.kdf = Objects.requireNonNull(kdf).requireUsable();
        this.throttle = new PasswordThrottle(store, clock);
        this.settings = new OrganisationSettingsStore(store);
    }

    /** The app's: the real clock and waits, and the full Argon2id cost for new passwords. */
    public static ConfidentialTutorials forApp(TypedStore store, Supplier<String> who) {
        return new ConfidentialTutorials(store, who, Clock.systemUTC(), Sleeper.REAL, DEFAULT_KDF);
    }

    /**
     * The lightest Argon2id cost allowed, so each envelope seals in a moment: for the demo's
     * envelopes (their password is printed in the user guide) and for tests.
     */
    public static ConfidentialTutorials atLightestCost(TypedStore store, Supplier<String> who, Sleeper sleeper) {
        return new ConfidentialTutorials(store, who, Clock.systemUTC(), sleeper, Argon2Params.FLOOR);
    }

    private static Supplier<String> constant(String who) {
        return () -> who;
    }

    /**
     * The envelope as a tutorial holding nothing of the content (empty form, no location, no
     * signatures), marked confidential: for lists, the timeline and the caseload summary, so a
     * sealed tutorial still counts toward entitlement. Never save it over the sealed record.
     *
     * @throws IllegalArgumentException the header lacks what a tutorial needs (kind, date, learner)
     */
    public static Tutorial asEnvelopeOnly(SealedEnvelope envelope) {
        SealedEnvelope.Header h = envelope.header();
        org.tutela.app.domain.TutorialKind kind;
        org.tutela.app.domain.TutorialOutcome outcome;
        try {
            kind = org.tutela.app.domain.TutorialKind.valueOf(h.tutorialKind());
            outcome = h.outcome() == null ? null : org.tutela.app.domain.TutorialOutcome.valueOf(h.outcome());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The envelope's header does not name a kind of tutorial");
        }
        return new Tutorial(h.envelopeId(), kind, h.learnerId(), h.groupId(), List.of(), h.tutor(),
                org.tutela.app.domain.TutorialPlan.on(h.date(), null, null), outcome, null, null, null, null, null,
                true, false, List.of());
    }

    // ------------------------------------------------------------------ seal

    /**
     * Seals the tutorial (marked confidential) under the password and, where the organisation has
     * configured one, to the safeguarding lead's key, and stores the envelope in its place.
     *
     * @throws IllegalArgumentException the password does not meet {@link PassphraseRule}
     * @return its envelope as everyone may see it
     * @throws IllegalStateException the tutorial is already sealed (open it to change it)
     */
    public ConfidentialEnvelope seal(Tutorial tutorial, char[] password) {
        return ConfidentialEnvelope.of(sealEnvelope(tutorial, password));
    }

    private SealedEnvelope sealEnvelope(Tutorial tutorial, char[] password) {
        Objects.requireNonNull(tutorial, "tutorial");
        PassphraseRule.Verdict verdict = PassphraseRule.check(java.nio.CharBuffer.wrap(password));
        if (verdict != PassphraseRule.Verdict.ACCEPTED) {
            throw new IllegalArgumentException("The password is not strong enough (" + verdict + ")");
        }
        if (envelope(tutorial.id()).isPresent()) {
            throw new IllegalStateException("This tutorial is already confidential");
        }
        Tutorial confidential = tutorial.toBuilder().confidential(true).build();
        byte[] content = TutorialContent.toJson(confidential);
        try {
            SealedEnvelope envelope = Sealing.seal(header(confidential), content, password, kdf, settings.load().escrowPublicKey());
            // Urgent: head office (and every laptop that pulled it) replaces any open version it holds soon.
            // The vault erases the open version from its file and log as this commits.
            store.inTransaction(s -> {
                s.saveSealed(tutorial.id(), Sealing.toJson(envelope), true);
                throttle.start(tutorial.id()); // its wrong-password count exists from the start (see PasswordThrottle)
                return null;
            });
            LOG.info("Tutorial {} sealed as confidential (escrow: {})", tutorial.id(), envelope.escrowWrap() != null);
            return envelope;
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * Seals the tutorial as {@link #seal} does and keeps it open for its author to go on writing:
     * what is typed next is saved with {@link #update}, sealed. Not recorded as an opening (the
     * author is still writing it); closed like any opened tutorial, at the latest when the vault locks.
     */
    public OpenedTutorial sealAndKeepOpen(Tutorial tutorial, char[] password) {
        SealedEnvelope envelope = sealEnvelope(tutorial, password);
        OpenedTutorial opened = opened(Sealing.unsealWithPassword(envelope, password));
        open.add(opened);
        return opened;
    }

    /** The envelope of a sealed tutorial, or empty if there is no such tutorial or it is not sealed. */
    public Optional<SealedEnvelope> envelope(UUID tutorialId) {
        return store.sealedEnvelope(tutorialId).map(Sealing::fromJson);
    }

    /** Every sealed tutorial's envelope, e.g. for the learner's timeline. */
    public List<SealedEnvelope> envelopes() {
        return store.sealedEnvelopes().stream().map(Sealing::fromJson).toList();
    }

    // ------------------------------------------------------------------ open

    /** How long until the next password try for this tutorial may run (zero: now). */
    public Duration delayBeforeNextTry(UUID tutorialId) {
        return throttle.remaining(tutorialId);
    }

    /**
     * False when this laptop holds no count of wrong tries for the tutorial (sealed elsewhere and
     * not yet opened here, or the count was deleted): its next try waits the longest delay.
     */
    public boolean triesCounted(UUID tutorialId) {
        return throttle.counted(tutorialId);
    }

    /** Wrong tries in a row for this tutorial. */
    public int failedTries(UUID tutorialId) {
        return throttle.failures(tutorialId);
    }

    /**
     * Opens a sealed tutorial with its password (waiting out any delay owed for earlier wrong
     * tries first) and records the opening.
     *
     * @throws WrongConfidentialPasswordException with the number of wrong tries and the next delay
     * @throws java.util.NoSuchElementException there is no sealed tutorial with this id
     * @throws DamagedConfidentialTutorialException the envelope was altered or damaged
     */
    public OpenedTutorial open(UUID tutorialId, char[] password) {
        synchronized (tryLocks.computeIfAbsent(tutorialId, id -> new Object())) {
            try {
                return openOneTry(tutorialId, password);
            } catch (EnvelopeDamagedException e) {
                throw new DamagedConfidentialTutorialException(tutorialId, e);
            }
        }
    }

    private OpenedTutorial openOneTry(UUID tutorialId, char[] password) {
        SealedEnvelope envelope = envelope(tutorialId).orElseThrow();
        waitOutDelay(tutorialId);
        Sealing.Unsealed unsealed;
        try {
            unsealed = Sealing.unsealWithPassword(envelope, password);
        } catch (WrongPasswordException e) {
            throw wrong(tutorialId);
        }
        throttle.succeeded(tutorialId);
        OpenedTutorial opened = opened(unsealed);
        recordOpening(tutorialId, ConfidentialOpening.Method.PASSWORD);
        open.add(opened);
        LOG.info("Confidential tutorial {} opened with its password", tutorialId);
        return opened;
    }

    /**
     * Saves a changed version of an opened tutorial: re-sealed with the same content key and
     * wraps (the password is not asked again), the header updated.
     */
    public SealedEnvelope update(OpenedTutorial opened, Tutorial changed) {
        Sealing.Unsealed unsealed = opened.unsealed();
        Tutorial confidential = changed.toBuilder().confidential(true).build();
        if (!confidential.id().equals(opened.tutorial().id())) {
            throw new IllegalArgumentException("Saving an opened tutorial keeps its id");
        }
        Tutorial.checkChange(opened.tutorial(), confidential);
        SealedEnvelope stored = envelope(confidential.id()).orElseThrow();
        if (!sameWraps(stored, unsealed.envelope())) {
            // The password was changed (here or on another laptop) since it was opened: re-sealing
            // with the wraps held here would bring the old password back.
            throw new IllegalStateException("This confidential tutorial changed since it was opened; close it and open it again");
        }
        byte[] content = TutorialContent.toJson(confidential);
        SealedEnvelope resealed = unsealed.reseal(header(confidential), content);
        store.saveSealed(confidential.id(), Sealing.toJson(resealed), false);
        // keep the opened copy current; its bytes are this new content
        Arrays.fill(content, (byte) 0);
        opened.replace(unsealed.follow(resealed), confidential);
        return resealed;
    }

    /**
     * Changes a tutorial's password: the content key is rewrapped under the new one; the content
     * and the escrow wrap are unchanged. Wrong current passwords are slowed down as for opening.
     *
     * @throws WrongConfidentialPasswordException the current password is wrong
     * @throws IllegalArgumentException the new password does not meet {@link PassphraseRule}
     */
    public SealedEnvelope changePassword(UUID tutorialId, char[] current, char[] replacement) {
        PassphraseRule.Verdict verdict = PassphraseRule.check(java.nio.CharBuffer.wrap(replacement));
        if (verdict != PassphraseRule.Verdict.ACCEPTED) {
            throw new IllegalArgumentException("The new password is not strong enough (" + verdict + ")");
        }
        synchronized (tryLocks.computeIfAbsent(tutorialId, id -> new Object())) {
            return changePasswordOneTry(tutorialId, current, replacement);
        }
    }

    private SealedEnvelope changePasswordOneTry(UUID tutorialId, char[] current, char[] replacement) {
        SealedEnvelope envelope = envelope(tutorialId).orElseThrow();
        waitOutDelay(tutorialId);
        SealedEnvelope changed;
        try {
            changed = Sealing.changePassword(envelope, current, replacement, kdf);
        } catch (WrongPasswordException e) {
            throw wrong(tutorialId);
        }
        throttle.succeeded(tutorialId);
        store.saveSealed(tutorialId, Sealing.toJson(changed), false);
        LOG.info("Confidential tutorial {}: password changed", tutorialId);
        return changed;
    }

    // ------------------------------------------------------------------ export and openings

    /** The envelope as JSON, for head office (the escrow tool opens it); holds no plaintext content. */
    public byte[] exportJson(UUID tutorialId) {
        return Sealing.toJson(envelope(tutorialId).orElseThrow());
    }

    /** Writes the envelope JSON to the file the user chose (replacing it atomically). */
    public void export(UUID tutorialId, Path file) throws IOException {
        byte[] json = exportJson(tutorialId);
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            Files.write(temp, json);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The recorded openings of a tutorial, oldest first. */
    public List<ConfidentialOpening> openings(UUID tutorialId) {
        List<ConfidentialOpening> result = new ArrayList<>();
        for (ConfidentialOpening o : store.all(RecordKind.CONFIDENTIAL_OPENING)) {
            if (tutorialId.equals(o.tutorialId())) {
                result.add(o);
            }
        }
        result.sort(Comparator.comparing(ConfidentialOpening::at));
        return result;
    }

    /** Records an opening made elsewhere (by escrow at head office, when it syncs back as a record). */
    public ConfidentialOpening recordOpening(UUID tutorialId, ConfidentialOpening.Method method) {
        ConfidentialOpening opening = new ConfidentialOpening(UUID.randomUUID(), tutorialId, who.get(), clock.instant(), method);
        return store.save(RecordKind.CONFIDENTIAL_OPENING, opening.id(), opening);
    }

    // ------------------------------------------------------------------ closing

    /** Closes every opened tutorial (called when the vault locks), then tells the listeners (on this thread). */
    public void closeAll() {
        for (OpenedTutorial opened : List.copyOf(open)) {
            opened.close();
        }
        for (Runnable listener : closeAllListeners) {
            listener.run();
        }
    }

    /** Called after {@link #closeAll()}, e.g. by an open dialog to clear its screen. */
    public void addCloseAllListener(Runnable listener) {
        closeAllListeners.add(listener);
    }

    public void removeCloseAllListener(Runnable listener) {
        closeAllListeners.remove(listener);
    }

    /** How many tutorials are open now. */
    public int openCount() {
        return open.size();
    }

    void forget(OpenedTutorial opened) {
        open.remove(opened);
    }

    // ------------------------------------------------------------------ internals

    /** The unsealed content as an opened tutorial; the key is wiped if the content cannot be read. */
    private OpenedTutorial opened(Sealing.Unsealed unsealed) {
        try {
            return new OpenedTutorial(this, unsealed, TutorialContent.fromJson(unsealed.content()));
        } catch (RuntimeException e) {
            unsealed.close();
            throw e;
        }
    }

    private void waitOutDelay(UUID tutorialId) {
        Duration wait = throttle.remaining(tutorialId);
        if (!wait.isZero()) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting to try the password", e);
            }
        }
    }

    private static boolean sameWraps(SealedEnvelope a, SealedEnvelope b) {
        SealedEnvelope.PasswordWrap pa = a.passwordWrap();
        SealedEnvelope.PasswordWrap pb = b.passwordWrap();
        boolean password = Arrays.equals(pa.salt(), pb.salt()) && Arrays.equals(pa.nonce(), pb.nonce())
                && Arrays.equals(pa.wrappedKey(), pb.wrappedKey());
        SealedEnvelope.EscrowWrap ea = a.escrowWrap();
        SealedEnvelope.EscrowWrap eb = b.escrowWrap();
        boolean escrow = ea == null ? eb == null
                : eb != null && Arrays.equals(ea.enc(), eb.enc()) && Arrays.equals(ea.wrappedKey(), eb.wrappedKey());
        return password && escrow;
    }

    private WrongConfidentialPasswordException wrong(UUID tutorialId) {
        int failures = throttle.failed(tutorialId);
        LOG.info("Confidential tutorial {}: wrong password ({} in a row)", tutorialId, failures);
        return new WrongConfidentialPasswordException(failures, throttle.delayAfterFailure(tutorialId));
    }

    private SealedEnvelope.Header header(Tutorial t) {
        return new SealedEnvelope.Header(t.id(), t.learnerId(), t.groupId(), t.tutor(), t.date(), t.kind().name(),
                t.outcome().name(), SealedEnvelope.LABEL, Instant.now(clock));
    }
}
