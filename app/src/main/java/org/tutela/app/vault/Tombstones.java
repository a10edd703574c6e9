package org.tutela.app.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a deleted record keeps: only the routing ids its record had ({@code learnerId},
 * {@code groupId}), so that head office can tell whose caseload a deletion belongs to. For a
 * sealed record they are read from its envelope's plaintext header; a learner's first group
 * stands for {@code groupId}. Nothing else of the content is kept.
 */
final class Tombstones {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private Tombstones() {
    }

    static byte[] bodyFor(byte[] body, boolean sealed) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            return EMPTY.clone();
        }
        if (root == null || !root.isObject()) {
            return EMPTY.clone();
        }
        if (sealed && root.has("header")) {
            root = root.get("header");
        }
        ObjectNode kept = JSON.createObjectNode();
        copy(root, "learnerId", kept, "learnerId");
        copy(root, "groupId", kept, "groupId");
        JsonNode groups = root.get("groupIds");
        if (!kept.has("groupId") && groups != null && groups.isArray() && groups.size() > 0 && groups.get(0).isTextual()) {
            kept.put("groupId", groups.get(0).asText());
        }
        try {
            return JSON.writeValueAsBytes(kept);
        } catch (IOException e) {
            return EMPTY.clone();
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && v.isTextual()) {
            to.put(as, v.asText());
        }
    }
}
