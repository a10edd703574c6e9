package org.tutela.sync.protocol.sealed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.sealed.SealedEnvelope.Content;
import org.tutela.sync.protocol.sealed.SealedEnvelope.EscrowWrap;
import org.tutela.sync.protocol.sealed.SealedEnvelope.Header;
import org.tutela.sync.protocol.sealed.SealedEnvelope.PasswordWrap;

/** The sealed envelope's crypto: right keys open, anything else (or any altered byte) fails closed. Invented data. */
class SealingTest {
    private static final String CANARY = "Obadiah Fernsworth told me about the caravan";
    private static final char[] PASSWORD = "lantern quarry meadow 42".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EscrowKeys.KeyPair lead = EscrowKeys.generate(RANDOM);
    private final Header header = new Header(UUID.randomUUID(), UUID.randomUUID(), null, "Tutor Bexamund",
            LocalDate.of(2026, 3, 4), "ONE_TO_ONE_REVIEW", "HELD", null, Instant.parse("2026-03-04T10:15:30Z"));

    private SealedEnvelope seal() {
        return Sealing.seal(header, CANARY.getBytes(StandardCharsets.UTF_8), PASSWORD.clone(), Argon2Params.FLOOR, lead.publicKey());
    }

    @Test
    void rightPasswordOpensAndWrongDoesNot() {
        SealedEnvelope envelope = seal();
        assertEquals(SealedEnvelope.LABEL, envelope.header().label());
        assertEquals(CANARY, new String(Sealing.openWithPassword(envelope, PASSWORD.clone()), StandardCharsets.UTF_8));
        assertThrows(WrongPasswordException.class, () -> Sealing.openWithPassword(envelope, "lantern quarry meadow 43".toCharArray()));
    }

    @Test
    void theLeadsKeyOpensAndAnotherLeadsKeyDoesNot() {
        SealedEnvelope envelope = seal();
        assertEquals(CANARY, new String(Sealing.openWithEscrowKey(envelope, lead.privateKey()), StandardCharsets.UTF_8));
        EscrowKeys.KeyPair other = EscrowKeys.generate(RANDOM);
        WrongEscrowKeyException e = assertThrows(WrongEscrowKeyException.class, () -> Sealing.openWithEscrowKey(envelope, other.privateKey()));
        assertTrue(e.getMessage().contains("another safeguarding lead"));
        // Even if the key id is forged to name the other key, HPKE refuses it.
        EscrowWrap w = envelope.escrowWrap();
        SealedEnvelope forged = with(envelope, e2 -> new SealedEnvelope(e2.format(), e2.version(), e2.header(), e2.content(),
                e2.passwordWrap(), new EscrowWrap(w.suite(), EscrowKeys.keyId(other.publicKey()), w.enc(), w.wrappedKey())));
        assertThrows(WrongEscrowKeyException.class, () -> Sealing.openWithEscrowKey(forged, other.privateKey()));
    }

    @Test
    void withoutEscrowOnlyThePasswordOpens() {
        SealedEnvelope envelope = Sealing.seal(header, CANARY.getBytes(StandardCharsets.UTF_8), PASSWORD.clone(), Argon2Params.FLOOR, null);
        assertNull(envelope.escrowWrap());
        assertThrows(WrongEscrowKeyException.class, () -> Sealing.openWithEscrowKey(envelope, lead.privateKey()));
    }

