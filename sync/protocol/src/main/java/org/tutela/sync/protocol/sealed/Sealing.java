package org.tutela.sync.protocol.sealed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.tutela.crypto.AesGcm;
import org.tutela.crypto.Argon2Params;
import org.tutela.crypto.Argon2id;
import org.tutela.sync.protocol.sealed.SealedEnvelope.Content;
import org.tutela.sync.protocol.sealed.SealedEnvelope.EscrowWrap;
import org.tutela.sync.protocol.sealed.SealedEnvelope.Header;
import org.tutela.sync.protocol.sealed.SealedEnvelope.PasswordWrap;

/**
 * The one implementation of sealing and opening a confidential tutorial's envelope, shared by
 * the app and the server's escrow tool. See {@link SealedEnvelope} for the format.
 *
 * <ul>
 *   <li>content: AES-256-GCM ({@link AesGcm}) under a random 256-bit content key, fresh 96-bit nonce, the
 *       whole header (and format version) as associated data;</li>
 *   <li>password wrap: AES-256-GCM under {@link Argon2id}(password as strict UTF-8, 16-byte salt,
 *       stored parameters), the envelope id and parameters as associated data; parameters are
 *       range-checked before deriving;</li>
 *   <li>escrow wrap: HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM (Bouncy
 *       Castle), the envelope id and key id as associated data.</li>
 * </ul>
 * Every failure fails closed: nothing decrypted is returned unless every tag verifies.
 */
public final class Sealing {
    public static final String CONTENT_CIPHER = "AES-256-GCM";
    public static final String ESCROW_SUITE = "HPKE-base/DHKEM(X25519,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM";
    public static final int NONCE_BYTES = AesGcm.NONCE_BYTES;
    public static final int TAG_BYTES = AesGcm.TAG_BYTES;
    public static final int KEY_BYTES = AesGcm.KEY_BYTES;
    /** Bound on an envelope read from a file or the network. */
    public static final int MAX_ENVELOPE_BYTES = 32 * 1024 * 1024;

