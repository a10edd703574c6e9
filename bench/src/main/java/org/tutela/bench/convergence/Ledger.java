package org.tutela.bench.convergence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every change a laptop tried, and which of them the store acknowledged (the save returned).
 * Each version of a record carries a unique marker in its content (a learner's preferred name, a
 * tutorial's location) and names the version the tutor made it from (its parent: what the screen
 * showed), so the versions of a record form a tree. A change is "tried" just before the save and
 * "acknowledged" just after it returns: a save that committed but was not acknowledged (the JVM
 * was killed in between) is still a known version.
 *
 * <p>Also kept: the losing side the tutor chose in each settled conflict.
 */
final class Ledger {
    /** The marker standing for "deleted" in a record's losing sides. */
    static final String DELETED = "(deleted)";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One version.
     *
     * @param parent the marker of the version the tutor saw and changed; null for a new record
     * @param deletion true for a deletion (its marker is the ledger's own, not in the content)
     */
    record Version(String marker, UUID recordId, String kind, String tutor, String laptop, String parent, boolean deletion,
                   long order) {
    }

    /** Where a laptop writes what it tries and what was acknowledged. */
    interface Sink {
        void tried(Version v);

        void acknowledged(String marker);
    }

    private final Map<String, Version> versions = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Set<String>> losers = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();

    /** The in-process sink: straight into this ledger. */
    Sink sink() {
        return new Sink() {
            @Override
            public void tried(Version v) {
                versions.put(v.marker(), new Version(v.marker(), v.recordId(), v.kind(), v.tutor(), v.laptop(), v.parent(),
                        v.deletion(), nextOrder()));
            }

            @Override
            public void acknowledged(String marker) {
                acknowledged.add(marker);
            }
        };
    }

    long nextOrder() {
        return order.incrementAndGet();
    }

    /** The tutor settled a conflict and this side lost ({@link #DELETED} for a deletion). */
    void lost(UUID recordId, String marker) {
        losers.computeIfAbsent(recordId, k -> ConcurrentHashMap.newKeySet()).add(marker == null ? DELETED : marker);
    }

    Version version(String marker) {
        return versions.get(marker);
    }

    boolean isAcknowledged(String marker) {
        return acknowledged.contains(marker);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Every record any laptop tried to create or change, with the tutor whose laptop did. */
    Map<UUID, String> recordTutors() {
        Map<UUID, String> out = new java.util.HashMap<>();
        for (Version v : versions.values()) {
            out.putIfAbsent(v.recordId(), v.tutor());
        }
        return out;
    }

    List<Version> versionsOf(UUID recordId) {
        List<Version> out = new ArrayList<>();
        for (Version v : versions.values()) {
            if (v.recordId().equals(recordId)) {
                out.add(v);
            }
        }
        return out;
    }

    Set<String> losersOf(UUID recordId) {
        return losers.getOrDefault(recordId, Set.of());
    }

    /** The marker and its ancestors (the versions it was made from, back to the record's creation). */
    Set<String> lineage(String marker) {
        Set<String> out = new HashSet<>();
        String m = marker;
        while (m != null && out.add(m)) {
            Version v = versions.get(m);
            m = v == null ? null : v.parent();
        }
        return out;
    }

    /** A record version's marker as it stands in its content; null for a tombstone or content without one. */
    static String markerOf(String kind, boolean deleted, byte[] body) {
        if (deleted || body == null) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode m = switch (kind) {
                case "learner" -> root.get("preferredName");
                case "tutorial" -> root.path("plan").get("location");
                case "group" -> root.get("name");
                case "concern" -> root.get("description");
                default -> null;
            };
            return m == null || !m.isTextual() ? null : m.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String markerOf(String kind, boolean deleted, String payload) {
        return payload == null ? null : markerOf(kind, deleted, payload.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- a child JVM's ledger file

    /** A sink writing one line per event to a file, flushed at once (it survives the process being killed). */
    static Sink fileSink(Path file) throws IOException {
        java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return new Sink() {
            @Override
            public synchronized void tried(Version v) {
                write("T\t" + v.marker() + "\t" + v.recordId() + "\t" + v.kind() + "\t" + v.tutor() + "\t" + v.laptop() + "\t"
                        + (v.parent() == null ? "" : v.parent()) + "\t" + v.deletion() + "\n");
            }

            @Override
            public synchronized void acknowledged(String marker) {
                write("A\t" + marker + "\n");
            }

            private void write(String line) {
                try {
                    w.write(line);
                    w.flush();
                } catch (IOException e) {
                    throw new IllegalStateException("ledger file", e);
                }
            }
        };
    }

    /** Takes in what a child JVM wrote (a last line cut short by the kill is ignored). */
    void merge(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // only whole lines: a line the kill cut short could name another marker
        text = text.substring(0, text.lastIndexOf('\n') + 1);
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 8 && f[0].equals("T")) {
                versions.put(f[1], new Version(f[1], UUID.fromString(f[2]), f[3], f[4], f[5], f[6].isEmpty() ? null : f[6],
                        Boolean.parseBoolean(f[7]), nextOrder()));
            } else if (f.length == 2 && f[0].equals("A")) {
                acknowledged.add(f[1]);
            }
        }
    }
}
