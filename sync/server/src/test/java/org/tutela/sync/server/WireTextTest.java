package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;

/**
 * Every string field of an enrolment and a push is checked for text head office cannot store,
 * including fields added to the protocol later (they are found by reflection, not listed here).
 * The HTTP behaviour on both databases is proved in {@link AbstractSyncServerTest}.
 */
class WireTextTest {
    private static final List<String> UNSTORABLE = List.of("a\u0000b", "\u0000", "lone \ud800 high", "lone \udc00 low", "end \ud83d");

    /** A record of {@code type} with ordinary values, and {@code text} in the string component {@code bad}. */
    private static <T extends Record> T with(Class<T> type, String bad, String text) throws Exception {
        RecordComponent[] parts = type.getRecordComponents();
        Object[] args = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Class<?> t = parts[i].getType();
            types[i] = t;
            args[i] = t == String.class ? (parts[i].getName().equals(bad) ? text : "ordinary text é 😀")
                    : t == Long.class ? (Object) 1L : t == Integer.class ? (Object) 1 : t == Boolean.class ? Boolean.FALSE
                    : t == UUID.class ? UUID.randomUUID() : t == Instant.class ? Instant.now()
                    : t == List.class ? List.of(with(PushEntry.class, bad, text)) : null;
        }
        return type.getDeclaredConstructor(types).newInstance(args);
    }

    private static List<String> stringFields(Class<? extends Record> type) {
        return java.util.Arrays.stream(type.getRecordComponents()).filter(c -> c.getType() == String.class).map(RecordComponent::getName).toList();
    }

    @Test
    void everyStringOfAnEnrolmentIsChecked() throws Exception {
        for (String field : stringFields(EnrolRequest.class)) {
            for (String text : UNSTORABLE) {
                EnrolRequest req = with(EnrolRequest.class, field, text);
                ApiException e = assertThrows(ApiException.class, () -> WireText.check(req), field);
                assertEquals(400, e.status());
                assertEquals(ErrorCodes.INVALID_FIELD, e.body().code());
                assertEquals(field, e.body().field());
            }
        }
        assertDoesNotThrow(() -> WireText.check(with(EnrolRequest.class, "", "")));
    }

    @Test
    void everyStringOfAPushIsCheckedAndAPayloadIsLeftToItsEntry() throws Exception {
        for (String field : stringFields(PushRequest.class)) {
            PushRequest req = with(PushRequest.class, field, "a\u0000b");
            assertEquals(field, assertThrows(ApiException.class, () -> WireText.check(req), field).body().field());
        }
        for (String field : stringFields(PushEntry.class)) {
            for (String text : UNSTORABLE) {
                PushRequest req = with(PushRequest.class, field, text);
                if (field.equals("payload")) {
                    assertDoesNotThrow(() -> WireText.check(req), "a payload rejects its entry alone, not the request");
                } else {
                    assertEquals("entries[0]." + field, assertThrows(ApiException.class, () -> WireText.check(req), field).body().field());
                }
            }
        }
    }

    @Test
    void ordinaryTextAndWholeSurrogatePairsAreFine() {
        assertNull(WireText.problem(null));
        assertNull(WireText.problem(""));
        assertNull(WireText.problem("Ffion ap Rhys, café, 😀, \t\n"));
        for (String text : UNSTORABLE) {
            assertEquals(true, WireText.problem(text) != null, text);
        }
    }
}
