package org.tutela.app.domain;

/**
 * The tutor using Tutela on this laptop: who signs the notices sent to learners, who is named as
 * "Tutor" on the forms they plan and hold, and who is credited with their follow-ups and
 * amendments. Asked when the vault is created, changed later in "Your details", and taken from
 * head office when the laptop is connected to it.
 *
 * @param name as it should appear on forms and notices (required)
 * @param role for example "Course tutor" or "Work-based trainer"; may be null
 * @param email for learners to reply to a notice; may be null
 * @param phone for learners to ring about a notice; may be null
 */
public record Tutor(String name, String role, String email, String phone) {
    public static final String NAME_MISSING = "The tutor's name is needed";
    public static final String BAD_EMAIL = "The tutor's email address does not look right";
    public static final String BAD_PHONE = "The tutor's phone number does not look right";

    public Tutor {
        name = blankToNull(name);
        role = blankToNull(role);
        email = blankToNull(email);
        phone = blankToNull(phone);
        if (name == null) {
            throw new IllegalArgumentException(NAME_MISSING);
        }
        if (email != null && !ContactChecks.looksLikeEmail(email)) {
            throw new IllegalArgumentException(BAD_EMAIL);
        }
        if (phone != null && !ContactChecks.looksLikePhone(phone)) {
            throw new IllegalArgumentException(BAD_PHONE);
        }
    }

    /** The same details under the name head office knows the tutor by. */
    public Tutor withName(String n) {
        return new Tutor(n, role, email, phone);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
