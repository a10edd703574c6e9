package org.tutela.app.confidential;

import java.io.IOException;
import org.tutela.app.domain.Tutorial;
import org.tutela.sync.protocol.sealed.EnvelopeDamagedException;

/** What is sealed: the whole tutorial record as JSON (form, targets, comments, signatures, history). */
final class TutorialContent {
    private TutorialContent() {
    }

    static byte[] toJson(Tutorial tutorial) {
        try {
            return Json.MAPPER.writeValueAsBytes(tutorial);
        } catch (IOException e) {
            throw new IllegalStateException("The tutorial could not be written as JSON", e);
        }
    }

    static Tutorial fromJson(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, Tutorial.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new EnvelopeDamagedException("The confidential tutorial's content cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
