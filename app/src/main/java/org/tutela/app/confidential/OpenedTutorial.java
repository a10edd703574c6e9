package org.tutela.app.confidential;

import java.util.Objects;
import org.tutela.app.domain.Tutorial;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;

/**
 * A confidential tutorial opened with its password: the content is held only until
 * {@link #close()} (the tutor closes it, or the vault locks), which wipes the content key and the
 * decrypted bytes and drops the tutorial.
 */
public final class OpenedTutorial implements AutoCloseable {
    private final ConfidentialTutorials owner;
    private Sealing.Unsealed unsealed;
    private Tutorial tutorial;
    private volatile boolean closed;

    OpenedTutorial(ConfidentialTutorials owner, Sealing.Unsealed unsealed, Tutorial tutorial) {
        this.owner = owner;
        this.unsealed = unsealed;
        this.tutorial = tutorial;
    }

    /** The tutorial as it was sealed. @throws IllegalStateException once closed */
    public synchronized Tutorial tutorial() {
        requireOpen();
        return tutorial;
    }

    public synchronized SealedEnvelope envelope() {
        requireOpen();
        return unsealed.envelope();
    }

    /** Its envelope as everyone may see it (learner, tutor, date; nothing of the content). */
    public synchronized ConfidentialEnvelope publicEnvelope() {
        requireOpen();
        return ConfidentialEnvelope.of(unsealed.envelope());
    }

    /** Whether it is sealed to the safeguarding lead's key too (the escrow). */
    public synchronized boolean escrowed() {
        requireOpen();
        return unsealed.envelope().escrowWrap() != null;
    }

    public boolean isClosed() {
        return closed;
    }

    synchronized Sealing.Unsealed unsealed() {
        requireOpen();
        return unsealed;
    }

    synchronized void replace(Sealing.Unsealed next, Tutorial nextTutorial) {
        requireOpen();
        Sealing.Unsealed previous = this.unsealed;
        this.unsealed = Objects.requireNonNull(next);
        previous.close();
        this.tutorial = Objects.requireNonNull(nextTutorial);
    }

    /** Forgets the content: wipes the key and the decrypted bytes. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (unsealed != null) {
                unsealed.close();
            }
            unsealed = null;
            tutorial = null;
        }
        owner.forget(this);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This confidential tutorial has been closed; open it again with its password");
        }
    }
}
