package org.tutela.app.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The copies register for one tutorial: each print (when, how many copies, for whom) and, for
 * each agreed recipient (student, ILR, home school, parents/carers, employer), when its copy was
 * printed and when it was handed over.
 */
public record CopiesRecord(UUID tutorialId, List<Copy> copies, List<Printing> printings) {

    /** One recipient's copy. {@code handedOverAt} null while not handed over. */
    public record Copy(CopyRecipient recipient, Instant printedAt, Instant handedOverAt) {
        public boolean handedOver() {
            return handedOverAt != null;
        }
    }

    /** One print of the form. */
    public record Printing(Instant at, int copies, List<CopyRecipient> forRecipients) {
        public Printing {
            forRecipients = forRecipients == null ? List.of() : List.copyOf(forRecipients);
        }
    }

    public CopiesRecord {
        if (tutorialId == null) {
            throw new IllegalArgumentException("A copies register entry belongs to a tutorial");
        }
        copies = copies == null ? List.of() : copies.stream().sorted(Comparator.comparing(Copy::recipient)).toList();
        printings = printings == null ? List.of() : List.copyOf(printings);
    }

    public static CopiesRecord empty(UUID tutorialId) {
        return new CopiesRecord(tutorialId, List.of(), List.of());
    }

    public Optional<Copy> copy(CopyRecipient r) {
        return copies.stream().filter(c -> c.recipient() == r).findFirst();
    }

    public Optional<Instant> lastPrinted() {
        return printings.stream().map(Printing::at).max(Comparator.naturalOrder());
    }

    /** A print of the form for these recipients: each gets its printed time (the first one is kept). */
    public CopiesRecord printed(Instant at, int count, java.util.Collection<CopyRecipient> recipients) {
        List<Copy> next = new ArrayList<>(copies);
        for (CopyRecipient r : recipients) {
            if (copy(r).isEmpty()) {
                next.add(new Copy(r, at, null));
            } else if (copy(r).get().printedAt() == null) {
                next.replaceAll(c -> c.recipient() == r ? new Copy(r, at, c.handedOverAt()) : c);
            }
        }
        List<Printing> p = new ArrayList<>(printings);
        p.add(new Printing(at, count, recipients.stream().sorted().toList()));
        return new CopiesRecord(tutorialId, next, p);
    }

    /** Ticks (or unticks) a recipient's copy as handed over at {@code at}. */
    public CopiesRecord handedOver(CopyRecipient r, boolean handed, Instant at) {
        List<Copy> next = new ArrayList<>(copies);
        Optional<Copy> existing = copy(r);
        Copy updated = new Copy(r, existing.map(Copy::printedAt).orElse(null), handed ? at : null);
        if (existing.isPresent()) {
            next.replaceAll(c -> c.recipient() == r ? updated : c);
        } else {
            next.add(updated);
        }
        return new CopiesRecord(tutorialId, next, printings);
    }
}
