package org.tutela.sync.server.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A table of a report page as it is downloaded: headings and rows whose cells are text, whole
 * numbers, decimals, dates or empty. Written as CSV (UTF-8 with a byte-order mark, so spreadsheet
 * programs read ŵ and ŷ, lines ended CRLF as RFC 4180 says) or as an .xlsx workbook (Apache POI),
 * numbers as numbers and dates as dates in both.
 *
 * <p>A text cell that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a
 * carriage return: a learner named "=HYPERLINK(...)") is written with a leading apostrophe in the
 * CSV, so opening the file never runs it; in the workbook every text cell is a string cell, never a
 * formula.
 */
public record ExportTable(String title, List<String> headings, List<List<Object>> rows) {

    public byte[] csv() {
        StringBuilder b = new StringBuilder("\uFEFF");
        line(b, List.copyOf(headings));
        for (List<Object> row : rows) {
            line(b, row);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder b, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object v = cells.get(i);
            if (v == null) {
                continue;
            }
            if (v instanceof Number || v instanceof LocalDate) {
                b.append(v);
                continue;
            }
            String s = v.toString();
            if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
                s = "'" + s;
            }
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                s = '"' + s.replace("\"", "\"\"") + '"';
            }
            b.append(s);
        }
        b.append("\r\n");
    }

    public byte[] xlsx() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = wb.createSheet(WorkbookUtil.createSafeSheetName(title));
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle head = wb.createCellStyle();
            head.setFont(bold);
            head.setWrapText(true);
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("d mmm yyyy"));
            CellStyle decimal = wb.createCellStyle();
            decimal.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("0.0"));
            int[] widths = new int[headings.size()];
            Row h = sheet.createRow(0);
            for (int i = 0; i < headings.size(); i++) {
                Cell c = h.createCell(i);
                c.setCellValue(headings.get(i));
                c.setCellStyle(head);
                widths[i] = Math.min(24, Math.max(8, headings.get(i).length()));
            }
            int r = 1;
            for (List<Object> row : rows) {
                Row x = sheet.createRow(r++);
                for (int i = 0; i < row.size(); i++) {
                    Object v = row.get(i);
                    if (v == null) {
                        continue;
                    }
                    Cell c = x.createCell(i);
                    if (v instanceof Double d) {
                        c.setCellValue(d);
                        c.setCellStyle(decimal);
                    } else if (v instanceof Number n) {
                        c.setCellValue(n.doubleValue());
                    } else if (v instanceof LocalDate d) {
                        c.setCellValue(d);
                        c.setCellStyle(date);
                        widths[i] = Math.max(widths[i], 12);
                    } else {
                        c.setCellValue(v.toString());
                        if (r < 500 && i < widths.length) {
                            widths[i] = Math.min(40, Math.max(widths[i], v.toString().length() + 1));
                        }
                    }
                }
            }
            for (int i = 0; i < widths.length; i++) {
                sheet.setColumnWidth(i, (widths[i] + 1) * 256);
            }
            sheet.createFreezePane(0, 1);
            wb.write(out);
            return out.toByteArray();
        }
    }
}
