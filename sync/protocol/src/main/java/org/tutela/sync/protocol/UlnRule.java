package org.tutela.sync.protocol;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Unique Learner Number rule, shared by the laptop (typing a ULN) and head office (importing
 * learners from the MIS): 10 digits, the first not 0, and the digits multiplied by the weights
 * 10, 9, ... 1 summed leave remainder 10 when divided by 11 (the published example 9276308686 is
 * valid). Spaces are ignored. Each side words the problem for its own users.
 */
public final class UlnRule {

    /** What can be wrong with a ULN. */
    public enum Problem { EMPTY, NOT_DIGITS, LENGTH, LEADING_ZERO, CHECK_DIGIT }

    private UlnRule() {
    }

    /** The ULN as typed without its spaces (null stays null). */
    public static String normalise(String typed) {
        return typed == null ? null : typed.replace(" ", "").strip();
    }

    /** What is wrong with this ULN (spaces ignored), or empty if it is valid. */
    public static Optional<Problem> problem(String typed) {
        if (typed == null || typed.isBlank()) {
            return Optional.of(Problem.EMPTY);
        }
        String digits = normalise(typed);
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.of(Problem.NOT_DIGITS);
            }
        }
        if (digits.length() != 10) {
            return Optional.of(Problem.LENGTH);
        }
        if (digits.charAt(0) == '0') {
            return Optional.of(Problem.LEADING_ZERO);
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        return sum % 11 == 10 ? Optional.empty() : Optional.of(Problem.CHECK_DIGIT);
    }

    public static boolean isValid(String typed) {
        return problem(typed).isEmpty();
    }

    /**
     * The check digit that completes nine digits (first not 0) into a valid ULN, or empty when no
     * digit does (about one prefix in eleven). Used to invent demo and test learners.
     */
    public static OptionalInt checkDigit(String nineDigits) {
        if (nineDigits == null || nineDigits.length() != 9 || nineDigits.charAt(0) == '0') {
            return OptionalInt.empty();
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = nineDigits.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            sum += (c - '0') * (10 - i);
        }
        int check = Math.floorMod(10 - sum, 11);
        return check == 10 ? OptionalInt.empty() : OptionalInt.of(check);
    }
}