    private static final byte[] ESCROW_INFO = "tutela confidential tutorial escrow v1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Sealing() {
    }

    // ------------------------------------------------------------------ seal

    /**
     * Seals {@code content} under a new random content key wrapped under the password and, if
     * {@code escrowPublicKey} is not null, to the safeguarding lead's key.
     *
     * @param header the plaintext header; its label is always "Confidential tutorial"
     * @param params Argon2id cost (at least {@link Argon2Params#FLOOR})
     * @param escrowPublicKey the lead's raw 32-byte X25519 public key, or null for no escrow
     */
    public static SealedEnvelope seal(Header header, byte[] content, char[] password, Argon2Params params, byte[] escrowPublicKey) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(header.envelopeId(), "envelopeId");
        byte[] contentKey = AesGcm.newKey();
        try {
            Header labelled = labelled(header);
            Content sealed = encryptContent(contentKey, labelled, content);
            PasswordWrap passwordWrap = wrapForPassword(contentKey, labelled, password, params);
            EscrowWrap escrowWrap = escrowPublicKey == null ? null : wrapForEscrow(contentKey, labelled, escrowPublicKey);
            return new SealedEnvelope(SealedEnvelope.FORMAT, SealedEnvelope.VERSION, labelled, sealed, passwordWrap, escrowWrap);
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }

    // ------------------------------------------------------------------ open

    /**
     * @throws WrongPasswordException the password does not unwrap the content key
     * @throws EnvelopeDamagedException malformed, out-of-range parameters, or the content does not authenticate
     */
    public static byte[] openWithPassword(SealedEnvelope envelope, char[] password) {
        try (Unsealed unsealed = unsealWithPassword(envelope, password)) {
            return unsealed.content().clone();
        }
    }

    /** Opens with the password and keeps the content key, to re-seal edited content without asking again. */
    public static Unsealed unsealWithPassword(SealedEnvelope envelope, char[] password) {
        check(envelope);
        byte[] contentKey = unwrapWithPassword(envelope, password);
        return unsealWithKey(envelope, contentKey);
    }

    /**
     * Opens with the safeguarding lead's raw 32-byte X25519 private key.
     *
     * @throws WrongEscrowKeyException no escrow wrap, or another lead's key
     * @throws EnvelopeDamagedException malformed, or the content does not authenticate
     */
    public static byte[] openWithEscrowKey(SealedEnvelope envelope, byte[] privateKey) {
        check(envelope);
        EscrowKeys.requireKey(privateKey, "private");
        EscrowWrap wrap = envelope.escrowWrap();
        if (wrap == null) {
            throw new WrongEscrowKeyException("This confidential tutorial was sealed without a safeguarding lead's key");
        }
        X25519PrivateKeyParameters sk = new X25519PrivateKeyParameters(privateKey, 0);
        X25519PublicKeyParameters pk = sk.generatePublicKey();
        byte[] contentKey;
        try {
            contentKey = hpke().open(wrap.enc(), new AsymmetricCipherKeyPair(pk, sk), ESCROW_INFO,
                    escrowAad(envelope.header(), wrap.keyId()), wrap.wrappedKey(), null, null, null);
        } catch (InvalidCipherTextException e) {
            String mine = EscrowKeys.keyId(pk.getEncoded());
            throw new WrongEscrowKeyException(mine.equals(wrap.keyId())
                    ? "The escrow wrap does not open with this key (it was altered)"
                    : "This confidential tutorial was sealed to another safeguarding lead's key (" + wrap.keyId()
                            + "), not this one (" + mine + ")");
        } catch (RuntimeException e) {
            throw new EnvelopeDamagedException("The escrow wrap is malformed", e);
        }
        if (contentKey == null || contentKey.length != KEY_BYTES) {
            throw new EnvelopeDamagedException("The escrow wrap holds no content key");
        }
        try (Unsealed unsealed = unsealWithKey(envelope, contentKey)) {
            return unsealed.content().clone();
        }
    }

    /**
     * Rewraps the content key under a new password (a new salt; the content and the escrow wrap
     * are unchanged).
     *
     * @param params the Argon2id cost for the new wrap, or null to keep the current one
     * @throws WrongPasswordException the old password does not open it
     */
    public static SealedEnvelope changePassword(SealedEnvelope envelope, char[] oldPassword, char[] newPassword, Argon2Params params) {
        try (Unsealed unsealed = unsealWithPassword(envelope, oldPassword)) {
            Argon2Params cost = params != null ? params : envelope.passwordWrap().params();
            PasswordWrap rewrapped = wrapForPassword(unsealed.contentKey, envelope.header(), newPassword, cost);
            return new SealedEnvelope(envelope.format(), envelope.version(), envelope.header(), envelope.content(),
                    rewrapped, envelope.escrowWrap());
        }
    }

    // ------------------------------------------------------------------ JSON

    public static byte[] toJson(SealedEnvelope envelope) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new SealedEnvelopeException("The envelope could not be written as JSON", e);
        }
    }

    /** @throws EnvelopeDamagedException not an envelope, too large, or malformed */
    public static SealedEnvelope fromJson(byte[] json) {
        if (json == null || json.length > MAX_ENVELOPE_BYTES) {
            throw new EnvelopeDamagedException("Not a sealed envelope (missing or too large)");
        }
        SealedEnvelope envelope;
        try {
            envelope = JSON.readValue(json, SealedEnvelope.class);
        } catch (IOException e) {
            throw new EnvelopeDamagedException("Not a readable sealed envelope: " + e.getClass().getSimpleName());
        }
        check(envelope);
        return envelope;
    }

    /** The mapper used for envelopes (java.time as ISO strings, byte arrays as base64). */
    public static ObjectMapper json() {
        return JSON.copy();
    }

    /**
     * Checks the envelope's structure and sizes (not its tags).
     *
     * @throws EnvelopeDamagedException what is wrong
     */
    public static void check(SealedEnvelope e) {
        if (e == null || !SealedEnvelope.FORMAT.equals(e.format())) {
            throw new EnvelopeDamagedException("Not a sealed envelope");
        }
        if (e.version() != SealedEnvelope.VERSION) {
            throw new EnvelopeDamagedException("A sealed envelope of version " + e.version()
                    + ", which this version of Tutela cannot open; update Tutela");
        }
        Header h = e.header();
        if (h == null || h.envelopeId() == null || !SealedEnvelope.LABEL.equals(h.label())) {
            throw new EnvelopeDamagedException("The envelope's header is missing or altered");
        }
        Content c = e.content();
        if (c == null || !CONTENT_CIPHER.equals(c.cipher()) || c.nonce() == null || c.nonce().length != NONCE_BYTES
                || c.ciphertext() == null || c.ciphertext().length < TAG_BYTES) {
            throw new EnvelopeDamagedException("The envelope's content is missing or malformed");
        }
        PasswordWrap p = e.passwordWrap();
        if (p == null || !Argon2id.TYPE.equals(p.kdf()) || p.kdfVersion() != Argon2id.VERSION
                || p.salt() == null || p.salt().length != Argon2id.SALT_BYTES
                || p.nonce() == null || p.nonce().length != NONCE_BYTES
                || p.wrappedKey() == null || p.wrappedKey().length != KEY_BYTES + TAG_BYTES) {
            throw new EnvelopeDamagedException("The envelope's password wrap is missing or malformed");
        }
        requireUsable(p.params());
        EscrowWrap w = e.escrowWrap();
        if (w != null && (!ESCROW_SUITE.equals(w.suite()) || w.keyId() == null || w.keyId().isBlank()
                || w.enc() == null || w.enc().length != EscrowKeys.KEY_BYTES
                || w.wrappedKey() == null || w.wrappedKey().length != KEY_BYTES + TAG_BYTES)) {
            throw new EnvelopeDamagedException("The envelope's escrow wrap is malformed");
        }
    }

    // ------------------------------------------------------------------ opened

    /**
     * An opened envelope: the content and its key, kept only until {@link #close()}, which wipes
     * both. Re-sealing edited content keeps the same key and wraps (a fresh nonce each time).
     */
    public static final class Unsealed implements AutoCloseable {
        private final SealedEnvelope envelope;
        private final byte[] contentKey;
        private final byte[] content;
        private volatile boolean closed;

        private Unsealed(SealedEnvelope envelope, byte[] contentKey, byte[] content) {
            this.envelope = envelope;
            this.contentKey = contentKey;
            this.content = content;
        }

        public SealedEnvelope envelope() {
            return envelope;
        }

        /** The decrypted content (not a copy; wiped by {@link #close()}). */
        public byte[] content() {
            requireOpen();
            return content;
        }

        /** A new envelope holding {@code newContent} under a new header; same content key and wraps. */
        public SealedEnvelope reseal(Header newHeader, byte[] newContent) {
            requireOpen();
            Header labelled = labelled(newHeader);
            if (!labelled.envelopeId().equals(envelope.header().envelopeId())) {
                throw new IllegalArgumentException("Re-sealing keeps the envelope's id");
            }
            return new SealedEnvelope(envelope.format(), envelope.version(), labelled,
                    encryptContent(contentKey, labelled, newContent), envelope.passwordWrap(), envelope.escrowWrap());
        }

        /**
         * The same key opening {@code resealed} (made by {@link #reseal} from this one): a new
         * opened envelope; this one stays open until closed.
         */
        public Unsealed follow(SealedEnvelope resealed) {
            requireOpen();
            check(resealed);
            return unsealWithKey(resealed, contentKey.clone());
        }

        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            Arrays.fill(contentKey, (byte) 0);
            Arrays.fill(content, (byte) 0);
        }

        private void requireOpen() {
            if (closed) {
                throw new IllegalStateException("The confidential tutorial has been closed");
            }
        }
    }

    // ------------------------------------------------------------------ internals

    private static Header labelled(Header h) {
        if (SealedEnvelope.LABEL.equals(h.label())) {
            return h;
        }
        return new Header(h.envelopeId(), h.learnerId(), h.groupId(), h.tutor(), h.date(), h.tutorialKind(), h.outcome(),
                SealedEnvelope.LABEL, h.sealedAt());
    }

    private static Content encryptContent(byte[] contentKey, Header header, byte[] content) {
        byte[] nonce = AesGcm.newNonce();
        return new Content(CONTENT_CIPHER, nonce, AesGcm.seal(contentKey, nonce, contentAad(header), content));
    }

    private static Unsealed unsealWithKey(SealedEnvelope envelope, byte[] contentKey) {
        try {
            byte[] content = AesGcm.open(contentKey, envelope.content().nonce(), contentAad(envelope.header()),
                    envelope.content().ciphertext());
            return new Unsealed(envelope, contentKey, content);
        } catch (AEADBadTagException e) {
            Arrays.fill(contentKey, (byte) 0);
            throw new EnvelopeDamagedException("The confidential tutorial's content or header was altered; it cannot be opened");
        }
    }

    private static PasswordWrap wrapForPassword(byte[] contentKey, Header header, char[] password, Argon2Params params) {
        requireUsable(Objects.requireNonNull(params, "params"));
        byte[] salt = Argon2id.newSalt();
        byte[] nonce = AesGcm.newNonce();
        byte[] kek = passwordKey(password, salt, params);
        try {
            byte[] wrapped = AesGcm.seal(kek, nonce, passwordAad(header, params), contentKey);
            return new PasswordWrap(Argon2id.TYPE, Argon2id.VERSION, params.memoryKiB(), params.iterations(),
                    params.parallelism(), salt, nonce, wrapped);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private static byte[] unwrapWithPassword(SealedEnvelope envelope, char[] password) {
        PasswordWrap wrap = envelope.passwordWrap();
        Argon2Params params = requireUsable(wrap.params());
        byte[] kek = passwordKey(password, wrap.salt(), params);
        try {
            return AesGcm.open(kek, wrap.nonce(), passwordAad(envelope.header(), params), wrap.wrappedKey());
        } catch (AEADBadTagException e) {
            throw new WrongPasswordException();
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private static EscrowWrap wrapForEscrow(byte[] contentKey, Header header, byte[] publicKey) {
        EscrowKeys.requireKey(publicKey, "public");
        String keyId = EscrowKeys.keyId(publicKey);
        try {
            byte[][] sealed = hpke().seal(new X25519PublicKeyParameters(publicKey, 0), ESCROW_INFO, escrowAad(header, keyId),
                    contentKey, null, null, null);
            return new EscrowWrap(ESCROW_SUITE, keyId, sealed[1], sealed[0]);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new SealedEnvelopeException("The safeguarding lead's public key cannot be used", e);
        }
    }

    private static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }

    /** Associated data binding the content to every header field and the format version. */
    static byte[] contentAad(Header h) {
        return aad("tutela.sealed.content", String.valueOf(SealedEnvelope.VERSION), str(h.envelopeId()), str(h.learnerId()),
                str(h.groupId()), h.tutor(), str(h.date()), h.tutorialKind(), h.outcome(), h.label(), str(h.sealedAt()));
    }

    /**
     * The key that wraps the content key: Argon2id of the password as strict UTF-8 (a password
     * that cannot be encoded is refused). The caller wipes it.
     *
     * @throws IllegalArgumentException an empty password
     */
    private static byte[] passwordKey(char[] password, byte[] salt, Argon2Params params) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("The password must not be empty");
        }
        return Argon2id.deriveKey(password, Argon2id.PasswordEncoding.STRICT_UTF8, salt, params);
    }

    /** @throws EnvelopeDamagedException parameters below the floor or above the ceiling (read from a file: damage) */
    private static Argon2Params requireUsable(Argon2Params params) {
        String problem = params.problem();
        if (problem != null) {
            throw new EnvelopeDamagedException(problem + ": " + params);
        }
        return params;
    }

    private static byte[] passwordAad(Header h, Argon2Params p) {
        return aad("tutela.sealed.password", String.valueOf(SealedEnvelope.VERSION), str(h.envelopeId()), Argon2id.TYPE,
                String.valueOf(Argon2id.VERSION), String.valueOf(p.memoryKiB()), String.valueOf(p.iterations()),
                String.valueOf(p.parallelism()));
    }

    private static byte[] escrowAad(Header h, String keyId) {
        return aad("tutela.sealed.escrow", String.valueOf(SealedEnvelope.VERSION), str(h.envelopeId()), keyId);
    }

    /** Length-prefixed fields (a null is length -1), so no two headers encode alike. */
    private static byte[] aad(String... fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String field : fields) {
                if (field == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
