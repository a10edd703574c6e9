package org.tutela.sync.server.headoffice;

import java.time.LocalDate;
import java.util.List;

/**
 * The organisation as head office sets it up: one record that every laptop receives and uses
 * instead of its own settings.
 *
 * @param name printed on the laptops' forms
 * @param logo a PNG or JPEG printed beside the name, or null
 * @param safeguardingLeadName the Designated Safeguarding Lead, or null
 * @param safeguardingLeadPhone the number a tutor is told to phone when a concern cannot reach head office, or null
 * @param escrowPublicKey the safeguarding lead's escrow public key (base64, from {@code escrow keygen}), or null:
 *     confidential tutorials are then sealed with their password only
 * @param termDates the six half-term start dates of each academic year head office has set (other years: the standard dates)
 * @param defaultEntitlement tutorials a learner is entitled to in a year where the group does not say otherwise
 * @param attendanceThreshold attendance (percent) below which a learner needs attention
 */
public record Organisation(String name, byte[] logo, String safeguardingLeadName, String safeguardingLeadPhone,
                           String escrowPublicKey, List<TermDates> termDates, Entitlement defaultEntitlement,
                           Integer attendanceThreshold) {

    /** The default when head office has not said: 4 one-to-one reviews and 8 group sessions a year. */
    public static final Entitlement DEFAULT_ENTITLEMENT = new Entitlement(4, 8);
    public static final int DEFAULT_ATTENDANCE_THRESHOLD = 90;

    public Organisation {
        termDates = termDates == null ? List.of() : List.copyOf(termDates);
        defaultEntitlement = defaultEntitlement == null ? DEFAULT_ENTITLEMENT : defaultEntitlement;
        attendanceThreshold = attendanceThreshold == null ? DEFAULT_ATTENDANCE_THRESHOLD : attendanceThreshold;
    }

    /**
     * The six half-terms of one academic year (1 August to 31 July), as the days they start on:
     * autumn 1 and 2, spring 1 and 2, summer 1 and 2. (On the laptop the summer holiday counts
     * with autumn 1.)
     *
     * @param academicYear the calendar year the academic year starts in (2025 for 2025/26)
     */
    public record TermDates(int academicYear, List<LocalDate> halfTermStarts) {
        public TermDates {
            halfTermStarts = halfTermStarts == null ? List.of() : List.copyOf(halfTermStarts);
        }

        /** "2025/26". */
        public String label() {
            return academicYear + "/" + String.format("%02d", (academicYear + 1) % 100);
        }
    }

    /** Tutorials a learner is entitled to in an academic year. */
    public record Entitlement(int oneToOneReviews, int groupSessions) {
    }
}
