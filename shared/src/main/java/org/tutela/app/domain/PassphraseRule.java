package org.tutela.app.domain;

import java.util.Locale;
import java.util.Set;

/**
 * What a vault passphrase (and a confidential tutorial's password) must be: at least 12
 * characters, not a well-known password, not one character or a simple run repeated, and with
 * an estimated strength of at least {@link Strength#FAIR}. A few unrelated words pass easily.
 */
public final class PassphraseRule {
    public static final int MIN_LENGTH = 12;

    /** Strength as the meter shows it. */
    public enum Strength { TOO_WEAK, WEAK, FAIR, GOOD, STRONG }

    /** Why a passphrase is refused, or {@link #ACCEPTED}. Each maps to a message in the bundle. */
    public enum Verdict { ACCEPTED, EMPTY, TOO_SHORT, TOO_COMMON, TOO_REPETITIVE, TOO_WEAK }

    private static final Set<String> COMMON = Set.of(
            "password", "password1", "password123", "passw0rd", "123456789012", "qwertyuiopas",
            "letmein", "welcome", "iloveyou", "admin", "tutela", "changeme", "qwerty123456",
            "abcdefghijkl", "passwordpassword", "welcome12345", "trustno1", "monkey", "football",
            "dragon", "sunshine", "princess", "baseball", "shadow", "superman", "azerty");

    private PassphraseRule() {
    }

    public static Verdict check(CharSequence passphrase) {
        if (passphrase == null || passphrase.length() == 0) {
            return Verdict.EMPTY;
        }
        if (passphrase.length() < MIN_LENGTH) {
            return Verdict.TOO_SHORT;
        }
        String lower = passphrase.toString().toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || COMMON.contains(lower.replaceAll("[0-9!?.]+$", ""))) {
            return Verdict.TOO_COMMON;
        }
        if (isRepetitive(lower)) {
            return Verdict.TOO_REPETITIVE;
        }
        if (strength(passphrase).compareTo(Strength.FAIR) < 0) {
            return Verdict.TOO_WEAK;
        }
        return Verdict.ACCEPTED;
    }

    /** Estimated strength: length times the size of the character pool, less repeats. */
    public static Strength strength(CharSequence passphrase) {
        if (passphrase == null || passphrase.length() == 0) {
            return Strength.TOO_WEAK;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean space = false;
        boolean other = false;
        int distinct = (int) passphrase.chars().distinct().count();
        for (int i = 0; i < passphrase.length(); i++) {
            char c = passphrase.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else if (Character.isWhitespace(c)) {
                space = true;
            } else {
                other = true;
            }
        }
        int pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (space ? 1 : 0) + (other ? 33 : 0);
        // Characters beyond the distinct ones add less: "aaaaaaaaaaaaaaa" is not long in any useful sense.
        double effectiveLength = distinct + 0.5 * (passphrase.length() - distinct);
        double bits = effectiveLength * (Math.log(Math.max(pool, 2)) / Math.log(2));
        if (isRepetitive(passphrase.toString().toLowerCase(Locale.ROOT))) {
            bits = Math.min(bits, 20);
        }
        if (bits < 28) {
            return Strength.TOO_WEAK;
        }
        if (bits < 45) {
            return Strength.WEAK;
        }
        if (bits < 60) {
            return Strength.FAIR;
        }
        if (bits < 80) {
            return Strength.GOOD;
        }
        return Strength.STRONG;
    }

    private static boolean isRepetitive(String s) {
        if (s.chars().distinct().count() <= 3) {
            return true;
        }
        // A short unit repeated: "abcabcabcabc", "12121212…".
        for (int unit = 1; unit <= s.length() / 3; unit++) {
            boolean repeats = true;
            for (int i = unit; i < s.length() && repeats; i++) {
                repeats = s.charAt(i) == s.charAt(i % unit);
            }
            if (repeats) {
                return true;
            }
        }
        // A plain ascending or descending run: "abcdefghijkl", "123456789012".
        int steps = 0;
        for (int i = 1; i < s.length(); i++) {
            int d = s.charAt(i) - s.charAt(i - 1);
            if (d == 1 || d == -1 || d == -9) {
                steps++;
            }
        }
        return steps >= s.length() - 2;
    }
}
