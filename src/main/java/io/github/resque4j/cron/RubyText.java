package io.github.resque4j.cron;

import java.math.BigInteger;

/** The few Ruby String methods fugit's parsers rely on, with Ruby's exact behaviour on the inputs they see. */
final class RubyText {
    private RubyText() {
    }

    private static boolean rubySpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == 0;
    }

    /** Ruby 3.1 {@code String#strip}: whitespace and NUL at both ends. */
    static String strip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && rubySpace(s.charAt(b))) {
            b++;
        }
        while (e > b && rubySpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    /**
     * Ruby {@code String#to_i} as a BigInteger: optional leading whitespace, an optional sign, then digits (with
     * single underscores between digits); 0 when there are none.
     */
    static BigInteger toBigI(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && rubySpace(s.charAt(i)) && s.charAt(i) != 0) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        StringBuilder digits = new StringBuilder();
        while (i < n) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '_' && digits.length() > 0 && i + 1 < n && Character.isDigit(s.charAt(i + 1))
                && s.charAt(i + 1) <= '9') {
                // Ruby skips a single underscore between digits
            } else {
                break;
            }
            i++;
        }
        if (digits.length() == 0) {
            return BigInteger.ZERO;
        }
        BigInteger v = new BigInteger(digits.toString());
        return neg ? v.negate() : v;
    }

    /** Ruby {@code String#to_i} for the short numeric tokens of a cron string. */
    static int toI(String s) {
        return toBigI(s).intValueExact();
    }

    /** Ruby {@code String#inspect} for printable text (quotes, backslashes and control characters escaped). */
    static String inspect(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
