package org.tutela.app.confidential;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
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
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/**
 * Urgent safeguarding concerns: saved {@link WriteOptions#URGENT} (their outbox entries go first at
 * the next sync), and watched until the safeguarding lead has seen them: if one has not been
 * acknowledged by the lead within the organisation's threshold (default 4 hours), whether it is
 * still on its way to head office or waiting there, {@link #check()} returns a warning to phone the
 * Designated Safeguarding Lead. The lead's acknowledgement arrives by sync (head office's answer to
 * the concern) and stops the warning for that concern. When each urgent concern was first saved is
 * kept in the vault's encrypted local values, so the clock keeps running across restarts.
 */
public final class SafeguardingWatch {
    public static final String CONCERN_KIND = "concern";
    private static final String TRACKED = "safeguarding.urgentSavedAt";
    private static final int OUTBOX_SCAN = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(SafeguardingWatch.class);

    private final Supplier<RecordStore> store;
    private final Clock clock;
    private final OrganisationSettingsStore settings;
    private final Supplier<Set<UUID>> seenByLead;

    /** A watch that learns of no acknowledgement (a concern is watched until it has reached head office and the lead has seen it). */
    public SafeguardingWatch(Supplier<RecordStore> store, Clock clock) {
        this(store, clock, Set::of);
    }

    /**
     * @param seenByLead the concerns the safeguarding lead has acknowledged, as head office's
     *     answers on this laptop say (read on the watch's thread)
     */
    public SafeguardingWatch(Supplier<RecordStore> store, Clock clock, Supplier<Set<UUID>> seenByLead) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.settings = new OrganisationSettingsStore(store);
        this.seenByLead = Objects.requireNonNull(seenByLead);
    }

    /** How a concern is written: urgent when it is a safeguarding concern. */
    public static WriteOptions optionsFor(Concern concern) {
        return concern.urgent() ? WriteOptions.URGENT : WriteOptions.NORMAL;
    }

    /**
     * Saves a concern's record (its JSON, as the records layer writes it): urgent if it is a
     * safeguarding concern, and then watched.
     */
    public StoredRecord save(Concern concern, byte[] body) {
        StoredRecord saved = store.get().save(CONCERN_KIND, concern.id(), body, optionsFor(concern));
        if (concern.urgent()) {
            track(concern.id());
        }
        return saved;
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
        Map<UUID, Instant> pending = new LinkedHashMap<>();
        // Urgent entries come first: read a small page, and a bigger one only while it is all urgent.
        for (int limit = 32; ; limit *= 4) {
            List<OutboxEntry> page = store.get().pendingOutbox(limit);
            pending.clear();
            boolean allUrgent = true;
            for (OutboxEntry entry : page) {
                if (!entry.urgent()) {
                    if (entry.inFlight()) {
                        continue; // sent and awaiting an answer: listed first, whatever their urgency
                    }
                    allUrgent = false;
                    break;
                }
                if (CONCERN_KIND.equals(entry.record().kind())) {
                    pending.putIfAbsent(entry.recordId(), entry.record().updatedAt());
                }
            }
            if (!allUrgent || page.size() < limit || limit >= OUTBOX_SCAN) {
                break;
            }
        }
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

    /** A watched record that is no longer on this laptop, or was deleted. */
    private boolean gone(UUID id) {
        try {
            Optional<StoredRecord> r = store.get().get(id);
            return r.isEmpty() || r.get().deleted();
        } catch (RuntimeException damaged) {
            return false; // a record that cannot be read is still watched: better one phone call too many
        }
    }

    private Map<UUID, Long> tracked() {
        Optional<String> value = store.get().localValue(TRACKED);
        if (value.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(Json.MAPPER.readValue(value.get(), new TypeReference<Map<UUID, Long>>() { }));
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }

    private void store(Map<UUID, Long> tracked) {
        try {
            store.get().putLocalValue(TRACKED, Json.MAPPER.writeValueAsString(tracked));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
