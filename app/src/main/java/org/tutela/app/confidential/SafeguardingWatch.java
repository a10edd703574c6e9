package org.tutela.app.confidential;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.domain.Concern;
import org.tutela.app.records.RecordKind;
import org.tutela.app.records.TypedStore;

/**
 * Urgent safeguarding concerns: saved urgent (their outbox entries go first at the next sync), and watched until the safeguarding lead has seen them: if one has not been
 * acknowledged by the lead within the organisation's threshold (default 4 hours), whether it is
 * still on its way to head office or waiting there, {@link #check()} returns a warning to phone the
 * Designated Safeguarding Lead. The lead's acknowledgement arrives by sync (head office's answer to
 * the concern) and stops the warning for that concern. When each urgent concern was first saved is
 * kept in the vault's encrypted local values, so the clock keeps running across restarts.
 */
public final class SafeguardingWatch {
    private static final String TRACKED = "safeguarding.urgentSavedAt";
    private static final TypeReference<Map<UUID, Long>> TRACKED_TYPE = new TypeReference<>() { };
    private static final Logger LOG = LoggerFactory.getLogger(SafeguardingWatch.class);

    private final TypedStore store;
    private final Clock clock;
    private final OrganisationSettingsStore settings;
    private final Supplier<Set<UUID>> seenByLead;

    /** A watch that learns of no acknowledgement (a concern is watched until it has reached head office and the lead has seen it). */
    public SafeguardingWatch(TypedStore store, Clock clock) {
        this(store, clock, Set::of);
    }

    /**
     * @param seenByLead the concerns the safeguarding lead has acknowledged, as head office's
     *     answers on this laptop say (read on the watch's thread)
     */
    public SafeguardingWatch(TypedStore store, Clock clock, Supplier<Set<UUID>> seenByLead) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.settings = new OrganisationSettingsStore(store);
        this.seenByLead = Objects.requireNonNull(seenByLead);
    }

    /** Saves a concern: urgent if it is a safeguarding concern, and then watched. */
    public Concern save(Concern concern) {
        store.save(RecordKind.CONCERN, concern.id(), concern);
        if (RecordKind.CONCERN.urgent(concern)) {
            track(concern.id());
        }
        return concern;
    }

    /** Starts the clock for an urgent record saved elsewhere (kept if it is already running). */
    public void track(UUID recordId) {
        Map<UUID, Long> tracked = tracked();
        if (!tracked.containsKey(recordId)) {
            tracked.put(recordId, clock.millis());
            store(tracked);
        }
    }

    /**
     * Urgent concerns the safeguarding lead has not seen longer than the threshold, or empty. A
     * concern is watched from when it was first saved: while it waits in the outbox (a refused one,
     * or one in conflict, waits there too, offered again at every sync), and after head office has
     * it, until the lead's acknowledgement arrives. Concerns the lead has seen, or that were
     * deleted, stop being watched.
     */
    public Optional<SafeguardingWarning> check() {
        Map<UUID, Instant> pending = store.waitingUrgently(RecordKind.CONCERN);
        Set<UUID> seen = seenByLead.get();
        Map<UUID, Long> tracked = tracked();
        boolean changed = false;
        // a concern waiting to be sent is watched from the first time it is seen waiting, and stays watched once sent
        for (Map.Entry<UUID, Instant> p : pending.entrySet()) {
            if (!tracked.containsKey(p.getKey()) && !seen.contains(p.getKey())) {
                tracked.put(p.getKey(), p.getValue().toEpochMilli());
                changed = true;
            }
        }
        changed |= tracked.keySet().removeIf(id -> seen.contains(id) || (!pending.containsKey(id) && gone(id)));
        if (changed) {
            store(tracked);
        }
        OrganisationSettings org = settings.load();
        Instant now = clock.instant();
        Map<UUID, Instant> watched = new LinkedHashMap<>();
        for (Map.Entry<UUID, Instant> p : pending.entrySet()) {
            if (!seen.contains(p.getKey())) {
                Long first = tracked.get(p.getKey());
                watched.put(p.getKey(), first != null ? Instant.ofEpochMilli(first) : p.getValue());
            }
        }
        tracked.forEach((id, first) -> watched.putIfAbsent(id, Instant.ofEpochMilli(first)));
        List<Map.Entry<UUID, Instant>> late = new ArrayList<>();
        for (Map.Entry<UUID, Instant> w : watched.entrySet()) {
            if (!Duration.between(w.getValue(), now).minus(org.urgentSyncThreshold()).isNegative()) {
                late.add(w);
            }
        }
        if (late.isEmpty()) {
            return Optional.empty();
        }
        late.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        Instant oldest = late.get(0).getValue();
        int notDelivered = (int) late.stream().filter(e -> pending.containsKey(e.getKey())).count();
        LOG.warn("{} safeguarding concern(s) not yet seen by the safeguarding lead after the time allowed ({} not yet at head office)",
                late.size(), notDelivered);
        return Optional.of(new SafeguardingWarning(late.stream().map(Map.Entry::getKey).toList(), oldest,
                Duration.between(oldest, now), org.dslPhone(), org.urgentSyncThreshold(), notDelivered));
    }

    /** A watched record that is no longer on this laptop, or was deleted (one that cannot be read is still watched: better one phone call too many). */
    private boolean gone(UUID id) {
        return store.isGone(id);
    }

    private Map<UUID, Long> tracked() {
        return new LinkedHashMap<>(store.local(TRACKED, TRACKED_TYPE).orElse(Map.of()));
    }

    private void store(Map<UUID, Long> tracked) {
        store.putLocal(TRACKED, tracked);
    }
}
