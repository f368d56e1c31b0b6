package io.github.resque4j.json;

import io.github.resque4j.JsonEncodingException;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Writes Java values as compact JSON, byte-for-byte as the Ruby stack chosen by {@link EncodingRules}
 * would. One instance per call: it holds the stack of open containers used to detect cycles.
 */
final class JsonWriter {

    /** Per ASCII char: 0 = write raw, 1 = escape. Characters >= 0x80 are checked separately. */
    private static final byte[] JSON_ESCAPES = escapeTable("\"\\");
    private static final byte[] HTML_SAFE_ESCAPES = escapeTable("\"\\<>&");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Record components in declaration order, looked up once per record class. */
    private static final ClassValue<RecordComponentAccess[]> RECORD_COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponentAccess[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            RecordComponentAccess[] access = new RecordComponentAccess[components.length];
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.trySetAccessible(); // records nested in non-public classes; failures surface on invoke
                access[i] = new RecordComponentAccess(components[i].getName(), accessor);
            }
            return access;
        }
    };

    private final StringBuilder out;
    private final EncodingRules rules;
    private final byte[] asciiEscapes;
    /** Containers from the root to the one being written; a linear scan beats hashing at typical depths. */
    private Object[] open = new Object[8];
    private int depth;

    private JsonWriter(StringBuilder out, EncodingRules rules) {
        this.out = out;
        this.rules = rules;
        this.asciiEscapes = rules.htmlSafe() ? HTML_SAFE_ESCAPES : JSON_ESCAPES;
    }

    /**
     * Appends {@code value} as JSON to {@code out}.
     *
     * @throws JsonEncodingException naming the problem and its path; {@code out} may then hold a
     *     partial document, which the caller discards
     */
    static void write(Object value, StringBuilder out, EncodingRules rules) {
        try {
            new JsonWriter(out, rules).writeValue(value);
        } catch (Failure failure) {
            throw new JsonEncodingException(failure.describe());
        }
    }

    private void writeValue(Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map);
        } else if (value instanceof List<?> list && list instanceof RandomAccess) {
            writeRandomAccessList(list);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double d) {
            writeDouble(d);
        } else if (value instanceof Float f) {
            // Via Float.toString so 0.1f is written 0.1 (what the caller typed), not 0.10000000149011612.
            writeDouble(Double.parseDouble(f.toString()));
        } else if (value instanceof BigInteger || value instanceof AtomicInteger || value instanceof AtomicLong) {
            out.append(value); // plain decimal digits of any size, like a Ruby Integer
        } else if (value instanceof CharSequence || value instanceof Character) {
            writeString(value.toString());
        } else if (value instanceof Enum<?> e) {
            writeString(e.name()); // like a Ruby Symbol, which JSON writes as its name
        } else if (value instanceof BigDecimal) {
            throw new Failure("cannot encode a java.math.BigDecimal",
                    "Ruby would write a BigDecimal as a string such as \"0.11e1\", not a number;"
                            + " pass a double for a JSON number or a String to keep the exact digits");
        } else if (value instanceof Iterable<?> iterable && !(value instanceof Path)) {
            // (A Path is Iterable over Paths, each iterating itself: refused below rather than recursed.)
            writeIterable(iterable);
        } else if (value.getClass().isArray()) {
            writeArray(value);
        } else if (value instanceof Record record) {
            writeRecord(record);
        } else {
            throw new Failure("cannot encode a " + value.getClass().getName(),
                    "it has no Ruby JSON counterpart; pass a String, number, boolean, null, Map, List,"
                            + " array, enum or record (e.g. a timestamp as an ISO-8601 String)");
        }
    }

    private void writeDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            if (rules.nonFiniteAsNull()) {
                out.append("null");
                return;
            }
            String name = Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
            throw new Failure(name + " not allowed in JSON",
                    "Ruby's generator raises JSON::GeneratorError for it; send null or a string instead");
        }
        if (rules.ojFloats()) {
            RubyFloatFormat.appendOjCompat(out, d);
        } else {
            RubyFloatFormat.appendToS(out, d);
        }
    }

    private void writeString(String s) {
        out.append('"');
        int length = s.length();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (asciiEscapes[c] == 0) {
                    continue;
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a valid pair is an astral character: raw UTF-8
                continue;
            } else if (!Character.isSurrogate(c) && !(rules.htmlSafe() && (c == '\u2028' || c == '\u2029'))) {
                continue;
            }
            out.append(s, start, i);
            if (Character.isSurrogate(c)) {
                throw new Failure(String.format("string has a lone surrogate U+%04X at index %d", (int) c, i),
                        "it cannot be written as UTF-8, and Ruby raises JSON::GeneratorError for invalid UTF-8");
            }
            appendEscape(c);
            start = i + 1;
        }
        if (start == 0) {
            out.append(s); // the common case: nothing escaped, one bulk copy
        } else {
            out.append(s, start, length);
        }
        out.append('"');
    }

    private void appendEscape(char c) {
        out.append('\\');
        switch (c) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '\b' -> out.append('b');
            case '\f' -> out.append('f');
            case '\n' -> out.append('n');
            case '\r' -> out.append('r');
            case '\t' -> out.append('t');
            default -> out.append('u') // lowercase hex, as both the json gem and Oj write it
                    .append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                    .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
        }
    }

    private void writeMap(Map<?, ?> map) {
        enter(map);
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            String key = keyString(entry.getKey());
            try {
                writeString(key);
                out.append(':');
                writeValue(entry.getValue());
            } catch (Failure failure) {
                throw failure.within(key);
            }
        }
        out.append('}');
        exit();
    }

    /** Ruby writes a Hash key as its {@code to_s}: nil becomes "", a Symbol its name, a Float Float#to_s. */
    private static String keyString(Object key) {
        if (key instanceof String s) {
            return s;
        } else if (key == null) {
            return "";
        } else if (key instanceof Enum<?> e) {
            return e.name();
        } else if (key instanceof Double d) {
            return RubyFloatFormat.toS(d);
        } else if (key instanceof Float f) {
            return RubyFloatFormat.toS(Double.parseDouble(f.toString()));
        }
        return String.valueOf(key);
    }

    private void writeRandomAccessList(List<?> list) {
        enter(list);
        out.append('[');
        for (int i = 0, n = list.size(); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            writeElement(list.get(i), i);
        }
        out.append(']');
        exit();
    }

    private void writeIterable(Iterable<?> iterable) {
        enter(iterable);
        out.append('[');
        Iterator<?> it = iterable.iterator();
        for (int i = 0; it.hasNext(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeElement(it.next(), i);
        }
        out.append(']');
        exit();
    }

    /** Object[] and every primitive array; boxing each element keeps one code path for all of them. */
    private void writeArray(Object array) {
        enter(array);
        out.append('[');
        for (int i = 0, n = Array.getLength(array); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            writeElement(Array.get(array, i), i);
        }
        out.append(']');
        exit();
    }

    private void writeElement(Object element, int index) {
        try {
            writeValue(element);
        } catch (Failure failure) {
            throw failure.within(index);
        }
    }

    /** A record is written as an object of its components, in declaration order. */
    private void writeRecord(Record record) {
        enter(record);
        out.append('{');
        RecordComponentAccess[] components = RECORD_COMPONENTS.get(record.getClass());
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String name = components[i].name();
            try {
                writeString(name);
                out.append(':');
                writeValue(components[i].read(record));
            } catch (Failure failure) {
                throw failure.within(name);
            }
        }
        out.append('}');
        exit();
    }

    private void enter(Object container) {
        for (int i = 0; i < depth; i++) {
            if (open[i] == container) {
                throw new Failure("cyclic structure: a " + container.getClass().getName() + " contains itself",
                        "JSON cannot represent a cycle");
            }
        }
        if (depth >= rules.maxNesting()) {
            throw new Failure("nesting of " + (depth + 1) + " is too deep",
                    "the Ruby side accepts at most " + rules.maxNesting() + " levels");
        }
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = container;
    }

    private void exit() {
        open[--depth] = null;
    }

    private static byte[] escapeTable(String extra) {
        byte[] table = new byte[0x80];
        for (int c = 0; c < 0x20; c++) {
            table[c] = 1;
        }
        for (char c : extra.toCharArray()) {
            table[c] = 1;
        }
        return table;
    }

    /** A record component's name and accessor. */
    private record RecordComponentAccess(String name, Method accessor) {
        Object read(Record record) {
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new Failure("cannot read record component of " + record.getClass().getName(), e.toString());
            } catch (InvocationTargetException e) {
                throw new Failure("record accessor of " + record.getClass().getName() + " threw",
                        String.valueOf(e.getCause()));
            }
        }
    }

    /**
     * Unwinds to {@link #write} while each enclosing container adds its key or index, so writing pays
     * nothing for path tracking unless something fails. Never escapes this class.
     */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_]+");

        private final String what;
        private final String why;
        /** Keys (String) and indexes (Integer), innermost first. */
        private final List<Object> reversedPath = new ArrayList<>();

        Failure(String what, String why) {
            super(what, null, false, false); // control flow only: no stack trace needed
            this.what = what;
            this.why = why;
        }

        Failure within(Object keyOrIndex) {
            reversedPath.add(keyOrIndex);
            return this;
        }

        /** E.g. {@code NaN not allowed in JSON at args[2].price: ...}. */
        String describe() {
            StringBuilder path = new StringBuilder();
            for (int i = reversedPath.size() - 1; i >= 0; i--) {
                Object segment = reversedPath.get(i);
                if (segment instanceof Integer index) {
                    path.append('[').append(index).append(']');
                } else if (PLAIN_KEY.matcher((String) segment).matches()) {
                    path.append(path.length() == 0 ? "" : ".").append(segment);
                } else {
                    String key = ((String) segment).replace("\\", "\\\\").replace("\"", "\\\"");
                    path.append("[\"").append(key).append("\"]");
                }
            }
            return what + " at " + (path.length() == 0 ? "the top level" : path) + ": " + why;
        }
    }
}
