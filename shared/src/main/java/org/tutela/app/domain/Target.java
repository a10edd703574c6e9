package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A SMART target set in a tutorial, carried from tutorial to tutorial until it is met or closed.
 * Each tutorial that reviews it adds an entry to {@code reviews}.
 */
public record Target(UUID id, UUID learnerId, String text, LocalDate byWhen, UUID setInTutorialId, LocalDate setOn,
                     TargetStatus status, List<Review> reviews) {

    /** One review of the target: in which tutorial, when, met or not, why not, and what it became. */
    public record Review(UUID tutorialId, LocalDate date, Boolean met, String whyNot, TargetStatus resultingStatus) {
    }

    public Target {
        if (id == null || learnerId == null) {
            throw new IllegalArgumentException("A target needs an id and a learner");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Write the target");
        }
        status = status == null ? TargetStatus.OPEN : status;
        reviews = reviews == null ? List.of() : List.copyOf(reviews);
    }

    /** Oldest first: by the day set, then by "by when", then by text. */
    public static final java.util.Comparator<Target> OLDEST_FIRST = java.util.Comparator
            .comparing(Target::setOn, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
            .thenComparing(Target::byWhen, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
            .thenComparing(Target::text);

    public static Target set(UUID learnerId, NewTarget t, UUID tutorialId, LocalDate on) {
        return new Target(t.targetId(), learnerId, t.text(), t.byWhen(), tutorialId, on, TargetStatus.OPEN, List.of());
    }

    public boolean open() {
        return status.open();
    }

    /** Past its "by when" and still open. */
    public boolean overdue(LocalDate today) {
        return open() && byWhen != null && byWhen.isBefore(today);
    }

    public Target withStatus(TargetStatus s) {
        return new Target(id, learnerId, text, byWhen, setInTutorialId, setOn, s, reviews);
    }

    public Target withText(String t, LocalDate by) {
        return new Target(id, learnerId, t, by, setInTutorialId, setOn, status, reviews);
    }

    /** Adds (or replaces, if this tutorial reviewed it before) a review and takes its resulting status. */
    Target reviewed(Review r) {
        List<Review> list = new ArrayList<>();
        for (Review old : reviews) {
            if (!old.tutorialId().equals(r.tutorialId())) {
                list.add(old);
            }
        }
        list.add(r);
        list.sort(java.util.Comparator.comparing(Review::date, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return new Target(id, learnerId, text, byWhen, setInTutorialId, setOn, r.resultingStatus(), list);
    }
}
