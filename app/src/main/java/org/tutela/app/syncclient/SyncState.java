package org.tutela.app.syncclient;

import static org.tutela.app.syncclient.HeadOfficeConnection.NOT_PROTOCOL_V1;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tutela.app.vault.Conflict;
import org.tutela.app.vault.HeadVersion;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Refusal;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;

/**
 * What sync keeps of its own in the vault's encrypted local values: the account (with the next
 * wire number and the pull cursor) and the restore mark, read and written as JSON; and what
 * earlier versions of Tutela kept there, carried over once. Apart from the push and the pull,
 * which both read and move the account, so that it is read and written in one place.
 */
final class SyncState {
    static final String ACCOUNT = "sync.account";
    /**
     * Set when head office, or this vault, turns out to have been restored from a backup, until
     * head office has been read whole and this laptop has re-sent what head office lacks.
     */
    static final String RESTORED = "sync.restored";
    /** Where earlier versions of Tutela kept sync state in local values (carried over once). */
    private static final String OLD_WIRE = "sync.wire";
    private static final String OLD_CONFLICTS = "sync.conflicts";
    private static final String OLD_CONFLICT_PREFIX = "sync.conflict.";
    private static final String OLD_REJECTED = "sync.rejected";

    private final RecordStore store;
    private final ObjectMapper json = ProtocolJson.mapper();

    SyncState(RecordStore store) {
        this.store = store;
    }

    Optional<SyncAccount> account() {
        return store.localValue(ACCOUNT).map(text -> read(text, SyncAccount.class));
    }

    /** The account as stored now, read inside a transaction (so nothing changes it before the transaction writes it). */
    SyncAccount account(RecordStore s) {
        return s.localValue(ACCOUNT).map(text -> read(text, SyncAccount.class))
                .orElseThrow(() -> new SyncException(SyncException.Reason.NOT_ENROLLED, null));
    }

    /**
     * Conflicts and refusals were once kept in local values, and sent entries numbered in a map:
     * carries them into the vault's own tables (refused changes are queued to be offered again).
     */
    void carryOverEarlierState() {
        if (store.localValue(OLD_CONFLICTS).isEmpty() && store.localValue(OLD_REJECTED).isEmpty() && store.localValue(OLD_WIRE).isEmpty()) {
            return;
        }
        store.inTransaction(s -> {
            List<UUID> ids = s.localValue(OLD_CONFLICTS).map(t -> read(t, new TypeReference<List<UUID>>() { })).orElse(List.of());
            for (UUID id : ids) {
                Optional<SyncRecord> theirs = s.localValue(OLD_CONFLICT_PREFIX + id).map(t -> read(t, SyncRecord.class));
                if (theirs.isPresent() && s.get(id).isPresent()) {
                    SyncRecord r = theirs.get();
                    s.putConflict(new Conflict(id, r.kind(), Conflict.Origin.HEAD_OFFICE, Instant.now(), Pull.toLocal(r),
                            new HeadVersion(r.revision(), Versions.hash(r.deleted(), r.payload()))));
                }
                s.putLocalValue(OLD_CONFLICT_PREFIX + id, null);
            }
            Map<UUID, String> rejected = s.localValue(OLD_REJECTED)
                    .map(t -> (Map<UUID, String>) read(t, new TypeReference<LinkedHashMap<UUID, String>>() { })).orElse(Map.of());
            for (Map.Entry<UUID, String> r : rejected.entrySet()) {
                if (s.get(r.getKey()).isPresent()) {
                    s.putRefusal(new Refusal(r.getKey(), r.getValue(), Instant.now()));
                    s.requeue(r.getKey(), false);
                }
            }
            s.putLocalValue(OLD_CONFLICTS, null);
            s.putLocalValue(OLD_REJECTED, null);
            s.putLocalValue(OLD_WIRE, null);
            return null;
        });
    }

    void putAccount(RecordStore s, SyncAccount account) {
        s.putLocalValue(ACCOUNT, new String(write(account), StandardCharsets.UTF_8));
    }

    byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> T read(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("Sync state in the vault is unreadable", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw SyncException.refused(NOT_PROTOCOL_V1, null, "an answer that is not protocol v1", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException("Sync state in the vault is unreadable", e);
        }
    }
}
