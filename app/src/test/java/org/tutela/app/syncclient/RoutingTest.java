package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tutela.app.vault.StoredRecord;

/** The routing ids a push names for scope, read from the record's top level (or a sealed envelope's header) only. */
class RoutingTest {
    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID L = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final UUID G = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    private static final UUID OTHER = UUID.fromString("00000000-0000-4000-8000-00000000000c");

    private static UUID[] of(String kind, boolean sealed, String json) {
        return Routing.of(new StoredRecord(ID, kind, 1, Instant.EPOCH, Instant.EPOCH, false, sealed, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTutorialNamesItsLearnerAndGroupAtItsTopLevelOnly() {
        assertArrayEquals(new UUID[] {L, G}, of("tutorial", false, "{\"id\":\"" + ID + "\",\"learnerId\":\"" + L + "\",\"form\":{\"learnerId\":\""
                + OTHER + "\",\"groupId\":\"" + OTHER + "\",\"list\":[1,{\"a\":[]}]},\"groupId\":\"" + G + "\",\"header\":{\"learnerId\":\"" + OTHER + "\"}}"));
        assertArrayEquals(new UUID[] {L, null}, of("tutorial", false, "{\"learnerId\":\"" + L + "\",\"groupId\":null}"));
        // a repeated field counts at its last place; a value that is not a UUID string names nothing
        assertArrayEquals(new UUID[] {L, null}, of("target", false, "{\"learnerId\":\"" + OTHER + "\",\"learnerId\":\"" + L
                + "\",\"groupId\":12}"));
        assertArrayEquals(new UUID[] {null, null}, of("concern", false, "{\"learnerId\":\"not a uuid\",\"groupId\":{\"id\":\"" + G + "\"}}"));
    }

    @Test
    void aLearnerIsItsOwnLearnerInItsGroupOrItsFirstGroupAndAGroupIsItsOwnGroup() {
        assertArrayEquals(new UUID[] {ID, G}, of("learner", false, "{\"groupId\":\"" + G + "\",\"groupIds\":[\"" + OTHER + "\"]}"));
        assertArrayEquals(new UUID[] {ID, G}, of("learner", false, "{\"groupIds\":[\"" + G + "\",\"" + OTHER + "\",{\"x\":[1]}],\"v\":1}"));
        assertArrayEquals(new UUID[] {ID, null}, of("learner", false, "{\"groupIds\":[]}"));
        assertArrayEquals(new UUID[] {ID, null}, of("learner", false, "{\"groupIds\":[7,\"" + G + "\"]}"));
        assertArrayEquals(new UUID[] {null, ID}, of("group", false, "{\"learnerId\":null}"));
        assertArrayEquals(new UUID[] {ID, null}, of("learner", false, "[1,2]"), "not an object: only its kind names ids");
    }

    @Test
    void aSealedTutorialIsRoutedByItsPlaintextHeaderNeverItsContent() {
        String header = "{\"learnerId\":\"" + L + "\",\"groupId\":\"" + G + "\"}";
        assertArrayEquals(new UUID[] {L, G}, of("tutorial", true, "{\"learnerId\":\"" + OTHER + "\",\"header\":" + header
                + ",\"ciphertext\":\"AAAA\"}"));
        assertArrayEquals(new UUID[] {null, null}, of("tutorial", true, "{\"learnerId\":\"" + OTHER + "\",\"header\":\"x\"}"));
        assertArrayEquals(new UUID[] {OTHER, null}, of("tutorial", true, "{\"learnerId\":\"" + OTHER + "\"}"), "no header: the record's own");
    }

    @Test
    void aBodyThatIsNotJsonNamesNothingWhateverItsKind() {
        assertArrayEquals(new UUID[] {null, null}, of("learner", false, "{\"groupId\":\"" + G + "\""));
        assertArrayEquals(new UUID[] {null, null}, of("learner", false, "{\"groupId\":\"" + G + "\"} {}"));
        assertArrayEquals(new UUID[] {null, null}, of("tutorial", false, "{learnerId:1}"));
    }
}
