package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tutela.app.domain.PassphraseRule.Strength;
import org.tutela.app.domain.PassphraseRule.Verdict;

class PassphraseRuleTest {

    @Test
    void aFewUnrelatedWordsAreAccepted() {
        assertEquals(Verdict.ACCEPTED, PassphraseRule.check("kettle orchard violet tram"));
        assertTrue(PassphraseRule.strength("kettle orchard violet tram").compareTo(Strength.GOOD) >= 0);
    }

    @Test
    void shortOnesAreRefusedAsTooShort() {
        assertEquals(Verdict.EMPTY, PassphraseRule.check(""));
        assertEquals(Verdict.TOO_SHORT, PassphraseRule.check("Tr0ub4dor&3"));
    }

    @Test
    void wellKnownPasswordsAreRefusedEvenWithDigitsOnTheEnd() {
        assertEquals(Verdict.TOO_COMMON, PassphraseRule.check("passwordpassword"));
        assertEquals(Verdict.TOO_COMMON, PassphraseRule.check("Password123!"));
    }

    @Test
    void repetitionAndRunsAreRefused() {
        assertEquals(Verdict.TOO_REPETITIVE, PassphraseRule.check("aaaaaaaaaaaaaaaa"));
        assertEquals(Verdict.TOO_REPETITIVE, PassphraseRule.check("abcabcabcabcabc"));
        assertEquals(Verdict.TOO_REPETITIVE, PassphraseRule.check("abcdefghijklmn"));
        assertEquals(Verdict.TOO_REPETITIVE, PassphraseRule.check("1234567890123"));
    }

    @Test
    void longButPoorPoolIsWeak() {
        assertEquals(Verdict.TOO_WEAK, PassphraseRule.check("271828182845"));
    }

    @Test
    void strengthGrowsWithLength() {
        assertTrue(PassphraseRule.strength("kettle orchard").compareTo(PassphraseRule.strength("kettle orchard violet tram nine")) < 0);
    }
}
