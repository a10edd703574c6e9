package org.tutela.sync.server.headoffice;

import java.util.Locale;

/**
 * One thing wrong with what head office was asked to store, named so that a page can show it
 * beside its field and a preview beside its row and column.
 *
 * @param field the form field or file column it concerns (a column's heading), or null
 * @param row the row of the file (the heading row is 1), or 0 when it is not about a row
 * @param key the message's key in the bundle ({@link Text}); {@code args} fill it in
 */
public record Problem(String field, int row, String key, Object... args) {

    public static Problem of(String field, String key, Object... args) {
        return new Problem(field, 0, key, args);
    }

    public static Problem at(int row, String column, String key, Object... args) {
        return new Problem(column, row, key, args);
    }

    /** The message in English. */
    public String message() {
        return Text.get(key, args);
    }

    public String message(Locale locale) {
        return Text.get(locale, key, args);
    }

    /** "Row 7, column ULN: ..." for the command line. */
    public String describe() {
        String r = Integer.toString(row); // not "1,234"
        String where = row > 0 && field != null ? Text.get("where.rowColumn", r, field)
                : row > 0 ? Text.get("where.row", r)
                : field != null ? Text.get("where.field", field) : "";
        return where.isEmpty() ? message() : where + " " + message();
    }

    @Override
    public String toString() {
        return describe();
    }
}
