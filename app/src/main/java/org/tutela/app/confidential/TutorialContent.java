package org.tutela.app.confidential;

import java.io.IOException;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.records.RecordKind;
import org.tutela.sync.protocol.sealed.EnvelopeDamagedException;

/** What is sealed: the whole tutorial record as JSON (form, targets, comments, signatures, history), as the vault writes an open one. */
final class TutorialContent {
    private TutorialContent() {
    }

    static byte[] toJson(Tutorial tutorial) {
        return RecordKind.TUTORIAL.write(tutorial);
    }

    static Tutorial fromJson(byte[] json) {
        try {
            return RecordKind.TUTORIAL.read(json);
        } catch (IOException | IllegalArgumentException e) {
            throw new EnvelopeDamagedException("The confidential tutorial's content cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