    @Test
    void tamperingWithAnyPartFailsClosed() {
        SealedEnvelope envelope = seal();
        Content c = envelope.content();
        PasswordWrap p = envelope.passwordWrap();
        EscrowWrap w = envelope.escrowWrap();
        Header h = envelope.header();

        SealedEnvelope ciphertext = with(envelope, e -> new SealedEnvelope(e.format(), e.version(), h,
                new Content(c.cipher(), c.nonce(), flip(c.ciphertext(), 3)), p, w));
        SealedEnvelope nonce = with(envelope, e -> new SealedEnvelope(e.format(), e.version(), h,
                new Content(c.cipher(), flip(c.nonce(), 0), c.ciphertext()), p, w));
        SealedEnvelope date = with(envelope, e -> new SealedEnvelope(e.format(), e.version(),
                new Header(h.envelopeId(), h.learnerId(), h.groupId(), h.tutor(), h.date().plusDays(1), h.tutorialKind(),
                        h.outcome(), h.label(), h.sealedAt()), c, p, w));
        SealedEnvelope learner = with(envelope, e -> new SealedEnvelope(e.format(), e.version(),
                new Header(h.envelopeId(), UUID.randomUUID(), h.groupId(), h.tutor(), h.date(), h.tutorialKind(),
                        h.outcome(), h.label(), h.sealedAt()), c, p, w));
        SealedEnvelope tutor = with(envelope, e -> new SealedEnvelope(e.format(), e.version(),
                new Header(h.envelopeId(), h.learnerId(), h.groupId(), "Tutor Orulak", h.date(), h.tutorialKind(),
                        h.outcome(), h.label(), h.sealedAt()), c, p, w));
        for (SealedEnvelope bad : new SealedEnvelope[] {ciphertext, nonce, date, learner, tutor}) {
            assertThrows(EnvelopeDamagedException.class, () -> Sealing.openWithPassword(bad, PASSWORD.clone()));
            assertThrows(EnvelopeDamagedException.class, () -> Sealing.openWithEscrowKey(bad, lead.privateKey()));
        }

        SealedEnvelope wrappedKey = with(envelope, e -> new SealedEnvelope(e.format(), e.version(), h, c,
                new PasswordWrap(p.kdf(), p.kdfVersion(), p.memoryKiB(), p.iterations(), p.parallelism(), p.salt(), p.nonce(),
                        flip(p.wrappedKey(), 40)), w));
        SealedEnvelope salt = with(envelope, e -> new SealedEnvelope(e.format(), e.version(), h, c,
                new PasswordWrap(p.kdf(), p.kdfVersion(), p.memoryKiB(), p.iterations(), p.parallelism(), flip(p.salt(), 1),
                        p.nonce(), p.wrappedKey()), w));
        SealedEnvelope cost = with(envelope, e -> new SealedEnvelope(e.format(), e.version(), h, c,
                new PasswordWrap(p.kdf(), p.kdfVersion(), p.memoryKiB() + 1024, p.iterations(), p.parallelism(), p.salt(),
                        p.nonce(), p.wrappedKey()), w));
        for (SealedEnvelope bad : new SealedEnvelope[] {wrappedKey, salt, cost}) {
            assertThrows(WrongPasswordException.class, () -> Sealing.openWithPassword(bad, PASSWORD.clone()));
        }
        SealedEnvelope escrowKey = with(envelope, e -> new SealedEnvelope(e.format(), e.version(), h, c, p,
                new EscrowWrap(w.suite(), w.keyId(), w.enc(), flip(w.wrappedKey(), 5))));
        SealedEnvelope enc = with(envelope, e -> new SealedEnvelope(e.format(), e.version(), h, c, p,
                new EscrowWrap(w.suite(), w.keyId(), flip(w.enc(), 7), w.wrappedKey())));
        for (SealedEnvelope bad : new SealedEnvelope[] {escrowKey, enc}) {
            assertThrows(SealedEnvelopeException.class, () -> Sealing.openWithEscrowKey(bad, lead.privateKey()));
        }
        // The untouched envelope still opens: the failures above were the tampering.
        assertEquals(CANARY, new String(Sealing.openWithPassword(envelope, PASSWORD.clone()), StandardCharsets.UTF_8));
    }

    @Test
    void argon2ParametersAreRangeCheckedBeforeDeriving() {
        SealedEnvelope envelope = seal();
        PasswordWrap p = envelope.passwordWrap();
        int[][] bad = {{p.memoryKiB() / 2, 2, 1}, {19 * 1024, 1, 1}, {19 * 1024, 2, 0}, {Integer.MAX_VALUE, 2, 1},
                {19 * 1024, 1 << 30, 1}, {19 * 1024, 2, 255}};
        for (int[] b : bad) {
            SealedEnvelope tampered = new SealedEnvelope(envelope.format(), envelope.version(), envelope.header(), envelope.content(),
                    new PasswordWrap(p.kdf(), p.kdfVersion(), b[0], b[1], b[2], p.salt(), p.nonce(), p.wrappedKey()), envelope.escrowWrap());
            long start = System.nanoTime();
            assertThrows(EnvelopeDamagedException.class, () -> Sealing.openWithPassword(tampered, PASSWORD.clone()));
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused before deriving");
        }
        assertThrows(IllegalArgumentException.class,
                () -> Sealing.seal(header, new byte[1], "".toCharArray(), Argon2Params.FLOOR, null));
        assertThrows(EnvelopeDamagedException.class,
                () -> Sealing.seal(header, new byte[1], PASSWORD.clone(), new Argon2Params(4096, 1, 1), null));
    }

