package org.tutela.sync.server;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.tutela.sync.server.headoffice.Problem;

/**
 * A person's name and contacts as head office keeps them: the name the laptops greet a tutor
 * with, an email and a phone number (both optional). Blank values are absent.
 */
public record UserDetails(String displayName, String email, String phone) {
    public static final UserDetails NONE = new UserDetails(null, null, null);
    public static final int MAX_NAME = 200;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()\\-]{4,30}");

    public UserDetails {
        displayName = blankToNull(displayName);
        email = blankToNull(email);
        phone = blankToNull(phone);
    }

    /** What is wrong, by field ({@code name}, {@code email}, {@code phone}); empty when all is well. */
    public List<Problem> problems(boolean nameRequired) {
        List<Problem> p = new ArrayList<>();
        if (displayName == null) {
            if (nameRequired) {
                p.add(Problem.of("name", "people.name.required"));
            }
        } else if (displayName.length() > MAX_NAME || displayName.codePoints().anyMatch(Character::isISOControl)) {
            p.add(Problem.of("name", "people.name.invalid"));
        }
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            p.add(Problem.of("email", "people.email.invalid"));
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            p.add(Problem.of("phone", "people.phone.invalid"));
        }
        return p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
