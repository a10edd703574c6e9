package org.tutela.app.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Every date field reads dates the way a UK tutor types them, and refuses what is not a date, saying why. */
class FormatsTest {
    private static final LocalDate SIXTH_DEC = LocalDate.of(2026, 12, 6);

    @Test
    void readsTheWaysAUkTutorWritesADate() {
        for (String typed : new String[] {"6/12/2026", "06/12/2026", "06-12-2026", "6.12.2026", "6/12/26", "6 Dec 2026",
            "6 dec 2026", "6 December 2026", "6th December 2026", "2026-12-06", " 6 Dec. 2026 "}) {
            assertEquals(SIXTH_DEC, Formats.parseDate(typed).value(), typed);
        }
        assertEquals(LocalDate.of(2026, 9, 6), Formats.parseDate("6 Sept 2026").value());
        assertEquals(LocalDate.of(2026, 9, 6), Formats.parseDate("6 Sep 2026").value());
        assertEquals(LocalDate.of(2028, 2, 29), Formats.parseDate("29/02/2028").value(), "a leap day");
        assertTrue(Formats.parseDate("  ").blank());
    }

    @Test
    void anImpossibleDateIsNeverRoundedToAPossibleOne() {
        Formats.ParsedDate feb = Formats.parseDate("31/02/2027");
        assertNull(feb.value());
        assertEquals("There is no 31/02/2027: February 2027 has 28 days.", feb.problem());
        assertEquals("There is no month 13. Type the month as 1 to 12 or by its name, for example 6/12/2026 or 6 Dec 2026.",
                Formats.parseDate("2027-13-45").problem());
        assertEquals("\u201ctomorrow\u201d is not a date Tutela can read. Type the day, month and year, for example 6/12/2026 or 6 Dec 2026.",
                Formats.parseDate("tomorrow").problem());
        for (String typed : new String[] {"6/12", "12/2026", "6 Ma 2026", "6/12/202", "0/12/2026", "6/12/0026", "2026-12-32"}) {
            assertNull(Formats.parseDate(typed).value(), typed);
            assertTrue(!Formats.parseDate(typed).problem().isEmpty(), typed);
        }
    }

    @Test
    void oneStyleForEveryDateOnScreen() {
        assertEquals("6 Dec 2026", Formats.date(SIXTH_DEC));
        assertEquals("Sunday 6 December 2026", Formats.longDate(SIXTH_DEC));
        assertEquals(SIXTH_DEC, Formats.parseDate(Formats.date(SIXTH_DEC)).value(), "what is shown reads back");
        assertEquals(LocalDate.of(2026, 9, 30), Formats.parseDate(Formats.date(LocalDate.of(2026, 9, 30))).value());
    }

    @Test
    void aDateEntryHoldsADateOrSaysWhatIsWrong() {
        DateEntry by = new DateEntry(false);
        assertTrue(by.valid(), "blank and not needed");
        by.setRequired(true);
        assertEquals("Type the date, for example 6/12/2026 or 6 Dec 2026.", by.problemProperty().get());
        by.textProperty().set("31/02/2027");
        assertNull(by.value(), "no date is made up from it");
        by.textProperty().set("28/02/2027");
        assertEquals(LocalDate.of(2027, 2, 28), by.value());
        assertTrue(by.valid());
        by.withRule(d -> d.isAfter(SIXTH_DEC) ? "after" : null);
        assertEquals("after", by.problemProperty().get());
    }

    @Test
    void emptyPartsLeaveNoStrayPunctuation() {
        assertEquals("13:00", Formats.joined(", ", "13:00", "", null));
        assertEquals("13:00, Room 4", Formats.joined(", ", "13:00", "Room 4"));
        assertEquals("", Formats.joined(", ", null, " "));
    }
}
