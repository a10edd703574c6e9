package org.tutela.app.domain;

import java.util.Optional;

/**
 * A Unique Learner Number: 10 digits, the first not 0, and the digits multiplied by the weights
 * 10, 9, ... 1 summed leave remainder 10 when divided by 11 (the published example 9276308686 is
 * valid). Construct with {@link #parse(String)}; an invalid number is refused with a message that
 * says what is wrong.
 */
public record Uln(String value) {

    public static final String MESSAGE_EMPTY = "Enter the learner's ULN";
    public static final String MESSAGE_NOT_DIGITS = "A ULN is made of digits only";
    public static final String MESSAGE_LENGTH = "A ULN has 10 digits";
    public static final String MESSAGE_LEADING_ZERO = "A ULN never starts with 0";
    public static final String MESSAGE_CHECK_DIGIT =
            "This ULN's check digit is wrong \u2014 check it against the learner's ILR";

    public Uln {
        problem(value).ifPresent(message -> {
            throw new InvalidUlnException(message);
        });
    }

    /** Parses a ULN as typed: spaces are ignored. @throws InvalidUlnException with what is wrong */
    public static Uln parse(String typed) {
        return new Uln(typed == null ? null : typed.replace(" ", "").strip());
    }

    /** What is wrong with this ULN (spaces ignored), or empty if it is valid. */
    public static Optional<String> problem(String typed) {
        if (typed == null || typed.isBlank()) {
            return Optional.of(MESSAGE_EMPTY);
        }
        String digits = typed.replace(" ", "").strip();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.of(MESSAGE_NOT_DIGITS);
            }
        }
        if (digits.length() != 10) {
            return Optional.of(MESSAGE_LENGTH);
        }
        if (digits.charAt(0) == '0') {
            return Optional.of(MESSAGE_LEADING_ZERO);
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        if (sum % 11 != 10) {
            return Optional.of(MESSAGE_CHECK_DIGIT);
        }
        return Optional.empty();
    }

    public static boolean isValid(String typed) {
        return problem(typed).isEmpty();
    }

    /**
     * Completes nine digits (first not 0) with their check digit, or empty when no digit makes a
     * valid ULN (about one prefix in eleven). Used to invent demo and test learners.
     */
    public static Optional<Uln> withCheckDigit(String nineDigits) {
        if (nineDigits == null || nineDigits.length() != 9 || nineDigits.charAt(0) == '0') {
            return Optional.empty();
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = nineDigits.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            sum += (c - '0') * (10 - i);
        }
        int check = Math.floorMod(10 - sum, 11);
        if (check == 10) {
            return Optional.empty();
        }
        return Optional.of(new Uln(nineDigits + check));
    }

    @Override
    public String toString() {
        return value;
    }
}