    @Test
    void changingThePasswordRewrapsOnlyTheKey() {
        SealedEnvelope envelope = seal();
        char[] replacement = "orchard tram violet 7".toCharArray();
        SealedEnvelope changed = Sealing.changePassword(envelope, PASSWORD.clone(), replacement.clone(), null);
        assertThrows(WrongPasswordException.class, () -> Sealing.openWithPassword(changed, PASSWORD.clone()));
        assertEquals(CANARY, new String(Sealing.openWithPassword(changed, replacement.clone()), StandardCharsets.UTF_8));
        assertEquals(CANARY, new String(Sealing.openWithEscrowKey(changed, lead.privateKey()), StandardCharsets.UTF_8));
        assertArrayEquals(envelope.content().ciphertext(), changed.content().ciphertext(), "the content is not re-encrypted");
        assertArrayEquals(envelope.content().nonce(), changed.content().nonce());
        assertEquals(envelope.header(), changed.header());
        assertFalse(java.util.Arrays.equals(envelope.passwordWrap().salt(), changed.passwordWrap().salt()), "a new salt");
        assertThrows(WrongPasswordException.class,
                () -> Sealing.changePassword(envelope, "not it at all 99".toCharArray(), replacement.clone(), null));
    }

    @Test
    void resealKeepsTheKeyAndWraps() {
        SealedEnvelope envelope = seal();
        try (Sealing.Unsealed opened = Sealing.unsealWithPassword(envelope, PASSWORD.clone())) {
            SealedEnvelope edited = opened.reseal(envelope.header(), "edited".getBytes(StandardCharsets.UTF_8));
            assertEquals("edited", new String(Sealing.openWithPassword(edited, PASSWORD.clone()), StandardCharsets.UTF_8));
            assertEquals("edited", new String(Sealing.openWithEscrowKey(edited, lead.privateKey()), StandardCharsets.UTF_8));
            assertFalse(java.util.Arrays.equals(envelope.content().nonce(), edited.content().nonce()), "a fresh nonce");
            opened.close();
            assertTrue(opened.isClosed());
            assertThrows(IllegalStateException.class, opened::content);
        }
    }

    @Test
    void jsonRoundTripsAndHoldsNoPlaintext() {
        SealedEnvelope envelope = seal();
        byte[] json = Sealing.toJson(envelope);
        String text = new String(json, StandardCharsets.UTF_8);
        assertFalse(text.contains("Obadiah"), "no content in the JSON");
        assertFalse(text.contains("caravan"));
        assertTrue(text.contains("Confidential tutorial"));
        assertTrue(text.contains("2026-03-04"));
        SealedEnvelope back = Sealing.fromJson(json);
        assertEquals(CANARY, new String(Sealing.openWithPassword(back, PASSWORD.clone()), StandardCharsets.UTF_8));
        assertEquals(CANARY, new String(Sealing.openWithEscrowKey(back, lead.privateKey()), StandardCharsets.UTF_8));

        assertThrows(EnvelopeDamagedException.class, () -> Sealing.fromJson("{\"format\":\"nope\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(EnvelopeDamagedException.class, () -> Sealing.fromJson("not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(EnvelopeDamagedException.class,
                () -> Sealing.fromJson(text.replace("\"version\" : 1", "\"version\" : 2").getBytes(StandardCharsets.UTF_8)));
        assertNotNull(Sealing.fromJson(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void publicKeysDecodeOnlyWhenTheyAreKeys() {
        assertArrayEquals(lead.publicKey(), EscrowKeys.decodePublicKey(lead.publicKeyBase64()));
        assertArrayEquals(lead.publicKey(), EscrowKeys.publicKeyOf(lead.privateKey()));
        assertThrows(IllegalArgumentException.class, () -> EscrowKeys.decodePublicKey("not base64 !"));
        assertThrows(IllegalArgumentException.class, () -> EscrowKeys.decodePublicKey("AAAA"));
        assertThrows(IllegalArgumentException.class,
                () -> EscrowKeys.decodePublicKey(java.util.Base64.getEncoder().encodeToString(new byte[32])));
        byte[] lowOrder = new byte[32];
        lowOrder[0] = 1; // the point u=1 has small order: every shared secret would be zero
        assertThrows(IllegalArgumentException.class,
                () -> EscrowKeys.decodePublicKey(java.util.Base64.getEncoder().encodeToString(lowOrder)));
    }

    private static SealedEnvelope with(SealedEnvelope e, UnaryOperator<SealedEnvelope> change) {
        return change.apply(e);
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
