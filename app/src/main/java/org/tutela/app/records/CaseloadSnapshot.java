package org.tutela.app.records;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialSummary;

/**
 * What the caseload list is made from (groups, learners, the tutorials as summaries and which are
 * sealed), kept in the vault, encrypted, when the vault locks, so the next unlock reads it in one
 * piece instead of opening every record: with 10,000 learners and 100,000 tutorials that is 22 MB
 * in 16 KiB pieces instead of 110,000 envelopes, and no tutorial's JSON to read.
 *
 * <p>The vault keeps it only if the records are, at that moment, exactly the ones the caseload
 * holds in memory (each at the revision it holds), and drops it at the next change to any record,
 * so a snapshot that exists is the records' own list. A snapshot that is missing, in another
 * format or does not read is passed over and the caseload is read from its records, as always.
 *
 * <p>Learners and groups are kept as their records' JSON (the same reader as the records); a
 * tutorial's summary field by field. A new field in {@link TutorialSummary} must be written and
 * read here and {@link #FORMAT} raised (a test holds the field count).
 */
final class CaseloadSnapshot {
    private static final Logger log = LoggerFactory.getLogger(CaseloadSnapshot.class);

    /** Raised whenever what is written here changes: a snapshot in another format is not read. */
    static final int FORMAT = 1;
    static final Set<String> KINDS = Set.of(RecordKind.Names.GROUP, RecordKind.Names.LEARNER, RecordKind.Names.TUTORIAL);

    private static final int SEALED = 1;
    private static final int SUMMARY = 2;

    private CaseloadSnapshot() {
    }

    /**
     * Keeps what memory holds as the vault's snapshot, if memory holds every record whole (nothing
     * damaged) and exactly as the vault holds it now. Called under the memory's lock.
     */
    static boolean keep(CaseloadMemory m) {
        if (!m.damaged.isEmpty()) {
            return false; // read them again next time, so the tutor is told again
        }
        Map<UUID, Long> revisions = new HashMap<>();
        if (!revisionsOf(m, m.groups.keySet(), revisions) || !revisionsOf(m, m.learners.keySet(), revisions)
                || !revisionsOf(m, m.tutorials.keySet(), revisions) || !revisionsOf(m, m.sealedTutorials, revisions)) {
            return false;
        }
        // written only if the vault keeps it (not when the one kept before is still true)
        return m.store.keepSnapshot(FORMAT, () -> written(m), KINDS, revisions);
    }

    private static boolean revisionsOf(CaseloadMemory m, Set<UUID> ids, Map<UUID, Long> into) {
        for (UUID id : ids) {
            Long revision = m.revisions.get(id);
            if (revision == null) {
                return false;
            }
            into.put(id, revision);
        }
        return true;
    }

    /**
     * Fills empty memory from the vault's snapshot; false (memory left empty) if there is none or
     * it does not read. Called under the memory's lock.
     */
    static boolean read(CaseloadMemory m) {
        Optional<ByteBuffer> content = m.store.snapshot(FORMAT);
        if (content.isEmpty()) {
            return false;
        }
        Decoded d;
        try {
            d = decode(content.get());
        } catch (IOException | RuntimeException e) {
            log.warn("The caseload's snapshot does not read ({}); the caseload is read from its records", e.getClass().getSimpleName());
            m.store.dropSnapshot(); // or it would stay, as true to the records as it is unreadable, until a record changes
            return false;
        }
        fill(m, d);
        log.info("The caseload list was read from the snapshot kept at lock ({} learners, {} tutorials)",
                d.learners.size(), d.tutorials.ids.length);
        return true;
    }

