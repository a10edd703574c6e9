package org.tutela.sync.server.headoffice;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV export as an MIS writes it: RFC 4180 (quoted cells, doubled quotes, line breaks inside
 * quotes, CRLF or LF), comma-separated, or semicolon- or tab-separated where the heading row says
 * so. The bytes are UTF-8 (with or without a byte-order mark) or, when they are not valid UTF-8,
 * Windows-1252 (what Excel on Windows saves as "CSV"). Rows are numbered as a spreadsheet shows
 * them: the heading row is 1.
 *
 * <p>Written here rather than taken from a library because every problem must name its row as
 * the administrator's spreadsheet numbers it, and the encoding is decided from the bytes.
 */
public record CsvFile(String encoding, char delimiter, List<List<String>> rows) {
    public static final String UTF8 = "UTF-8";
    public static final String UTF8_BOM = "UTF-8 (with byte-order mark)";
    public static final String WINDOWS_1252 = "Windows-1252";

    /** The heading row's cells (empty when the file is empty). */
    public List<String> headers() {
        return rows.isEmpty() ? List.of() : rows.get(0);
    }

    /** Decodes and splits a file. */
    public static CsvFile read(byte[] bytes) {
        String encoding;
        String text;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            encoding = UTF8_BOM;
            text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                encoding = UTF8;
            } catch (CharacterCodingException notUtf8) {
                text = new String(bytes, Charset.forName("windows-1252"));
                encoding = WINDOWS_1252;
            }
        }
        char delimiter = delimiterOf(text);
        return new CsvFile(encoding, delimiter, split(text, delimiter));
    }

    /** The separator the heading row uses most, outside quotes: comma, semicolon or tab. */
    static char delimiterOf(String text) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (ch == '\n' || ch == '\r')) {
                break;
            } else if (!quoted) {
                if (ch == ',') {
                    commas++;
                } else if (ch == ';') {
                    semicolons++;
                } else if (ch == '\t') {
                    tabs++;
                }
            }
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    /** RFC 4180 rows; a line with nothing on it at all is no row (a blank line at the end, say). */
    static List<List<String>> split(String text, char delimiter) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.isEmpty()) {
                quoted = true;
                any = true;
            } else if (ch == delimiter) {
                row.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || !cell.isEmpty()) {
                    row.add(cell.toString());
                    rows.add(row);
                } else {
                    rows.add(List.of()); // keeps the numbering as the spreadsheet shows it
                }
                row = new ArrayList<>();
                cell.setLength(0);
                any = false;
            } else {
                cell.append(ch);
            }
        }
        if (any || !cell.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        while (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
            rows.remove(rows.size() - 1);
        }
        return rows;
    }
}
