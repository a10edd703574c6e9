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
 * the next sync), and watched: if one has not been acknowledged by head office within the
 * organisation's threshold (default 4 hours), {@link #check()} returns a warning to phone the
 * Designated Safeguarding Lead. When each urgent concern was first saved is kept in the vault's
 * encrypted local values, so the clock keeps running across restarts.
 */
public final class SafeguardingWatch {
    public static final String CONCERN_KIND = "concern";
    private static final String TRACKED = "safeguarding.urgentSavedAt";
    private static final int OUTBOX_SCAN = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(SafeguardingWatch.class);

    private final Supplier<RecordStore> store;
    private final Clock clock;
    private final OrganisationSettingsStore settings;

    public SafeguardingWatch(Supplier<RecordStore> store, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.settings = new OrganisationSettingsStore(store);
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
     * Urgent records not yet acknowledged by head office longer than the threshold, or empty. A
     * concern leaves the outbox only once head office has applied it: a refused one, or one in
     * conflict, waits there (offered again at every sync), so it still counts as not delivered.
     * Records no longer waiting stop being watched.
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
                if (entry.record().sealed()) {
                    continue; // a tutorial sealed as confidential goes first too, but is not a concern to phone about
                }
                pending.putIfAbsent(entry.recordId(), entry.record().updatedAt());
            }
            if (!allUrgent || page.size() < limit || limit >= OUTBOX_SCAN) {
                break;
            }
        }
        Map<UUID, Long> tracked = tracked();
        if (tracked.keySet().removeIf(id -> !pending.containsKey(id))) {
            store(tracked);
        }
        OrganisationSettings org = settings.load();
        Instant now = clock.instant();
        List<Map.Entry<UUID, Instant>> late = new ArrayList<>();
        for (Map.Entry<UUID, Instant> p : pending.entrySet()) {
            Long first = tracked.get(p.getKey());
            Instant savedAt = first != null ? Instant.ofEpochMilli(first) : p.getValue();
            if (!Duration.between(savedAt, now).minus(org.urgentSyncThreshold()).isNegative()) {
                late.add(Map.entry(p.getKey(), savedAt));
            }
        }
        if (late.isEmpty()) {
            return Optional.empty();
        }
        late.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        Instant oldest = late.get(0).getValue();
        LOG.warn("{} safeguarding concern(s) not yet at head office after the time allowed", late.size());
        return Optional.of(new SafeguardingWarning(late.stream().map(Map.Entry::getKey).toList(), oldest,
                Duration.between(oldest, now), org.dslPhone(), org.urgentSyncThreshold()));
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