    /**
     * Reads a snapshot's content whole, or throws. Two cores: the learners' JSON is read on another
     * thread while this one reads the tutorials.
     */
    private static Decoded decode(ByteBuffer in) throws IOException {
        List<Kept<Group>> groups = parse(readBodies(in), RecordKind.GROUP);
        Bodies learnerBodies = readBodies(in);
        CompletableFuture<List<Kept<Learner>>> parsing = CompletableFuture.supplyAsync(() -> {
            try {
                return parse(learnerBodies, RecordKind.LEARNER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Tutorials t;
        try {
            t = readTutorials(in);
            if (in.hasRemaining()) {
                throw new IOException("trailing bytes");
            }
        } catch (IOException | RuntimeException e) {
            parsing.exceptionally(x -> null).join(); // not left running behind the records' load
            throw e;
        }
        return new Decoded(groups, joined(parsing), t);
    }

    /** Puts what was read into empty memory; the search index is built on another thread while the tutorials are filed. */
    private static void fill(CaseloadMemory m, Decoded d) {
        for (Kept<Group> g : d.groups) {
            m.groups.put(g.value.id(), g.value);
            m.revisions.put(g.value.id(), g.revision);
        }
        for (Kept<Learner> l : d.learners) {
            m.learners.put(l.value.id(), l.value);
            m.revisions.put(l.value.id(), l.revision);
        }
        CompletableFuture<Void> indexing = CompletableFuture.runAsync(() -> m.index.putAll(m.learners.values(), m.groups::get));
        try {
            for (TutorialSummary summary : d.tutorials.summaries) {
                m.putTutorial(summary);
            }
            m.sealedTutorials.addAll(d.tutorials.sealed);
            for (int i = 0; i < d.tutorials.ids.length; i++) {
                m.revisions.put(d.tutorials.ids[i], d.tutorials.revisions[i]);
            }
        } finally {
            indexing.join();
        }
    }

    private static <T> T joined(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** {@code made} written as a snapshot's content and read back into {@code into} (the warm-up: no vault). */
    static void warmUp(CaseloadMemory made, CaseloadMemory into) {
        try {
            fill(into, decode(ByteBuffer.wrap(written(made))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Kept<T>(T value, long revision) {
    }

    private record Decoded(List<Kept<Group>> groups, List<Kept<Learner>> learners, Tutorials tutorials) {
    }

    private record Bodies(List<byte[]> bodies, long[] revisions) {
    }

    /** The tutorials' ids and revisions side by side, the summaries of those that are not sealed. */
    private record Tutorials(List<TutorialSummary> summaries, Set<UUID> sealed, UUID[] ids, long[] revisions) {
    }

    // ------------------------------------------------------------------ writing

    private static byte[] written(CaseloadMemory m) {
        try {
            return write(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array output, which never fails
        }
    }

    private static byte[] write(CaseloadMemory m) throws IOException {
        Set<UUID> tutorialIds = new LinkedHashSet<>(m.tutorials.keySet());
        tutorialIds.addAll(m.sealedTutorials);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024 + m.learners.size() * 600 + tutorialIds.size() * 120);
        DataOutputStream out = new DataOutputStream(bytes);
        writeRecords(out, m, m.groups.values(), RecordKind.GROUP, Group::id);
        writeRecords(out, m, m.learners.values(), RecordKind.LEARNER, Learner::id);
        out.writeInt(tutorialIds.size());
        for (UUID id : tutorialIds) {
            TutorialSummary t = m.tutorials.get(id);
            writeUuid(out, id);
            out.writeLong(m.revisions.get(id));
            out.writeByte((m.sealedTutorials.contains(id) ? SEALED : 0) | (t != null ? SUMMARY : 0));
            if (t != null) {
                writeSummary(out, t);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static <T> void writeRecords(DataOutputStream out, CaseloadMemory m, java.util.Collection<T> values, RecordKind<T> kind,
                                         Function<T, UUID> idOf) throws IOException {
        out.writeInt(values.size());
        for (T value : values) {
            out.writeLong(m.revisions.get(idOf.apply(value)));
            byte[] json = kind.write(value);
            out.writeInt(json.length);
            out.write(json);
        }
    }

    private static void writeSummary(DataOutputStream out, TutorialSummary t) throws IOException {
        writeString(out, t.kind() == null ? null : t.kind().name());
        writeNullableUuid(out, t.learnerId());
        writeNullableUuid(out, t.groupId());
        out.writeInt(t.attendeeIds().size());
        for (UUID a : t.attendeeIds()) {
            writeUuid(out, a);
        }
        writeString(out, t.tutor());
        writeDate(out, t.date());
        out.writeLong(t.time() == null ? -1 : t.time().toNanoOfDay());
        writeString(out, t.outcome().name());
        writeDate(out, t.learnerNotifiedOn());
        out.writeByte((t.arrangementsChanged() ? 1 : 0) | (t.confidential() ? 2 : 0) | (t.draft() ? 4 : 0) | (t.locked() ? 8 : 0));
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static void writeNullableUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            writeUuid(out, id);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void writeDate(DataOutputStream out, LocalDate d) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            out.writeLong(d.toEpochDay());
        }
    }

    // ------------------------------------------------------------------ reading

    private static Tutorials readTutorials(ByteBuffer in) throws IOException {
        int n = count(in);
        List<TutorialSummary> summaries = new ArrayList<>(n);
        Set<UUID> sealed = new LinkedHashSet<>();
        UUID[] ids = new UUID[n];
        long[] revisions = new long[n];
        Repeats repeats = new Repeats();
        for (int i = 0; i < n; i++) {
            UUID id = readUuid(in);
            long revision = in.getLong();
            int flags = in.get();
            if ((flags & SEALED) != 0) {
                sealed.add(id);
            }
            if ((flags & SUMMARY) != 0) {
                summaries.add(readSummary(in, id, repeats));
            }
            ids[i] = id;
            revisions[i] = revision;
        }
        return new Tutorials(summaries, sealed, ids, revisions);
    }

    /**
     * One object for each learner, group, date, time and word that 100,000 summaries repeat (a
     * learner's id in each of their tutorials, the same few hundred days), so the caseload holds
     * each once: some 20 MB less at 100,000 tutorials, and that much less for the collector to copy
     * while an unlock builds it.
     */
    private static final class Repeats {
        final Map<UUID, UUID> ids = new HashMap<>();
        final Map<Long, LocalDate> dates = new HashMap<>();
        final Map<Long, LocalTime> times = new HashMap<>();
        final Map<String, String> words = new HashMap<>();

        UUID id(UUID read) {
            UUID kept = ids.putIfAbsent(read, read);
            return kept != null ? kept : read;
        }
    }

    private static Bodies readBodies(ByteBuffer in) throws IOException {
        int n = count(in);
        List<byte[]> bodies = new ArrayList<>(n);
        long[] revisions = new long[n];
        for (int i = 0; i < n; i++) {
            revisions[i] = in.getLong();
            byte[] body = new byte[count(in)];
            in.get(body);
            bodies.add(body);
        }
        return new Bodies(bodies, revisions);
    }

    private static <T> List<Kept<T>> parse(Bodies b, RecordKind<T> kind) throws IOException {
        List<Kept<T>> out = new ArrayList<>(b.bodies.size());
        for (int i = 0; i < b.bodies.size(); i++) {
            out.add(new Kept<>(kind.read(b.bodies.get(i)), b.revisions[i]));
        }
        return out;
    }

    private static TutorialSummary readSummary(ByteBuffer in, UUID id, Repeats repeats) throws IOException {
        String kind = readString(in, repeats.words);
        UUID learnerId = readNullableUuid(in, repeats);
        UUID groupId = readNullableUuid(in, repeats);
        int attendees = count(in);
        List<UUID> attendeeIds = attendees == 0 ? List.of() : new ArrayList<>(attendees);
        for (int i = 0; i < attendees; i++) {
            attendeeIds.add(repeats.id(readUuid(in)));
        }
        String tutor = readString(in, repeats.words);
        LocalDate date = readDate(in, repeats);
        long time = in.getLong();
        String outcome = readString(in, repeats.words);
        LocalDate notified = readDate(in, repeats);
        int flags = in.get();
        return new TutorialSummary(id, kind == null ? null : TutorialKind.valueOf(kind), learnerId, groupId, attendeeIds, tutor,
                date, time < 0 ? null : repeats.times.computeIfAbsent(time, LocalTime::ofNanoOfDay), TutorialOutcome.valueOf(outcome),
                notified, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0);
    }

    private static int count(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IOException("a count past the end");
        }
        return n;
    }

    private static UUID readUuid(ByteBuffer in) {
        return new UUID(in.getLong(), in.getLong());
    }

    private static UUID readNullableUuid(ByteBuffer in, Repeats repeats) {
        return in.get() != 0 ? repeats.id(readUuid(in)) : null;
    }

    private static String readString(ByteBuffer in, Map<String, String> strings) throws IOException {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IOException("a string past the end");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return strings.computeIfAbsent(s, Function.identity());
    }

    private static LocalDate readDate(ByteBuffer in, Repeats repeats) {
        return in.get() != 0 ? repeats.dates.computeIfAbsent(in.getLong(), LocalDate::ofEpochDay) : null;
    }
}
