package org.tutela.app.records;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;

/**
 * Search as you type over learners' names (given, family, preferred), ULN, ILR reference,
 * course, school or employer and group name. Case and accents do not matter; every word typed
 * must appear somewhere (as a prefix or inside a word); learners whose words start with what was
 * typed come first, then by family name. The folded keys are computed once per learner.
 */
public final class LearnerIndex {

    private record Entry(Learner learner, String key, String sortKey) {
    }

    private final Map<UUID, Entry> entries = new HashMap<>();
    private Entry[] sorted;
    /** The last search's text and the entries it matched (before any filter): typing on narrows from them. */
    private String lastQuery;
    private Entry[] lastMatches;

    void put(Learner l, Function<UUID, Group> groups) {
        StringBuilder k = new StringBuilder(128).append(' ');
        for (String part : new String[] {l.givenName(), l.familyName(), l.preferredName(),
                l.uln() == null ? null : l.uln().value(), l.ilrReference(), l.course(), l.schoolOrEmployer()}) {
            appendFolded(k, part);
        }
        for (UUID g : l.groupIds()) {
            Group group = groups.apply(g);
            if (group != null) {
                appendFolded(k, group.name());
            }
        }
        entries.put(l.id(), new Entry(l, k.toString(), l.sortKey()));
        changed();
    }

    void remove(UUID id) {
        if (entries.remove(id) != null) {
            changed();
        }
    }

    void clear() {
        entries.clear();
        changed();
    }

    private void changed() {
        sorted = null;
        lastQuery = null;
        lastMatches = null;
    }

    /** An index of these learners (and the names of their groups), on its own. */
    public static LearnerIndex of(Collection<Learner> learners, Function<UUID, Group> groups) {
        LearnerIndex index = new LearnerIndex();
        index.putAll(learners, groups);
        return index;
    }

    void putAll(Collection<Learner> learners, Function<UUID, Group> groups) {
        for (Learner l : learners) {
            put(l, groups);
        }
    }

    private static void appendFolded(StringBuilder k, String part) {
        String f = SearchText.fold(part);
        if (!f.isEmpty()) {
            k.append(f).append(' ');
        }
    }

    /**
     * Learners matching what was typed (all of them, by family name, when nothing was typed) that
     * also pass {@code filter}.
     */
    public List<Learner> search(String typed, Predicate<Learner> filter) {
        Entry[] all = sorted();
        String q = SearchText.fold(typed);
        if (q.isEmpty()) {
            List<Learner> out = new ArrayList<>(all.length);
            for (Entry e : all) {
                if (filter.test(e.learner)) {
                    out.add(e.learner);
                }
            }
            return out;
        }
        // typing on: every word of the longer text contains a word of the shorter, so only its matches can match
        Entry[] candidates = lastQuery != null && q.startsWith(lastQuery) ? lastMatches : all;
        String[] words = q.split(" ");
        String[] starts = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            starts[i] = " " + words[i];
        }
        List<Entry> matches = new ArrayList<>();
        List<Learner> prefixed = new ArrayList<>();
        List<Learner> inside = new ArrayList<>();
        outer:
        for (Entry e : candidates) {
            boolean allStart = true;
            for (int i = 0; i < words.length; i++) {
                if (e.key.contains(starts[i])) {
                    continue;
                }
                if (!e.key.contains(words[i])) {
                    continue outer;
                }
                allStart = false;
            }
            matches.add(e);
            if (filter.test(e.learner)) {
                (allStart ? prefixed : inside).add(e.learner);
            }
        }
        lastQuery = q;
        lastMatches = matches.toArray(new Entry[0]);
        prefixed.addAll(inside);
        return prefixed;
    }

    public int size() {
        return entries.size();
    }

    private Entry[] sorted() {
        Entry[] s = sorted;
        if (s == null) {
            s = entries.values().toArray(new Entry[0]);
            Arrays.sort(s, (a, b) -> {
                int c = a.sortKey.compareTo(b.sortKey);
                return c != 0 ? c : a.learner.id().compareTo(b.learner.id());
            });
            sorted = s;
        }
        return s;
    }
}
