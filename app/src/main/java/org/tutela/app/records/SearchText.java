package org.tutela.app.records;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Folds text for search: lower case, accents and marks removed, punctuation to spaces. */
final class SearchText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private SearchText() {
    }

    static String fold(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                ascii = false;
                break;
            }
        }
        String t = ascii ? s : MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        t = t.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(t.length() + 2);
        boolean space = true;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            String rep = switch (c) {
                case '\u00df' -> "ss";
                case '\u00e6' -> "ae";
                case '\u0153' -> "oe";
                case '\u00f8' -> "o";
                case '\u0111', '\u00f0' -> "d";
                case '\u0142' -> "l";
                case '\u0131' -> "i";
                case '\u00fe' -> "th";
                default -> null;
            };
            if (rep != null) {
                b.append(rep);
                space = false;
            } else if (c == '\'' || c == '\u2019') {
                // O'Brien is found by "obrien"
            } else if (Character.isLetterOrDigit(c)) {
                b.append(c);
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        int len = b.length();
        if (len > 0 && b.charAt(len - 1) == ' ') {
            b.setLength(len - 1);
        }
        return b.toString();
    }
}
