package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.Protocol;

/**
 * Password hashes stored by an earlier server still verify, and one stored under the server's
 * older, lower floor is replaced at the next successful login. The fixture was written by the
 * code as it stood before the one crypto module: {@code hash} at m=19456 KiB, t=2, p=1;
 * {@code weak} at the lowest parameters that code accepted (m=8192 KiB, t=1, p=1);
 * {@code loneHash} of a password holding a lone surrogate (possible in JSON), which the server
 * has always encoded as '?'.
 */
class PasswordsTest {
    @TempDir
    Path tmp;

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

    @Test
    void onlyAHashBelowTheFloorIsToBeReplaced() throws IOException {
        Properties f = fixture();
        assertFalse(Passwords.needsRehash(f.getProperty("hash")));
        assertTrue(Passwords.needsRehash(f.getProperty("weak")));
        String fresh = Passwords.hash("a new password 123".toCharArray());
        assertTrue(fresh.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), fresh);
        assertFalse(Passwords.needsRehash(fresh));
    }

    @Test
    void hashesBelowTheOldestFloorOrAboveTheCeilingNeverVerify() throws IOException {
        Properties f = fixture();
        String weak = f.getProperty("weak");
        // the same hash claiming other parameters: refused before deriving (or simply not matching)
        for (String params : new String[] {"m=4096,t=1,p=1", "m=8192,t=0,p=1", "m=2097152,t=1,p=1", "m=19456,t=99,p=1", "m=19456,t=2,p=64"}) {
            String altered = weak.replace("m=8192,t=1,p=1", params);
            long start = System.nanoTime();
            assertFalse(Passwords.verify(f.getProperty("password").toCharArray(), altered), params);
            assertTrue(System.nanoTime() - start < 2_000_000_000L, params + " refused before deriving");
        }
    }

    @Test
    void aHashBelowTheFloorIsReplacedAtTheNextSuccessfulLogin() throws Exception {
        Properties f = fixture();
        String password = f.getProperty("password");
        try (SyncServer server = SyncServer.start(new SqliteBackend().settings(tmp))) {
            server.accounts().addUser("tutor.old", Role.TUTOR, "placeholder password".toCharArray());
            setHash(server, "tutor.old", f.getProperty("weak"));
            TestClient client = new TestClient(server.port(), server.certificate());

            // a wrong password changes nothing
            assertEquals(401, enrolStatus(client, "tutor.old", "invented password w 71"));
            assertEquals(f.getProperty("weak"), hashOf(server, "tutor.old"));

            // the right one enrols the laptop and replaces the hash with one at the floor
            assertEquals(200, enrolStatus(client, "tutor.old", password));
            String upgraded = hashOf(server, "tutor.old");
            assertNotEquals(f.getProperty("weak"), upgraded);
            assertTrue(upgraded.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), upgraded);
            assertTrue(Passwords.verify(password.toCharArray(), upgraded));

            // and the next login keeps it as it is
            assertEquals(200, enrolStatus(client, "tutor.old", password));
            assertEquals(upgraded, hashOf(server, "tutor.old"));
        }
    }

    @Test
    void aHashAtTheFloorIsKeptAtLogin() throws Exception {
        Properties f = fixture();
        try (SyncServer server = SyncServer.start(new SqliteBackend().settings(tmp))) {
            server.accounts().addUser("tutor.now", Role.TUTOR, "placeholder password".toCharArray());
            setHash(server, "tutor.now", f.getProperty("hash"));
            TestClient client = new TestClient(server.port(), server.certificate());
            assertEquals(200, enrolStatus(client, "tutor.now", f.getProperty("password")));
            assertEquals(f.getProperty("hash"), hashOf(server, "tutor.now"));
        }
    }

    private static int enrolStatus(TestClient client, String username, String password) throws Exception {
        return client.post(Protocol.PATH_ENROL, null,
                new ObjectMapper().writeValueAsString(new EnrolRequest("1", username, password, "test laptop"))).status();
    }

    private static void setHash(SyncServer server, String username, String hash) throws Exception {
        try (Connection c = server.database().connection();
             PreparedStatement up = c.prepareStatement("UPDATE users SET password_hash = ? WHERE username = ?")) {
            up.setString(1, hash);
            up.setString(2, username);
            assertEquals(1, up.executeUpdate());
        }
    }

    private static String hashOf(SyncServer server, String username) throws Exception {
        try (Connection c = server.database().connection();
             PreparedStatement q = c.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
            q.setString(1, username);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }
}
