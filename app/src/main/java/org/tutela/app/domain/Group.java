package org.tutela.app.domain;

import java.util.UUID;

/**
 * A caseload group or cohort: its programme, site or employer, how often its learners are
 * reviewed, and (when it differs from the organisation's default, 4 reviews and 8 group sessions
 * a year unless head office says otherwise) its entitlement. Head office also sets the level and
 * year of course of a group, and archives a group it no longer uses (it stays here with its
 * learners and their history).
 *
 * @param entitlementOverride null means the organisation's default ({@link #entitlement(Entitlement)})
 * @param level the level the group works towards ("Level 2"), or null
 * @param yearOfCourse 1 for a first-year group, or null
 */
public record Group(
        UUID id,
        String name,
        String programme,
        String siteOrEmployer,
        String tutor,
        ReviewFrequency reviewFrequency,
        Entitlement entitlementOverride,
        String level,
        Integer yearOfCourse,
        boolean archived) {

    public Group {
        if (id == null) {
            throw new IllegalArgumentException("A group needs an id");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the group a name");
        }
        reviewFrequency = reviewFrequency == null ? ReviewFrequency.halfTermly() : reviewFrequency;
    }

    /** A group as a tutor makes one: no level or year of course, not archived. */
    public Group(UUID id, String name, String programme, String siteOrEmployer, String tutor, ReviewFrequency reviewFrequency,
                 Entitlement entitlementOverride) {
        this(id, name, programme, siteOrEmployer, tutor, reviewFrequency, entitlementOverride, null, null, false);
    }

    public static Group create(String name, String programme, String siteOrEmployer, String tutor, ReviewFrequency frequency) {
        return new Group(UUID.randomUUID(), name, programme, siteOrEmployer, tutor, frequency, null);
    }

    /** The group's entitlement, or the standard 4 + 8 when it has none of its own. */
    public Entitlement entitlement() {
        return entitlement(Entitlement.DEFAULT);
    }

    /** The group's entitlement, or the organisation's default when it has none of its own. */
    public Entitlement entitlement(Entitlement organisationDefault) {
        return entitlementOverride == null ? organisationDefault : entitlementOverride;
    }

    public Group withReviewFrequency(ReviewFrequency f) {
        return new Group(id, name, programme, siteOrEmployer, tutor, f, entitlementOverride, level, yearOfCourse, archived);
    }

    public Group withEntitlementOverride(Entitlement e) {
        return new Group(id, name, programme, siteOrEmployer, tutor, reviewFrequency, e, level, yearOfCourse, archived);
    }
}
