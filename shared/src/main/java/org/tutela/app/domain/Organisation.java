package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The organisation as head office set it up, received by sync: it takes the place of this
 * laptop's own organisation settings, term dates and default entitlement. A laptop that never
 * received one keeps its own.
 *
 * @param logo a PNG or JPEG printed beside the name, or null
 * @param escrowPublicKey the safeguarding lead's escrow public key (base64), or null
 * @param termDates the academic years head office gave dates for (the others follow the standard dates)
 * @param defaultEntitlement a learner's entitlement where their group has none of its own
 * @param attendanceThreshold attendance (percent) below which a learner needs attention
 * @param safeguardingAcknowledgeHours the hours within which head office's safeguarding lead means to
 *     acknowledge a safeguarding concern (head office's own setting, kept as it wrote it), or null
 */
public record Organisation(UUID id, String name, byte[] logo, String safeguardingLeadName, String safeguardingLeadPhone,
                           String escrowPublicKey, List<TermDates> termDates, Entitlement defaultEntitlement,
                           Integer attendanceThreshold, Integer safeguardingAcknowledgeHours) {

    /** Its one record's id (the wire format's {@code RecordKinds.ORGANISATION_ID}). */
    public static final UUID RECORD_ID = UUID.nameUUIDFromBytes("tutela:organisation".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    public Organisation {
        termDates = termDates == null ? List.of() : List.copyOf(termDates);
        defaultEntitlement = defaultEntitlement == null ? Entitlement.DEFAULT : defaultEntitlement;
    }

    /**
     * The six days the half-terms of one academic year start on (autumn 1 and 2, spring 1 and 2,
     * summer 1 and 2).
     *
     * @param academicYear the calendar year it starts in (2025 for 2025/26)
     */
    public record TermDates(int academicYear, List<LocalDate> halfTermStarts) {
        public TermDates {
            halfTermStarts = halfTermStarts == null ? List.of() : List.copyOf(halfTermStarts);
        }
    }

    /**
     * The standard calendar with head office's years in it. A year whose dates do not make a
     * calendar (head office checks them, so only a damaged record) keeps the standard dates.
     */
    public AcademicCalendar calendar() {
        AcademicCalendar c = AcademicCalendar.standard();
        for (TermDates t : termDates) {
            try {
                c = c.withYear(t.academicYear(), t.halfTermStarts());
            } catch (IllegalArgumentException notACalendar) {
                // that year follows the standard dates
            }
        }
        return c;
    }
}
