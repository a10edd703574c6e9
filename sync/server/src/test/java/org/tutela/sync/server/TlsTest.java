package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.sync.protocol.Protocol;

/** The server's certificate: generated once and kept, or configured; clients pin it. */
class TlsTest {
    @TempDir
    Path tmp;

    ServerSettings settings() {
        return ServerSettings.defaults().with("data-dir", tmp.resolve("data").toString()).with("port", "0").with("host", "127.0.0.1");
    }

    @Test
    void theGeneratedCertificateSurvivesARestart() throws Exception {
        String first;
        try (SyncServer s = SyncServer.start(settings())) {
            first = s.fingerprint();
            assertEquals(200, new TestClient(s.port(), s.certificate()).get(Protocol.PATH_HEALTH, null).status());
        }
        assertTrue(first.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), first);
        try (SyncServer s = SyncServer.start(settings())) {
            assertEquals(first, s.fingerprint());
        }
    }

    @Test
    void aConfiguredKeystoreIsUsedAndAClientPinnedToAnotherCertificateIsRefused() throws Exception {
        char[] pw = "keystore-pass".toCharArray();
        KeyStore ks = Tls.generate(pw);
        Path file = tmp.resolve("org.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, pw);
        }
        X509Certificate configured = (X509Certificate) ks.getCertificate(Tls.ALIAS);
        ServerSettings s = settings().with("tls.keystore", file.toString()).with("tls.keystore-password", new String(pw));
        try (SyncServer server = SyncServer.start(s)) {
            assertEquals(Tls.fingerprint(configured), server.fingerprint());
            assertFalse(Files.exists(tmp.resolve("data").resolve("tls")));
            X509Certificate other = (X509Certificate) Tls.generate(pw).getCertificate(Tls.ALIAS);
            TestClient wrongPin = new TestClient(server.port(), other);
            assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> wrongPin.get(Protocol.PATH_HEALTH, null));
        }
    }
}
