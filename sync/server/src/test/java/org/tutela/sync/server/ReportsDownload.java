package org.tutela.sync.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Downloads what a console link serves, as the signed-in browser would (with its session cookie),
 * over HTTPS that trusts only the server's certificate: a real browser saves downloads to disk
 * where a test cannot easily wait for them.
 */
final class ReportsDownload {
    private final HttpClient http;
    private final String base;
    private final String cookie;

    ReportsDownload(ConsoleBrowser browser, SyncServer server) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
        base = "https://localhost:" + server.port();
        cookie = "__Host-tutela-console=" + browser.cookie("__Host-tutela-console");
    }

    HttpResponse<byte[]> response(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    byte[] get(String path) throws Exception {
        HttpResponse<byte[]> r = response(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode());
        }
        return r.body();
    }
}
