package org.tutela.sync.server.console;

import org.tutela.sync.server.safeguarding.SafeguardingCases;

/** The words of a chronology line, the same on the page and in the PDF. */
public final class ChronologyWords {
    private ChronologyWords() {
    }

    /** "Concern raised by Tamsel Quarrow: Safeguarding", "Referred to the police by ...". */
    public static String what(ConsoleText t, SafeguardingCases.Event e) {
        String by = e.by() == null ? t.lookup("chronology.someone") : e.by();
        String category = e.category() == null ? "" : category(t, e.category());
        String agency = e.agency() == null ? "" : t.lookup("agency." + e.agency());
        return t.format("chronology.what." + e.what(), by, category, agency, e.about() == null ? "?" : e.about());
    }

    /** A concern's category in words (the app's categories), or as it came. */
    public static String category(ConsoleText t, String category) {
        return t.has("category." + category) ? t.lookup("category." + category) : category;
    }
}
