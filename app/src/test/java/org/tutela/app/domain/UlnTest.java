package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UlnTest {

    @Test
    void publishedExampleIsValid() {
        assertEquals("9276308686", Uln.parse("9276308686").value());
        assertEquals("9276308686", Uln.parse(" 92763 08686 ").value());
        assertTrue(Uln.isValid("9276308686"));
    }

    @Test
    void eachProblemHasItsMessage() {
        assertEquals(Uln.MESSAGE_EMPTY, message(""));
        assertEquals(Uln.MESSAGE_EMPTY, message(null));
        assertEquals(Uln.MESSAGE_NOT_DIGITS, message("92763O8686"));
        assertEquals(Uln.MESSAGE_LENGTH, message("927630868"));
        assertEquals(Uln.MESSAGE_LENGTH, message("92763086860"));
        assertEquals(Uln.MESSAGE_LEADING_ZERO, message("0276308686"));
        assertEquals(Uln.MESSAGE_CHECK_DIGIT, message("9276308687"));
        assertEquals("A ULN has 10 digits", Uln.MESSAGE_LENGTH);
        assertTrue(Uln.MESSAGE_CHECK_DIGIT.contains("check digit is wrong"));
    }

    @Test
    void checkDigitCompletesPrefixes() {
        assertEquals("9276308686", Uln.withCheckDigit("927630868").orElseThrow().value());
        int made = 0;
        for (int p = 100000000; p < 100000200; p++) {
            var u = Uln.withCheckDigit(Integer.toString(p));
            if (u.isPresent()) {
                made++;
                assertTrue(Uln.isValid(u.get().value()));
            }
        }
        assertTrue(made > 150);
        assertFalse(Uln.withCheckDigit("027630868").isPresent());
    }

    @Test
    void everySingleDigitTypoIsCaught() {
        String good = "9276308686";
        for (int i = 0; i < 10; i++) {
            for (char c = '0'; c <= '9'; c++) {
                if (c == good.charAt(i) || (i == 0 && c == '0')) {
                    continue;
                }
                String typo = good.substring(0, i) + c + good.substring(i + 1);
                assertFalse(Uln.isValid(typo), typo);
            }
        }
    }

    private static String message(String typed) {
        return assertThrows(InvalidUlnException.class, () -> Uln.parse(typed)).getMessage();
    }
}
