package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.UUID;

/** A SMART target set in a tutorial: what, and by when. {@code targetId} names the Target it becomes. */
public record NewTarget(UUID targetId, String text, LocalDate byWhen) {
    public NewTarget {
        targetId = targetId == null ? UUID.randomUUID() : targetId;
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Write the target");
        }
    }

    public static NewTarget of(String text, LocalDate byWhen) {
        return new NewTarget(UUID.randomUUID(), text, byWhen);
    }
}
