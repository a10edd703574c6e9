package org.tutela.app.domain;

import java.util.Optional;
import java.util.OptionalInt;
import org.tutela.sync.protocol.UlnRule;

/**
 * A Unique Learner Number: 10 digits, the first not 0, and the digits multiplied by the weights
 * 10, 9, ... 1 summed leave remainder 10 when divided by 11 (the published example 9276308686 is
 * valid). Construct with {@link #parse(String)}; an invalid number is refused with a message that
 * says what is wrong. The rule itself is {@link UlnRule}, which head office's import uses too.
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
        return new Uln(UlnRule.normalise(typed));
    }

    /** What is wrong with this ULN (spaces ignored), or empty if it is valid. The rule is shared with head office. */
    public static Optional<String> problem(String typed) {
        return UlnRule.problem(typed).map(p -> switch (p) {
            case EMPTY -> MESSAGE_EMPTY;
            case NOT_DIGITS -> MESSAGE_NOT_DIGITS;
            case LENGTH -> MESSAGE_LENGTH;
            case LEADING_ZERO -> MESSAGE_LEADING_ZERO;
            case CHECK_DIGIT -> MESSAGE_CHECK_DIGIT;
        });
    }

    public static boolean isValid(String typed) {
        return UlnRule.isValid(typed);
    }

    /**
     * Completes nine digits (first not 0) with their check digit, or empty when no digit makes a
     * valid ULN (about one prefix in eleven). Used to invent demo and test learners.
     */
    public static Optional<Uln> withCheckDigit(String nineDigits) {
        OptionalInt check = UlnRule.checkDigit(nineDigits);
        return check.isPresent() ? Optional.of(new Uln(nineDigits + check.getAsInt())) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
