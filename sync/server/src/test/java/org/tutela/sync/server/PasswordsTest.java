package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Password hashes stored by an earlier server still verify. The fixture was written by the code as
 * it stood before the one crypto module: {@code hash} at m=19456 KiB, t=2, p=1; {@code weak} at
 * the lowest parameters that code accepted (m=8192 KiB, t=1, p=1); {@code loneHash} of a password
 * holding a lone surrogate (possible in JSON), which the server has always encoded as '?'.
 */
class PasswordsTest {
    static Properties fixture() throws IOException {
        Properties p = new Properties();
        try (InputStream in = PasswordsTest.class.getResourceAsStream("fixtures/password-hashes-before-crypto-module.properties")) {
            p.load(in);
        }
        return p;
    }

    @Test
    void hashesStoredBeforeTheCryptoModuleStillVerify() throws IOException {
        Properties f = fixture();
        assertTrue(Passwords.verify(f.getProperty("password").toCharArray(), f.getProperty("hash")));
        assertTrue(Passwords.verify(f.getProperty("password").toCharArray(), f.getProperty("weak")));
        assertTrue(Passwords.verify(f.getProperty("lonePassword").toCharArray(), f.getProperty("loneHash")));
        // the server's lenient encoding: a lone surrogate is the same password as '?' in its place
        assertTrue(Passwords.verify("kettle?orchard 33".toCharArray(), f.getProperty("loneHash")));
    }

    @Test
    void anotherPasswordDoesNotVerifyAgainstTheStoredHashes() throws IOException {
        Properties f = fixture();
        assertFalse(Passwords.verify("invented password w 71".toCharArray(), f.getProperty("hash")));
        assertFalse(Passwords.verify("invented password w 71".toCharArray(), f.getProperty("weak")));
        assertFalse(Passwords.verify("kettle orchard 33".toCharArray(), f.getProperty("loneHash")));
    }
}
