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
        PushEntry e = new PushEntry(7L, UUID.randomUUID(), RecordKinds.TUTORIAL, 2L, 3L, Instant.parse("2026-01-05T10:00:00Z"),
                false, true, false, UUID.randomUUID(), null, "{\"sealed\":\"envelope\"}");
        PushRequest req = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, UUID.randomUUID(), null, List.of(e));
        String text = json.writeValueAsString(req);
        assertTrue(text.contains("\"updatedAt\":\"2026-01-05T10:00:00Z\""), text);
        assertFalse(text.contains("groupId"), text);
        assertFalse(text.contains("serverEpoch"), text);
        assertEquals(req, json.readValue(text, PushRequest.class));
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThrows(UnrecognizedPropertyException.class,
                () -> json.readValue("{\"protocolVersion\":\"1\",\"colour\":\"blue\"}", PushRequest.class));
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
