package org.tutela.app.domain;

import java.util.regex.Pattern;

/**
 * Whether a phone number or an email address looks like one: a check for typing slips (a letter
 * in a phone number, an address without its "@"), not proof that it works. Used for learners'
 * contacts and for the tutor's own details.
 */
public final class ContactChecks {
    /** Digits with the usual separators, and at least six digits: "07700 900123", "+44 (0)161 496 0000". */
    private static final Pattern PHONE = Pattern.compile("(?=(?:\\D*\\d){6})[0-9 +()\\-]+");
    /** Something@somewhere.tld, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private ContactChecks() {
    }

    public static boolean looksLikePhone(String s) {
        return s != null && PHONE.matcher(s.strip()).matches();
    }

    public static boolean looksLikeEmail(String s) {
        return s != null && EMAIL.matcher(s.strip()).matches();
    }
}
