package org.tutela.sync.protocol.sealed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A confidential tutorial sealed by an earlier Tutela (the fixture was made by the code as it
 * stood before the one crypto module: floor parameters, escrowed to an invented lead's key)
 * still opens with its password and with the lead's key, and reads back to the same bytes.
 */
class EarlierEnvelopeTest {
    /** "kettle orchard ŵ 🦉 tram". */
    static final String PASSWORD = "kettle orchard \u0175 \uD83E\uDD89 tram";
    /** The invented safeguarding lead's private key the fixture was escrowed to (test data only). */
    static final String LEAD_PRIVATE_KEY = "eEFfkRqAW24miA9FAlnAueasTvCKpgqMumYwEfn66Gw=";
    static final String CONTENT = "{\"notes\":\"Quorvendel sealed canary\"}";

    static byte[] fixture() throws IOException {
        try (InputStream in = EarlierEnvelopeTest.class.getResourceAsStream("fixtures/envelope-before-crypto-module.sealed")) {
            return in.readAllBytes();
        }
    }

    @Test
    void anEnvelopeSealedBeforeTheCryptoModuleOpensWithItsPassword() throws IOException {
        SealedEnvelope envelope = Sealing.fromJson(fixture());
        assertEquals(CONTENT, new String(Sealing.openWithPassword(envelope, PASSWORD.toCharArray()), StandardCharsets.UTF_8));
        assertThrows(WrongPasswordException.class, () -> Sealing.openWithPassword(envelope, "kettle orchard w \uD83E\uDD89 tram".toCharArray()));
    }

    @Test
    void anEnvelopeSealedBeforeTheCryptoModuleOpensWithTheLeadsKey() throws IOException {
        SealedEnvelope envelope = Sealing.fromJson(fixture());
        byte[] content = Sealing.openWithEscrowKey(envelope, Base64.getDecoder().decode(LEAD_PRIVATE_KEY));
        assertEquals(CONTENT, new String(content, StandardCharsets.UTF_8));
    }

    @Test
    void theEarlierEnvelopeIsWrittenBackByteForByte() throws IOException {
        byte[] bytes = fixture();
        assertArrayEquals(bytes, Sealing.toJson(Sealing.fromJson(bytes)));
    }

    @Test
    void theEarlierEnvelopeTakesANewPasswordAndKeepsItsContent() throws IOException {
        SealedEnvelope envelope = Sealing.fromJson(fixture());
        SealedEnvelope changed = Sealing.changePassword(envelope, PASSWORD.toCharArray(), "a new password 12".toCharArray(), null);
        assertEquals(envelope.passwordWrap().memoryKiB(), changed.passwordWrap().memoryKiB());
        assertEquals(CONTENT, new String(Sealing.openWithPassword(changed, "a new password 12".toCharArray()), StandardCharsets.UTF_8));
    }
}
