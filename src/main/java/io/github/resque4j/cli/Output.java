package io.github.resque4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import io.github.resque4j.json.RubyJson;

/** Aligned tables for people, compact JSON for scripts. */
final class Output {
    private static final RubyJson JSON = RubyJson.jsonGem();

    private Output() {
    }

    /** @param out where @param value JSON-encodable value */
    static void json(PrintWriter out, Object value) {
        out.println(JSON.encode(value));
    }

    /**
     * Prints rows under a header, each column as wide as its widest cell.
     *
     * @param out where
     * @param header column names
     * @param rows cells (null prints as empty)
     */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], cell(r, i).length());
            }
        }
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                String c = cell(r, i);
                line.append(c);
                if (i < width.length - 1) {
                    line.append(" ".repeat(width[i] - c.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(List<String> row, int i) {
        String c = i < row.size() ? row.get(i) : null;
        return c == null ? "" : c.replace('\n', ' ');
    }

    /** @param s text @param max length @return the text, cut with an ellipsis if longer */
    static String shorten(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, Math.max(0, max - 1)) + "…";
    }

    /**
     * A one-line progress bar on stderr, redrawn in place.
     *
     * @param err where
     * @param done items done
     * @param total items in all
     */
    static void progress(PrintWriter err, long done, long total) {
        int width = 30;
        int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
