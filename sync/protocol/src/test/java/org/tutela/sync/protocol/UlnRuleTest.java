package org.tutela.sync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ULN rule the laptop and head office's import share. */
class UlnRuleTest {
    @Test
    void thePublishedExampleIsValidAndEachProblemIsNamed() {
        assertTrue(UlnRule.isValid("9276308686"));
        assertTrue(UlnRule.isValid(" 92763 08686 "));
        assertEquals(Optional.of(UlnRule.Problem.EMPTY), UlnRule.problem(" "));
        assertEquals(Optional.of(UlnRule.Problem.NOT_DIGITS), UlnRule.problem("92763O8686"));
        assertEquals(Optional.of(UlnRule.Problem.LENGTH), UlnRule.problem("927630868"));
        assertEquals(Optional.of(UlnRule.Problem.LEADING_ZERO), UlnRule.problem("0276308686"));
        assertEquals(Optional.of(UlnRule.Problem.CHECK_DIGIT), UlnRule.problem("9276308687"));
    }

    @Test
    void theCheckDigitCompletesAPrefix() {
        assertEquals(6, UlnRule.checkDigit("927630868").getAsInt());
        assertFalse(UlnRule.checkDigit("027630868").isPresent());
        assertFalse(UlnRule.checkDigit("92763086").isPresent());
    }
}
