package org.tutela.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** The one AES-256-GCM seal and open: the standard's answer, and anything altered fails closed. */
class AesGcmTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theStandardsTestVector() throws AEADBadTagException {
        // McGrew and Viega, "The Galois/Counter Mode of Operation", test case 16 (256-bit key, associated data)
        byte[] key = HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] nonce = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] plain = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        String expected = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b";
        assertEquals(expected, HEX.formatHex(AesGcm.seal(key, nonce, aad, plain)));
        assertArrayEquals(plain, AesGcm.open(key, nonce, aad, HEX.parseHex(expected)));
    }

    @Test
    void anythingAlteredDoesNotOpen() throws AEADBadTagException {
        byte[] key = AesGcm.newKey();
        byte[] nonce = AesGcm.newNonce();
        byte[] aad = "tutela.test".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = AesGcm.seal(key, nonce, aad, "Quorvendel canary".getBytes(StandardCharsets.UTF_8));
        assertEquals("Quorvendel canary", new String(AesGcm.open(key, nonce, aad, sealed), StandardCharsets.UTF_8));

        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        assertThrows(AEADBadTagException.class, () -> AesGcm.open(otherKey, nonce, aad, sealed));
        byte[] otherNonce = nonce.clone();
        otherNonce[11] ^= 1;
        assertThrows(AEADBadTagException.class, () -> AesGcm.open(key, otherNonce, aad, sealed));
        assertThrows(AEADBadTagException.class, () -> AesGcm.open(key, nonce, "tutela.tesT".getBytes(StandardCharsets.US_ASCII), sealed));
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x40;
            assertThrows(AEADBadTagException.class, () -> AesGcm.open(key, nonce, aad, altered), "byte " + i);
        }
        assertThrows(AEADBadTagException.class, () -> AesGcm.open(key, nonce, aad, new byte[15]));
    }

    @Test
    void onlyAes256KeysAndTwelveByteNonces() {
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(new byte[16], AesGcm.newNonce(), null, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> AesGcm.seal(AesGcm.newKey(), new byte[16], null, new byte[1]));
    }

    @Test
    void theCallersKeyIsLeftAsItWas() {
        byte[] key = AesGcm.newKey();
        byte[] copy = key.clone();
        AesGcm.seal(key, AesGcm.newNonce(), null, new byte[3]);
        assertArrayEquals(copy, key);
    }

    @Test
    void aWipedKeyIsZeroAndRefusesUse() {
        WipeableKey key = new WipeableKey(AesGcm.newKey());
        key.destroy();
        assertTrue(key.isDestroyed());
        assertTrue(key.isAllZero());
        assertThrows(IllegalStateException.class, key::getEncoded);
    }
}
