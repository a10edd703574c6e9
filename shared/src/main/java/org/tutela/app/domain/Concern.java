package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A concern raised about a learner and, when it is referred, to whom: a service from the
 * signposting list or free text. Safeguarding concerns are always urgent (they sync first).
 *
 * @param referredToServiceId a {@link SignpostingService}, or null
 * @param referredToOther free text when the service is not on the list, or null
 */
public record Concern(UUID id, UUID learnerId, ConcernCategory category, LocalDate raisedOn, String raisedBy,
                      String description, UUID referredToServiceId, String referredToOther, LocalDate referredOn,
                      ConcernStatus status, List<FollowUp> followUps) {

    /** A follow-up: when, what, and by whom. */
    public record FollowUp(LocalDate date, String note, String by) {
        public FollowUp {
            if (date == null) {
                throw new IllegalArgumentException("A follow-up needs its date");
            }
            if (note == null || note.isBlank()) {
                throw new IllegalArgumentException("Write what happened");
            }
        }
    }

    public Concern {
        if (id == null || learnerId == null) {
            throw new IllegalArgumentException("A concern needs an id and a learner");
        }
        if (category == null) {
            throw new IllegalArgumentException("Choose what the concern is about");
        }
        if (raisedOn == null) {
            throw new IllegalArgumentException("A concern needs the date it was raised");
        }
        status = status == null ? ConcernStatus.OPEN : status;
        followUps = followUps == null ? List.of() : List.copyOf(followUps);
    }

    public static Concern raise(UUID learnerId, ConcernCategory category, LocalDate on, String by, String description) {
        return new Concern(UUID.randomUUID(), learnerId, category, on, by, description, null, null, null,
                ConcernStatus.OPEN, List.of());
    }

    /** Safeguarding concerns are urgent. */
    public boolean urgent() {
        return category == ConcernCategory.SAFEGUARDING;
    }

    public boolean open() {
        return status != ConcernStatus.CLOSED;
    }

    public boolean referred() {
        return referredToServiceId != null || (referredToOther != null && !referredToOther.isBlank());
    }

    /** Referred to a listed service (or, with a null service, to someone named in free text). */
    public Concern referTo(UUID serviceId, String other, LocalDate on) {
        if (serviceId == null && (other == null || other.isBlank())) {
            throw new IllegalArgumentException("Choose a service or say who it was referred to");
        }
        return new Concern(id, learnerId, category, raisedOn, raisedBy, description, serviceId, other, on,
                ConcernStatus.REFERRED, followUps);
    }

    public Concern withStatus(ConcernStatus s) {
        return new Concern(id, learnerId, category, raisedOn, raisedBy, description, referredToServiceId,
                referredToOther, referredOn, s, followUps);
    }

    public Concern withDescription(ConcernCategory c, String d) {
        return new Concern(id, learnerId, c, raisedOn, raisedBy, d, referredToServiceId, referredToOther, referredOn,
                status, followUps);
    }

    public Concern followUp(FollowUp f) {
        List<FollowUp> list = new ArrayList<>(followUps);
        list.add(f);
        return new Concern(id, learnerId, category, raisedOn, raisedBy, description, referredToServiceId,
                referredToOther, referredOn, status, list);
    }
}
