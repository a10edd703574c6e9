package org.tutela.app.domain;

import java.util.UUID;

/**
 * A caseload group or cohort: its programme, site or employer, how often its learners are
 * reviewed, and (when it differs from the default 4 reviews and 8 group sessions a year) its
 * entitlement.
 *
 * @param entitlementOverride null means {@link Entitlement#DEFAULT}
 */
public record Group(
        UUID id,
        String name,
        String programme,
        String siteOrEmployer,
        String tutor,
        ReviewFrequency reviewFrequency,
        Entitlement entitlementOverride) {

    public Group {
        if (id == null) {
            throw new IllegalArgumentException("A group needs an id");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the group a name");
        }
        reviewFrequency = reviewFrequency == null ? ReviewFrequency.halfTermly() : reviewFrequency;
    }

    public static Group create(String name, String programme, String siteOrEmployer, String tutor, ReviewFrequency frequency) {
        return new Group(UUID.randomUUID(), name, programme, siteOrEmployer, tutor, frequency, null);
    }

    public Entitlement entitlement() {
        return entitlementOverride == null ? Entitlement.DEFAULT : entitlementOverride;
    }

    public Group withReviewFrequency(ReviewFrequency f) {
        return new Group(id, name, programme, siteOrEmployer, tutor, f, entitlementOverride);
    }

    public Group withEntitlementOverride(Entitlement e) {
        return new Group(id, name, programme, siteOrEmployer, tutor, reviewFrequency, e);
    }
}
