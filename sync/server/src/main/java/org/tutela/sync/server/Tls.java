package org.tutela.sync.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS identity: a configured PKCS12 keystore, or a self-signed EC certificate
 * generated with Bouncy Castle on first start and kept in {@code <data-dir>/tls} so that its
 * fingerprint (which devices pin) survives restarts.
 */
public final class Tls {
    public static final String ALIAS = "tutela-server";

    public record Identity(KeyStore keyStore, char[] password, X509Certificate certificate, boolean generated, Path file) {
        public String fingerprint() {
            return Tls.fingerprint(certificate);
        }
    }

    private Tls() {
    }

    public static Identity load(ServerSettings settings) throws Exception {
        String configured = settings.get("tls.keystore");
        if (!configured.isEmpty()) {
            Path file = Path.of(configured);
            char[] pw = settings.get("tls.keystore-password").toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, pw);
            }
            String alias = firstKeyAlias(ks);
            return new Identity(ks, pw, (X509Certificate) ks.getCertificate(alias), false, file);
        }
        Path dir = settings.dataDir().resolve("tls");
        Path store = dir.resolve("server.p12");
        Path passFile = dir.resolve("server.p12.password");
        if (Files.exists(store) && Files.exists(passFile)) {
            char[] pw = Files.readString(passFile).trim().toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, pw);
            }
            return new Identity(ks, pw, (X509Certificate) ks.getCertificate(ALIAS), false, store);
        }
        DataFolder.createPrivateDirectories(dir);
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        char[] pw = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
        KeyStore ks = generate(pw);
        writePrivate(passFile, new String(pw).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        DataFolder.createPrivateFileIfMissing(store);
        try (OutputStream out = Files.newOutputStream(store)) {
            ks.store(out, pw);
        }
        restrict(store);
        return new Identity(ks, pw, (X509Certificate) ks.getCertificate(ALIAS), true, store);
    }

    /** A fresh in-memory keystore holding a self-signed P-256 certificate for this host. */
    public static KeyStore generate(char[] password) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=Tutela sync server");
        Instant now = Instant.now();
        List<GeneralName> sans = new ArrayList<>();
        sans.add(new GeneralName(GeneralName.dNSName, "localhost"));
        sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host != null && !host.isBlank() && !host.equals("localhost")) {
                sans.add(new GeneralName(GeneralName.dNSName, host));
            }
        } catch (Exception ignored) {
            // no host name: localhost only
        }
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, kp.getPrivate(), password, new Certificate[] {cert});
        return ks;
    }

    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstKeyAlias(KeyStore ks) throws Exception {
        for (String a : java.util.Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(a)) {
                return a;
            }
        }
        throw new IllegalArgumentException("The configured keystore holds no private key");
    }

    private static void writePrivate(Path file, byte[] content) throws Exception {
        DataFolder.createPrivateFileIfMissing(file);
        Files.write(file, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        restrict(file);
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (Exception ignored) {
            // not a POSIX file system
        }
    }
}
