package org.tutela.sync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {
    private final ObjectMapper json = ProtocolJson.mapper();

    @Test
    void pushRequestRoundTripsWithIsoInstantsAndNoNulls() throws Exception {
        PushEntry e = new PushEntry(7L, UUID.randomUUID(), RecordKinds.TUTORIAL, 2L, null, 3L, Instant.parse("2026-01-05T10:00:00Z"),
                false, true, false, UUID.randomUUID(), null, "{\"sealed\":\"envelope\"}");
        PushRequest req = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, UUID.randomUUID(), null, List.of(e));
        String text = json.writeValueAsString(req);
        assertTrue(text.contains("\"updatedAt\":\"2026-01-05T10:00:00Z\""), text);
        assertFalse(text.contains("groupId"), text);
        assertFalse(text.contains("serverEpoch"), text);
        assertEquals(req, json.readValue(text, PushRequest.class));
    }

    @Test
    void instantsInTheFormBothSidesWriteReadAsTheGeneralParserReadsThemAndOthersAsBefore() throws Exception {
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
            for (Instant v : List.of(t, t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    t.truncatedTo(java.time.temporal.ChronoUnit.MICROS))) {
                String text = v.toString();
                assertEquals(v, ProtocolJson.canonicalInstant(text), text);
                assertEquals(v, ProtocolJson.instant(text), text);
                assertEquals(v, json.readValue("\"" + text + "\"", Instant.class), text);
            }
        }
        for (String odd : List.of("2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-01-05T24:00:00Z", "2026-01-05T10:60:00Z",
                "2026-01-05T10:00:60Z", "2026-01-05T10:00:00.Z", "2026-01-05T10:00:00.1234567890Z", "2026-01-05T10:00:00+01:00",
                "2026-01-05 10:00:00Z", "+2026-01-05T10:00:00Z", "2026-1-05T10:00:00Z", "20260105T100000Z", "1767607200")) {
            assertEquals(null, ProtocolJson.canonicalInstant(odd), odd);
        }
        assertEquals(Instant.parse("2026-01-05T09:00:00Z"), ProtocolJson.instant("2026-01-05T10:00:00+01:00"));
        assertThrows(java.time.format.DateTimeParseException.class, () -> ProtocolJson.instant("2026-02-29T10:00:00Z"));
        // what the general path reads besides (an offset) it still reads; what it refuses it still refuses
        assertEquals(Instant.parse("2026-01-05T09:00:00Z"), json.readValue("\"2026-01-05T10:00:00+01:00\"", Instant.class));
        assertThrows(Exception.class, () -> json.readValue("\"2026-02-29T10:00:00Z\"", Instant.class));
        assertThrows(Exception.class, () -> json.readValue("\"2026-01-05T10:00:60Z\"", Instant.class));
        assertThrows(Exception.class, () -> json.readValue("1767607200", Instant.class));
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThrows(UnrecognizedPropertyException.class,
                () -> json.readValue("{\"protocolVersion\":\"1\",\"colour\":\"blue\"}", PushRequest.class));
    }

    /** A push entry with one field's JSON text replaced. */
    private static String entryWith(String field, String json) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("deviceSequence", "2");
        fields.put("recordId", "\"" + UUID.randomUUID() + "\"");
        fields.put("kind", "\"tutorial\"");
        fields.put("baseRevision", "0");
        fields.put("revision", "1");
        fields.put("updatedAt", "\"2026-01-05T10:00:00Z\"");
        fields.put("urgent", "false");
        fields.put("learnerId", "\"" + UUID.randomUUID() + "\"");
        fields.put("payload", "\"{}\"");
        fields.put(field, json);
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }

    @Test
    void wrongJsonTypesAreRefusedNotCoerced() throws Exception {
        assertEquals(2L, json.readValue(entryWith("deviceSequence", "2"), PushEntry.class).deviceSequence());
        for (String[] wrong : List.of(
                new String[] {"deviceSequence", "\"2\""},
                new String[] {"deviceSequence", "2.0"},
                new String[] {"urgent", "1"},
                new String[] {"urgent", "\"true\""},
                new String[] {"payload", "12"},
                new String[] {"payload", "true"},
                new String[] {"kind", "7"},
                new String[] {"updatedAt", "1767607200"},
                new String[] {"updatedAt", "1767607200.5"},
                new String[] {"updatedAt", "\"\""},
                new String[] {"learnerId", "\"\""},
                new String[] {"recordId", "\"\""},
                new String[] {"learnerId", "7"},
                new String[] {"revision", "\"\""})) {
            String text = entryWith(wrong[0], wrong[1]);
            com.fasterxml.jackson.databind.JsonMappingException e = assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class,
                    () -> json.readValue(text, PushEntry.class), wrong[0] + "=" + wrong[1] + " was accepted");
            assertEquals(wrong[0], e.getPath().get(e.getPath().size() - 1).getFieldName(), text);
        }
        assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class,
                () -> json.readValue("{\"protocolVersion\":1,\"username\":\"a\",\"password\":\"b\"}", EnrolRequest.class));
    }

    @Test
    void numbersBeyondSixtyFourBitsAreAFieldProblemNotMalformedJson() {
        String text = entryWith("deviceSequence", "99999999999999999999999");
        Exception e = assertThrows(Exception.class, () -> json.readValue(text, PushEntry.class));
        assertTrue(e instanceof com.fasterxml.jackson.core.exc.InputCoercionException
                || e instanceof com.fasterxml.jackson.databind.JsonMappingException, e.getClass().getName());
    }

    @Test
    void whatTheServerWritesTheAppReadsBack() throws Exception {
        SyncRecord record = new SyncRecord(UUID.randomUUID(), RecordKinds.TUTORIAL, 3, Instant.parse("2026-01-05T10:00:00Z"), false, true,
                UUID.randomUUID(), null, 1, 42, "{}");
        PullResponse page = new PullResponse(Protocol.PROTOCOL_VERSION, "e", List.of(record), 42, false);
        assertEquals(page, json.readValue(json.writeValueAsString(page), PullResponse.class));
        HealthResponse health = new HealthResponse("ok", "1", Protocol.SUPPORTED_PROTOCOL_VERSIONS, Protocol.SUPPORTED_SCHEMA_VERSIONS, "e");
        assertEquals(health, json.readValue(json.writeValueAsString(health), HealthResponse.class));
    }

    @Test
    void secretsStayOutOfToString() {
        assertFalse(new EnrolRequest("1", "j.tutor", "hunter2hunter2", "laptop").toString().contains("hunter2"));
        assertFalse(new EnrolResponse("1", UUID.randomUUID(), "the-token", "tutor", "e", "Tutor Name").toString().contains("the-token"));
    }

    @Test
    void versionsAndLimitsAreExplicit() {
        assertTrue(Protocol.supportsProtocol("1"));
        assertFalse(Protocol.supportsProtocol("2"));
        assertFalse(Protocol.supportsProtocol(null));
        assertTrue(Protocol.supportsSchema(1));
        assertFalse(Protocol.supportsSchema(0));
        assertTrue(Protocol.MAX_BATCH_ENTRIES > 0 && Protocol.MAX_BATCH_BYTES > Protocol.MAX_PAYLOAD_BYTES);
    }
}
