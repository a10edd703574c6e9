package org.tutela.sync.server.escrow;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import org.tutela.sync.protocol.sealed.EnvelopeDamagedException;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.protocol.sealed.WrongEscrowKeyException;

/**
 * Opens a confidential tutorial with the safeguarding lead's private key, the one way the admin
 * command and the console both do it: the audit log is checked first (a damaged log opens
 * nothing), the key file is decrypted with its passphrase, the envelope is opened, and the opening
 * is appended to the audit log before the content is handed back; an envelope the key does not
 * open is recorded as refused. The key file's bytes and passphrase are the caller's to wipe; the
 * private key itself is wiped here.
 */
public final class EscrowOpening {
    /** Why nothing was opened. */
    public enum Refusal {
        /** The audit log does not verify, or cannot be read: nothing was tried. */
        AUDIT_LOG_DAMAGED,
        /** Not a key file (or unreadable). */
        NOT_A_KEY_FILE,
        /** The passphrase does not open the key file. */
        WRONG_PASSPHRASE,
        /** Another key than the one the envelope was sealed to, or no escrow wrap (recorded as refused). */
        WRONG_KEY,
        /** The envelope was altered or damaged (recorded as refused). */
        DAMAGED_ENVELOPE,
        /** It opened, but the opening could not be recorded: nothing is shown. */
        NOT_RECORDED
    }

    /**
     * What happened: the content and its audit entry when opened, else the refusal and the words
     * that explain it (never content). The caller wipes {@code content} once shown.
     */
    public record Outcome(byte[] content, AuditLog.Entry entry, Refusal refusal, String detail) {
        public boolean opened() {
            return refusal == null;
        }
    }

    /** Who opens, where, why and when: written to the audit log with the envelope's header. */
    public record Opener(String operator, String via, String purpose, Instant at) {
    }

    private EscrowOpening() {
    }

    public static Outcome open(AuditLog log, SealedEnvelope sealed, byte[] keyFile, char[] passphrase, Opener who) {
        try {
            log.verify();
        } catch (IOException e) {
            return refused(Refusal.AUDIT_LOG_DAMAGED, e.getMessage());
        }
        byte[] key;
        try {
            key = EscrowKeyFile.read(keyFile, passphrase);
        } catch (EscrowKeyFile.WrongPassphraseException e) {
            return refused(Refusal.WRONG_PASSPHRASE, e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return refused(Refusal.NOT_A_KEY_FILE, e.getMessage());
        }
        String keyId = EscrowKeys.keyId(EscrowKeys.publicKeyOf(key));
        byte[] content;
        try {
            content = Sealing.openWithEscrowKey(sealed, key);
        } catch (WrongEscrowKeyException | EnvelopeDamagedException e) {
            Refusal why = e instanceof WrongEscrowKeyException ? Refusal.WRONG_KEY : Refusal.DAMAGED_ENVELOPE;
            try {
                log.append(entry(sealed, keyId, "refused", e.getMessage(), who));
            } catch (IOException notRecorded) {
                return refused(Refusal.NOT_RECORDED, notRecorded.getMessage());
            }
            return refused(why, e.getMessage());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try {
            AuditLog.Entry recorded = log.append(entry(sealed, keyId, "opened", null, who));
            return new Outcome(content, recorded, null, null);
        } catch (IOException e) {
            Arrays.fill(content, (byte) 0);
            return refused(Refusal.NOT_RECORDED, e.getMessage());
        }
    }

    private static Outcome refused(Refusal why, String detail) {
        return new Outcome(null, null, why, detail);
    }

    private static AuditLog.Entry entry(SealedEnvelope sealed, String keyId, String outcome, String reason, Opener who) {
        SealedEnvelope.Header h = sealed.header();
        return new AuditLog.Entry(0, who.at(), who.operator().strip(), "open", "escrow", outcome, String.valueOf(h.envelopeId()),
                h.learnerId() == null ? null : h.learnerId().toString(), h.tutor(), h.date() == null ? null : h.date().toString(),
                keyId, reason, who.via(), who.purpose(), null);
    }
}
