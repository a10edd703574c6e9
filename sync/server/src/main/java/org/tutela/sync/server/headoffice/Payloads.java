package org.tutela.sync.server.headoffice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The JSON of the record payloads head office writes. It is the app's record JSON (the app's
 * {@code RecordJson}): dates as ISO strings, nulls left out, unknown fields kept when head office
 * edits a record (a newer app's fields survive), bytes as base64.
 */
final class Payloads {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Payloads() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a head-office record", e);
        }
    }

    /** The stored JSON as an object to edit, or an empty object if it is not one. */
    static ObjectNode tree(String payload) {
        if (payload == null) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode n = MAPPER.readTree(payload);
            return n instanceof ObjectNode o ? o : MAPPER.createObjectNode();
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    static <T> T read(String payload, Class<T> type) throws IOException {
        return MAPPER.readValue(payload, type);
    }
}
