package org.tutela.sync.server.secondfactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The codes are the ones authenticator apps show: RFC 6238's own test vectors (SHA-1), cut to six digits. */
class TotpTest {
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theRfcVectorsGiveTheRfcCodes() {
        // RFC 6238 appendix B, SHA-1: time -> 8-digit TOTP; apps show its last six digits
        long[][] vectors = {{59, 94287082}, {1111111109, 7081804}, {1111111111, 14050471}, {1234567890, 89005924},
            {2000000000, 69279037}, {20000000000L, 65353130}};
        for (long[] v : vectors) {
            String eight = String.format("%08d", v[1]);
            assertEquals(eight.substring(2), Totp.code(RFC_SECRET, Totp.step(v[0] * 1000)), "time " + v[0]);
        }
    }

    @Test
    void base32IsRfc4648AsAppsReadIt() {
        // RFC 4648 section 10 (without padding)
        assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(RFC_SECRET));
        assertArrayEquals(RFC_SECRET, Totp.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));
        byte[] fresh = Totp.newSecret();
        assertEquals(20, fresh.length);
        assertArrayEquals(fresh, Totp.fromBase32(Totp.grouped(Totp.base32(fresh))));
    }

    @Test
    void theUriNamesTheIssuerTheAccountAndTheParameters() {
        assertEquals("otpauth://totp/Tutela%20head%20office:head.office?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Tutela%20head%20office&algorithm=SHA1&digits=6&period=30", Totp.uri("Tutela head office", "head.office", RFC_SECRET));
    }

    @Test
    void aCodeIsSixDigitsTypedWithOrWithoutSpaces() {
        assertTrue(Totp.looksLikeCode(Totp.normalise("123 456")));
        assertFalse(Totp.looksLikeCode(Totp.normalise("12345")));
        assertFalse(Totp.looksLikeCode(Totp.normalise("abcde-fghjk")));
        assertTrue(Totp.matches(RFC_SECRET, 1, Totp.code(RFC_SECRET, 1)));
        assertFalse(Totp.matches(RFC_SECRET, 2, Totp.code(RFC_SECRET, 1)));
    }
}
