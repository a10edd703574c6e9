package org.tutela.app.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.tutela.app.domain.Uln;

/**
 * The JSON form of the domain records inside the vault's encrypted bodies: plain Jackson on the
 * domain's Java records (no annotations in the domain), dates as ISO strings, a ULN as its digits,
 * unknown fields ignored (a newer app's record still opens), nulls left out.
 */
public final class RecordJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("tutela-domain")
                    .addSerializer(Uln.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Uln value, JsonGenerator gen, SerializerProvider p) throws IOException {
                            gen.writeString(value.value());
                        }
                    })
                    .addDeserializer(Uln.class, new JsonDeserializer<>() {
                        @Override
                        public Uln deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                            return Uln.parse(p.getValueAsString());
                        }
                    }))
            .addMixIn(org.tutela.app.domain.Tutorial.class, TutorialFieldOrder.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private RecordJson() {
    }

    /**
     * A tutorial's summary fields come before its form, snapshot and history, so the caseload can
     * read the 100,000 summaries it needs at unlock and stop before the bulk of each record
     * ({@link TutorialSummaryReader}). {@code confidential} is always written, so seeing it before
     * {@code form} tells the reader a record was written in this order.
     */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"id", "kind", "learnerId", "groupId", "attendeeIds", "tutor", "plan",
        "outcome", "heldOn", "confidential", "draft", "learnerSignature", "tutorSignature"})
    private abstract static class TutorialFieldOrder {
    }

    /** The shared, configured mapper (thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write a " + record.getClass().getSimpleName() + " record", e);
        }
    }

    /** @throws IOException or a domain validation exception when the JSON does not make a valid record */
    public static <T> T read(byte[] body, Class<T> type) throws IOException {
        return MAPPER.readValue(body, type);
    }
}
