package io.github.resque4j.retry;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import io.github.resque4j.json.RubyJson;

/**
 * Ruby's {@code Array#join}, {@code #to_s} and {@code #inspect} for decoded JSON values (String, Integer, Float,
 * true/false/nil, Array, Hash) — what resque-retry's default {@code retry_identifier} feeds to SHA-1
 * ({@code args.join('-')}). Checked against Ruby 3.1 in {@code compat/retry/}.
 */
final class RubyInspect {
    private final boolean spacedHashArrow;
    private final boolean asciiExternal;

    /**
     * @param spacedHashArrow Ruby ≥ 3.4 writes {@code {"a" => 1}}, older Rubies {@code {"a"=>1}}
     * @param asciiExternal {@code Encoding.default_external} is US-ASCII (a process started under {@code LANG=C}):
     *     {@code String#inspect} then escapes every non-ASCII character
     */
    RubyInspect(boolean spacedHashArrow, boolean asciiExternal) {
        this.spacedHashArrow = spacedHashArrow;
        this.asciiExternal = asciiExternal;
    }

    /** {@code list.join(sep)}: nested arrays are joined recursively with the same separator. */
    String join(List<?> list, String sep) {
        StringBuilder out = new StringBuilder();
        joinInto(out, list, sep);
        return out.toString();
    }

    private void joinInto(StringBuilder out, List<?> list, String sep) {
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(sep);
            }
            Object v = list.get(i);
            if (v instanceof List<?> nested) {
                joinInto(out, nested, sep);
            } else {
                toS(out, v);
            }
        }
    }

    /** {@code #to_s}: strings as they are, nil as nothing, a Hash as its {@code inspect}. */
    private void toS(StringBuilder out, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof CharSequence s) {
            out.append(s);
        } else {
            inspect(out, v);
        }
    }

    /** {@code #inspect}. */
    void inspect(StringBuilder out, Object v) {
        if (v == null) {
            out.append("nil");
        } else if (v instanceof CharSequence s) {
            inspectString(out, s.toString());
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigInteger
                || v instanceof Short || v instanceof Byte) {
            out.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            out.append(RubyJson.rubyFloatToS(((Number) v).doubleValue()));
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                inspect(out, list.get(i));
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                inspect(out, e.getKey());
                out.append(spacedHashArrow ? " => " : "=>");
                inspect(out, e.getValue());
            }
            out.append('}');
        } else {
            // Not a decoded JSON value (a handler's own object): there is no Ruby spelling to match.
            out.append(v);
        }
    }

    /** {@code String#inspect} (string.c rb_str_inspect) for a UTF-8 string. */
    private void inspectString(StringBuilder out, String s) {
        out.append('"');
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"', '\\' -> out.append('\\').appendCodePoint(c);
                case '#' -> {
                    // "#{", "#$" and "#@" would interpolate when read back
                    char next = i < s.length() ? s.charAt(i) : 0;
                    out.append(next == '{' || next == '$' || next == '@' ? "\\#" : "#");
                }
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case 0x0B -> out.append("\\v");
                case '\b' -> out.append("\\b");
                case 0x07 -> out.append("\\a");
                case 0x1B -> out.append("\\e");
                default -> {
                    if (asciiExternal ? c >= 0x20 && c < 0x7F : printable(c)) {
                        out.appendCodePoint(c);
                    } else if (c < 0x10000) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.append(String.format("\\u{%X}", c));
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Onigmo's {@code [[:print:]]} for Unicode as Ruby uses it in {@code inspect}: everything but controls,
     * surrogates, unassigned code points and the line / paragraph separators; U+0085 (NEL) counts as printable.
     * Matches Ruby 3.1 (Unicode 13.0) on every code point when the JVM's tables are Unicode 13 (Java 17).
     */
    static boolean printable(int c) {
        if (c == 0x85) {
            return true;
        }
        int t = Character.getType(c);
        return t != Character.CONTROL && t != Character.SURROGATE && t != Character.UNASSIGNED
                && t != Character.LINE_SEPARATOR && t != Character.PARAGRAPH_SEPARATOR;
    }
}
