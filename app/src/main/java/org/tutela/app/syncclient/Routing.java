package org.tutela.app.syncclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.UUID;
import org.tutela.app.vault.StoredRecord;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.RecordKinds;

/**
 * The plaintext routing metadata the server needs for scope (docs/sync-protocol.md section 7):
 * which learner and which group a record belongs to. Read from the record itself; for a sealed
 * tutorial from its envelope's plaintext header, never from its content; for a deleted record
 * from what its tombstone kept (the vault keeps a tombstone's routing ids and nothing else). A
 * record that belongs to a tutorial and names neither (an opening of a confidential tutorial, a
 * copies register entry) is routed as that tutorial is.
 */
final class Routing {
    private Routing() {
    }

    /** {learnerId, groupId}, either may be null; {@code lookup} finds a tutorial this record belongs to. */
    static UUID[] of(StoredRecord record, java.util.function.Function<UUID, java.util.Optional<StoredRecord>> lookup) {
        UUID[] own = of(record);
        if (own[0] == null && own[1] == null && !record.deleted() && BELONG_TO_A_TUTORIAL.contains(record.kind())) {
            try {
                UUID tutorial = uuid(ProtocolJson.mapper().readTree(record.body()), "tutorialId");
                if (tutorial != null) {
                    return lookup.apply(tutorial).filter(t -> RecordKinds.TUTORIAL.equals(t.kind())).map(Routing::of).orElse(own);
                }
            } catch (IOException e) {
                return own;
            }
        }
        return own;
    }

    private static final java.util.Set<String> BELONG_TO_A_TUTORIAL =
            java.util.Set.of(RecordKinds.CONFIDENTIAL_OPENING, RecordKinds.COPIES_REGISTER);

    /** {learnerId, groupId}, either may be null. */
    static UUID[] of(StoredRecord record) {
        JsonNode root;
        try {
            root = ProtocolJson.mapper().readTree(record.body());
        } catch (IOException e) {
            return new UUID[] {null, null};
        }
        if (record.sealed() && root.has("header")) {
            root = root.get("header");
        }
        UUID learner = uuid(root, "learnerId");
        UUID group = uuid(root, "groupId");
        if (RecordKinds.LEARNER.equals(record.kind())) {
            learner = record.id();
            JsonNode groups = root.get("groupIds");
            if (group == null && groups != null && groups.isArray() && groups.size() > 0) {
                group = parse(groups.get(0).asText());
            }
        } else if (RecordKinds.GROUP.equals(record.kind())) {
            group = record.id();
        }
        return new UUID[] {learner, group};
    }

    private static UUID uuid(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : parse(value.asText());
    }

    private static UUID parse(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
