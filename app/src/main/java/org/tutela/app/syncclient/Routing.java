package org.tutela.app.syncclient;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 *
 * <p>Read as a stream of tokens, not as a tree: a push reads every record it sends, and only
 * three top-level fields (or the sealed header's) matter. As with a tree, a repeated field counts
 * at its last place, and a body that is not JSON gives no ids.
 */
final class Routing {
    private Routing() {
    }

    /** The ids one JSON object names. */
    private static final class Ids {
        UUID learner;
        UUID group;
        /** The tutorial a record belongs to (an opening, a copies register entry). */
        UUID tutorial;
        /** The first of {@code groupIds}, where a learner keeps the groups they belong to. */
        UUID firstGroup;
        /** The sealed envelope's plaintext header: null if absent; {@link #NOT_AN_OBJECT} if not an object. */
        Ids header;
    }

    private static final Ids NOT_AN_OBJECT = new Ids();

    /** {learnerId, groupId}, either may be null; {@code lookup} finds a tutorial this record belongs to. */
    static UUID[] of(StoredRecord record, java.util.function.Function<UUID, java.util.Optional<StoredRecord>> lookup) {
        Ids root = root(record);
        UUID[] own = of(record, root);
        if (own[0] == null && own[1] == null && !record.deleted() && BELONG_TO_A_TUTORIAL.contains(record.kind())) {
            UUID tutorial = root == null ? null : root.tutorial;
            if (tutorial != null) {
                return lookup.apply(tutorial).filter(t -> RecordKinds.TUTORIAL.equals(t.kind())).map(Routing::of).orElse(own);
            }
        }
        return own;
    }

    private static final java.util.Set<String> BELONG_TO_A_TUTORIAL =
            java.util.Set.of(RecordKinds.CONFIDENTIAL_OPENING, RecordKinds.COPIES_REGISTER);

    /** The top-level object's ids, or null when the body is not one JSON object. */
    private static Ids root(StoredRecord record) {
        try (JsonParser p = ProtocolJson.mapper().getFactory().createParser(record.body())) {
            JsonToken first = p.nextToken();
            Ids root = new Ids();
            if (first == JsonToken.START_OBJECT) {
                root = read(p, record.sealed());
            } else {
                p.skipChildren(); // an array or a single value names no ids
            }
            if (first != null && p.nextToken() != null) {
                return null; // something after it: not one JSON document
            }
            return root;
        } catch (IOException e) {
            return null;
        }
    }

    /** {learnerId, groupId}, either may be null. */
    static UUID[] of(StoredRecord record) {
        return of(record, root(record));
    }

    /** {learnerId, groupId} from the record's top-level ids as read ({@code null}: not one JSON object). */
    private static UUID[] of(StoredRecord record, Ids root) {
        if (root == null) {
            return new UUID[] {null, null};
        }
        if (record.sealed() && root.header != null) {
            root = root.header;
        }
        UUID learner = root.learner;
        UUID group = root.group;
        if (RecordKinds.LEARNER.equals(record.kind())) {
            learner = record.id();
            if (group == null) {
                group = root.firstGroup;
            }
        } else if (RecordKinds.GROUP.equals(record.kind())) {
            group = record.id();
        }
        return new UUID[] {learner, group};
    }

    /** Reads the object the parser is at the start of, to its end. */
    private static Ids read(JsonParser p, boolean withHeader) throws IOException {
        Ids ids = new Ids();
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "learnerId" -> ids.learner = uuid(p, value);
                case "groupId" -> ids.group = uuid(p, value);
                case "tutorialId" -> ids.tutorial = uuid(p, value);
                case "groupIds" -> {
                    ids.firstGroup = null;
                    if (value == JsonToken.START_ARRAY) {
                        JsonToken first = p.nextToken();
                        ids.firstGroup = first == JsonToken.END_ARRAY ? null : uuid(p, first);
                        if (first != JsonToken.END_ARRAY) {
                            p.skipChildren();
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "header" -> {
                    if (withHeader && value == JsonToken.START_OBJECT) {
                        ids.header = read(p, false);
                    } else {
                        p.skipChildren();
                        if (withHeader) {
                            ids.header = NOT_AN_OBJECT;
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("not an object");
        }
        return ids;
    }

    /** The value as a UUID if it is a string holding one; otherwise null (its children skipped). */
    private static UUID uuid(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            try {
                return UUID.fromString(p.getText());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        p.skipChildren();
        return null;
    }
}
