package io.github.resque4j.activejob;

import io.github.resque4j.InvalidNameException;
import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.PayloadFormatException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ActiveJob's argument serialization ({@code ActiveJob::Arguments} and the serializers of Rails 6.1), both ways.
 *
 * <p><b>Decoding</b> ({@link #decode(List)}) follows {@code Arguments.deserialize}: JSON scalars and arrays stay as
 * they are; a hash that is exactly {@code {"_aj_globalid": uri}} becomes a {@link GlobalId} (not resolved); one
 * with {@code _aj_serialized} becomes {@link RubySymbol}, {@link RubyModule}, {@link RubyTime}, {@link RubyDate} or
 * {@link RubyDuration} for the serializers Rails 6.1 ships and a {@link SerializedObject} for any other; every
 * other hash becomes a {@link RubyHash} (its marker key removed, the marker kept as its kind). Ruby's quirks are
 * kept: a marker is only looked for after the markers before it in Ruby's order were absent or false. Where Ruby
 * would fail the job (a malformed marker or time), or hand it {@code nil} for an unparseable GlobalID, a
 * {@link PayloadFormatException} names the argument.
 *
 * <p><b>Encoding</b> ({@link #encode(List)}) accepts: {@code null}, Boolean, String (any CharSequence), Integer,
 * Long, Short, Byte, BigInteger, Double, Float; BigDecimal, written as the JSON string Rails 6.1 writes
 * ({@code "1.1"}, {@code "-100.0"}: 6.1 has no serializer for it, so the Ruby job receives that String);
 * the value types of this package; {@link Instant} and {@link OffsetDateTime} as a Ruby {@code Time},
 * {@link ZonedDateTime} as a {@code TimeWithZone}, {@link LocalDate} as a {@code Date},
 * {@link java.time.Duration} as {@code n.seconds}; Lists, other Collections and Object arrays as arrays; Maps
 * with String keys (string keys) or {@link RubySymbol} keys (symbol keys), written with
 * {@code _aj_symbol_keys} as Ruby writes a Hash. Anything else, and hash keys ActiveJob reserves, are refused
 * with a {@link JsonEncodingException}, as Ruby raises {@code ActiveJob::SerializationError}.
 *
 * <p>Encoding then decoding gives equal values; decoding then encoding gives the same JSON.
 */
public final class ActiveJobArguments {

    /** The key of a GlobalID argument. */
    public static final String GLOBALID_KEY = "_aj_globalid";
    static final String SYMBOL_SERIALIZER = "ActiveJob::Serializers::SymbolSerializer";
    static final String MODULE_SERIALIZER = "ActiveJob::Serializers::ModuleSerializer";
    static final String DATE_SERIALIZER = "ActiveJob::Serializers::DateSerializer";
    private static final String SERIALIZER_KEY = SerializedObject.SERIALIZER_KEY;
    /** Ruby's RESERVED_KEYS (as strings; symbols of the same names are reserved too). */
    private static final Set<String> RESERVED = Set.of(GLOBALID_KEY, SERIALIZER_KEY,
            RubyHash.Kind.SYMBOL_KEYS.marker(), RubyHash.Kind.RUBY2_KEYWORDS.marker(),
            RubyHash.Kind.INDIFFERENT_ACCESS.marker());

    private ActiveJobArguments() {
    }

    // --- decoding ---------------------------------------------------------------------------------------

    /**
     * Decodes a job's {@code arguments} array.
     *
     * @param serialized the array as decoded JSON
     * @return the arguments, unmodifiable
     * @throws PayloadFormatException if an argument is malformed where Ruby's deserialization would fail
     */
    public static List<Object> decode(List<?> serialized) {
        return decodeList(serialized, "arguments");
    }

    /**
     * Decodes one serialized argument (or a field of a {@link SerializedObject}).
     *
     * @param serialized decoded JSON
     * @return the value
     * @throws PayloadFormatException if it is malformed where Ruby's deserialization would fail
     */
    public static Object decodeArgument(Object serialized) {
        return decodeValue(serialized, "argument");
    }

    private static List<Object> decodeList(List<?> list, String path) {
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(decodeValue(list.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    private static Object decodeValue(Object v, String path) {
        if (v instanceof List<?> list) {
            return decodeList(list, path);
        }
        if (v instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey(GLOBALID_KEY)) {
                String uri = requireString(map.get(GLOBALID_KEY), path, GLOBALID_KEY);
                try {
                    return GlobalId.parse(uri);
                } catch (IllegalArgumentException e) {
                    throw malformed(path, e.getMessage());
                }
            }
            if (map.containsKey(SERIALIZER_KEY)) {
                return decodeSerialized(map, path);
            }
            return decodeHash(map, path);
        }
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
            return v;
        }
        throw malformed(path, "is a " + v.getClass().getName() + ", not decoded JSON");
    }

    private static Object decodeSerialized(Map<?, ?> map, String path) {
        String serializer = requireString(map.get(SERIALIZER_KEY), path, SERIALIZER_KEY);
        try {
            for (RubyTime.Kind kind : RubyTime.Kind.values()) {
                if (kind.serializer().equals(serializer)) {
                    return RubyTime.parse(kind, requireString(map.get("value"), path, "value"));
                }
            }
            switch (serializer) {
                case SYMBOL_SERIALIZER:
                    return RubySymbol.of(requireString(map.get("value"), path, "value"));
                case MODULE_SERIALIZER:
                    return RubyModule.of(requireString(map.get("value"), path, "value"));
                case DATE_SERIALIZER:
                    return RubyDate.parse(requireString(map.get("value"), path, "value"));
                case RubyDuration.SERIALIZER:
                    return decodeDuration(map, path);
                default:
                    Map<String, Object> fields = new LinkedHashMap<>();
                    map.forEach((k, x) -> {
                        if (!SERIALIZER_KEY.equals(k)) {
                            fields.put((String) k, x);
                        }
                    });
                    return new SerializedObject(serializer, fields);
            }
        } catch (IllegalArgumentException | InvalidNameException e) {
            throw malformed(path, serializer + ": " + e.getMessage());
        }
    }

    private static RubyDuration decodeDuration(Map<?, ?> map, String path) {
        Object value = map.get("value");
        Object parts = map.get("parts");
        if (!(value instanceof Number) || !(parts instanceof List<?>)) {
            throw malformed(path, "a duration needs a numeric value and a parts array");
        }
        Map<String, Number> out = new LinkedHashMap<>();
        List<Object> decoded = decodeList((List<?>) parts, path + ".parts");
        for (Object pair : decoded) {
            if (!(pair instanceof List<?> p) || p.size() != 2 || !(p.get(0) instanceof RubySymbol unit)
                    || !(p.get(1) instanceof Number amount)) {
                throw malformed(path, "duration parts must be [symbol, number] pairs, got " + pair);
            }
            out.put(unit.name(), amount);
        }
        return new RubyDuration((Number) value, out);
    }

    /** {@code Arguments#deserialize_hash}. */
    private static RubyHash decodeHash(Map<?, ?> map, String path) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = (String) e.getKey();
            result.put(key, decodeValue(e.getValue(), path + "." + key));
        }
        // Ruby deletes each marker while testing it, in this order, and stops at the first truthy one.
        if (truthy(result.remove(RubyHash.Kind.INDIFFERENT_ACCESS.marker()))) {
            return RubyHash.of(RubyHash.Kind.INDIFFERENT_ACCESS, result, List.of());
        }
        Object symbols = result.remove(RubyHash.Kind.SYMBOL_KEYS.marker());
        if (truthy(symbols)) {
            return RubyHash.of(RubyHash.Kind.SYMBOL_KEYS, result, keyList(symbols, path));
        }
        Object keywords = result.remove(RubyHash.Kind.RUBY2_KEYWORDS.marker());
        if (truthy(keywords)) {
            return RubyHash.of(RubyHash.Kind.RUBY2_KEYWORDS, result, keyList(keywords, path));
        }
        return RubyHash.of(RubyHash.Kind.PLAIN, result, List.of());
    }

    private static boolean truthy(Object v) {
        return v != null && !Boolean.FALSE.equals(v);
    }

    private static List<String> keyList(Object marker, String path) {
        if (marker instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            List<String> keys = new ArrayList<>(list.size());
            list.forEach(k -> keys.add((String) k));
            return keys;
        }
        throw malformed(path, "a symbol-keys marker must be an array of strings, got " + marker);
    }

    private static String requireString(Object v, String path, String field) {
        if (v instanceof String s) {
            return s;
        }
        throw malformed(path, "\"" + field + "\" must be a string, got " + v);
    }

    private static PayloadFormatException malformed(String path, String problem) {
        return new PayloadFormatException("ActiveJob " + path + " " + problem, null);
    }

    // --- encoding ---------------------------------------------------------------------------------------

    /**
     * Serializes arguments as ActiveJob does, ready to be written as the job's {@code arguments}.
     *
     * @param arguments the values (see the class comment for the accepted types)
     * @return JSON-ready values: Maps, Lists, Strings, numbers, Booleans and nulls
     * @throws JsonEncodingException naming the argument, for a value ActiveJob cannot serialize
     */
    public static List<Object> encode(List<?> arguments) {
        return encodeList(arguments, "arguments");
    }

    private static List<Object> encodeList(Collection<?> values, String path) {
        List<Object> out = new ArrayList<>(values.size());
        int i = 0;
        for (Object v : values) {
            out.add(encodeValue(v, path + "[" + i++ + "]"));
        }
        return out;
    }

    private static Object encodeValue(Object v, String path) {
        if (v == null || v instanceof Boolean || v instanceof String || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof CharSequence || v instanceof Character) {
            return v.toString();
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Float f) {
            return Double.parseDouble(f.toString()); // the Float's own shortest digits, as RubyJson writes them
        }
        if (v instanceof BigDecimal d) {
            return rubyDecimal(d);
        }
        if (v instanceof RubyHash h) {
            return encodeHash(h, h.kind(), h.symbolKeys(), path);
        }
        if (v instanceof Map<?, ?> m) {
            return encodeMap(m, path);
        }
        if (v instanceof Collection<?> c) {
            return encodeList(c, path);
        }
        if (v instanceof Object[] a) {
            return encodeList(Arrays.asList(a), path);
        }
        Object special = encodeSpecial(v);
        if (special != null) {
            return special;
        }
        throw new JsonEncodingException("ActiveJob cannot serialize " + path + " (a " + v.getClass().getName()
                + "; Ruby raises ActiveJob::SerializationError): pass a JSON value, a Map, a GlobalId or one of the "
                + "io.github.resque4j.activejob value types");
    }

    /** The ActiveJob value types and java.time values, or {@code null} for anything else. */
    private static Object encodeSpecial(Object v) {
        if (v instanceof GlobalId g) {
            return single(GLOBALID_KEY, g.uri());
        }
        if (v instanceof RubySymbol s) {
            return serialized(SYMBOL_SERIALIZER, "value", s.name());
        }
        if (v instanceof RubyModule m) {
            return serialized(MODULE_SERIALIZER, "value", m.name());
        }
        if (v instanceof RubyTime t) {
            return serialized(t.kind().serializer(), "value", t.text());
        }
        if (v instanceof RubyDate d) {
            return serialized(DATE_SERIALIZER, "value", d.text());
        }
        if (v instanceof RubyDuration d) {
            List<Object> parts = new ArrayList<>(d.parts().size());
            d.parts().forEach((unit, amount) -> parts.add(Arrays.asList(
                    serialized(SYMBOL_SERIALIZER, "value", unit), amount)));
            Map<String, Object> out = serialized(RubyDuration.SERIALIZER, "value", d.value());
            out.put("parts", parts);
            return out;
        }
        if (v instanceof SerializedObject o) {
            Map<String, Object> out = single(SERIALIZER_KEY, o.serializer());
            out.putAll(o.fields());
            return out;
        }
        if (v instanceof Instant i) {
            return encodeSpecial(RubyTime.time(i));
        }
        if (v instanceof OffsetDateTime t) {
            return encodeSpecial(RubyTime.time(t));
        }
        if (v instanceof ZonedDateTime t) {
            return encodeSpecial(RubyTime.timeWithZone(t));
        }
        if (v instanceof LocalDate d) {
            return encodeSpecial(RubyDate.of(d));
        }
        if (v instanceof java.time.Duration d) {
            return encodeSpecial(RubyDuration.ofSeconds(d));
        }
        return null;
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> serialized(String serializer, String key, Object value) {
        Map<String, Object> m = single(SERIALIZER_KEY, serializer);
        m.put(key, value);
        return m;
    }

    /** A plain Map: String keys are strings, RubySymbol keys symbols; written with {@code _aj_symbol_keys}. */
    private static Map<String, Object> encodeMap(Map<?, ?> map, String path) {
        Map<String, Object> entries = new LinkedHashMap<>();
        List<String> symbols = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object k = e.getKey();
            String name;
            if (k instanceof String s) {
                name = s;
            } else if (k instanceof RubySymbol s) {
                name = s.name();
                symbols.add(name);
            } else {
                throw new JsonEncodingException("ActiveJob cannot serialize the key " + k + " of " + path
                        + ": only String and RubySymbol keys are allowed (Ruby: only string and symbol keys)");
            }
            if (entries.containsKey(name)) {
                throw new JsonEncodingException("the key '" + name + "' of " + path
                        + " is given both as a String and as a RubySymbol");
            }
            entries.put(name, e.getValue());
        }
        return encodeHash(entries, RubyHash.Kind.SYMBOL_KEYS, symbols, path);
    }

    private static Map<String, Object> encodeHash(Map<String, ?> entries, RubyHash.Kind kind, List<String> symbols,
            String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            if (RESERVED.contains(e.getKey())) {
                throw new JsonEncodingException("ActiveJob cannot serialize " + path + ": the key '" + e.getKey()
                        + "' is reserved (Ruby: Can't serialize a Hash with reserved key)");
            }
            out.put(e.getKey(), encodeValue(e.getValue(), path + "." + e.getKey()));
        }
        switch (kind) {
            case SYMBOL_KEYS, RUBY2_KEYWORDS -> out.put(kind.marker(), new ArrayList<>(symbols));
            case INDIFFERENT_ACCESS -> out.put(kind.marker(), Boolean.TRUE);
            case PLAIN -> { } // no marker
        }
        return out;
    }

    /**
     * ActiveSupport's {@code BigDecimal#to_s} (format {@code "F"}), which is what {@code as_json} writes: plain
     * digits, at least one fraction digit, no trailing zeros ({@code 1.10} is {@code "1.1"}, {@code 100} is
     * {@code "100.0"}).
     */
    static String rubyDecimal(BigDecimal d) {
        if (d.signum() == 0) {
            return "0.0";
        }
        String s = d.stripTrailingZeros().toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }
}
