package io.github.resque4j.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.resque4j.PayloadFormatException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses JSON text into the plain Java values a Ruby {@code JSON.parse} result corresponds to:
 * LinkedHashMap (a Hash keeps insertion order; a repeated key keeps its first position and its last
 * value), ArrayList, String, Integer/Long/BigInteger (never losing digits), Double, Boolean and null.
 */
final class JsonReader {

    /**
     * Thread-safe and never reconfigured after this point. Jackson's defaults are strict JSON (no NaN,
     * comments, single quotes or leading zeros); the nesting limit is pinned to Oj's dump limit so
     * anything a profile can write can be read back.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(EncodingRules.OJ_MAX_NESTING)
                    .build())
            .build();

    /** Jackson's wording for NaN/Infinity literals ends in ": enable `JsonReadFeature...` to allow". */
    private static final Pattern NON_STANDARD_ADVICE = Pattern.compile(": enable `[^`]*NON_NUMERIC[^`]*` to allow");

    private JsonReader() {
    }

    /** Parses one JSON value, rejecting empty input and anything after the value. */
    static Object read(String json) {
        if (json == null) {
            throw new PayloadFormatException("payload is null", null);
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new PayloadFormatException("payload is empty", json);
            }
            Object value = readValue(parser, first);
            if (parser.nextToken() != null) {
                throw new PayloadFormatException(
                        "payload has content after the JSON value" + position(parser.currentTokenLocation()), json);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new PayloadFormatException(
                    "payload is not valid JSON: " + reason(e) + position(e.getLocation()), json, e);
        } catch (IOException e) {
            // Not expected when reading from a String, but the parser's API declares it.
            throw new PayloadFormatException("payload could not be read: " + e.getMessage(), json, e);
        }
    }

    /** Like {@link #read}, but the top-level value must be a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(String json) {
        Object value = read(json);
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw new PayloadFormatException("payload is not a JSON object: its top-level value is " + describe(value), json);
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
                    map.put(key, readValue(parser, parser.nextToken()));
                }
                return map;
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(readValue(parser, t));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT:
                // Any spelling (1E2, 1.50, 1.0e+20) becomes a Double, as Ruby makes it a Float.
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                // The parser validates structure itself, so this is unreachable for well-formed input.
                throw new IOException("unexpected token " + token);
        }
    }

    /** The parser's reason, minus its advice to enable a Jackson feature, which means nothing to a caller. */
    private static String reason(JsonProcessingException e) {
        return NON_STANDARD_ADVICE.matcher(e.getOriginalMessage()).replaceFirst(" (JSON has no NaN or Infinity)");
    }

    private static String describe(Object value) {
        if (value instanceof List) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        }
        return "null";
    }

    private static String position(JsonLocation location) {
        if (location == null || location.getColumnNr() < 1) {
            return "";
        }
        return location.getLineNr() > 1
                ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
                : " at column " + location.getColumnNr();
    }
}
