package dev.packyard.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns padded to their widest cell, two spaces apart, no trailing blanks. */
public final class Table {

    private Table() {
    }

    /** The lines of the table, header first. Every row must have as many cells as the header. */
    public static List<String> render(List<String> header, List<List<String>> rows) {
        int columns = header.size();
        int[] widths = new int[columns];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            if (row.size() != columns) {
                throw new IllegalArgumentException("row has " + row.size() + " cells, header " + columns + ": " + row);
            }
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).codePointCount(0, row.get(c).length()));
            }
        }
        List<String> lines = new ArrayList<>(all.size());
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - cell.codePointCount(0, cell.length()) + 2));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /**
     * {@code text} without control characters (each becomes '?'), so what a registry sends cannot move the cursor,
     * clear the screen or forge lines on the user's terminal.
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                || c == 0x202E ? '?' : c));
        return out.toString();
    }

    /** {@code text} cut to {@code max} characters, the last one an ellipsis when cut. */
    public static String truncate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int end = text.offsetByCodePoints(0, max - 1);
        return text.substring(0, end) + "…";
    }
}
