package io.github.resque4j.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders and readers shared by the json tests. */
final class TestValues {

    private TestValues() {
    }

    /** A mutable ArrayList (List.of refuses nulls). */
    static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    /** A LinkedHashMap from alternating keys and values, in that order. */
    static Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A Resque payload: {"class": className, "args": [args...]}. */
    static Map<Object, Object> payload(String className, Object... args) {
        return map("class", className, "args", list(args));
    }

    /** Non-comment lines of a test resource, split on single spaces. */
    static List<String[]> resourceRows(String name) {
        InputStream in = TestValues.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(line.split(" "));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static double fromHexBits(String hex) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
    }

    /**
     * The significant digits and decimal point position of a number as printed (plain or exponent
     * form, any sign), i.e. value = 0.digits × 10^decpt; e.g. "1.5e-07" gives ("15", -6).
     */
    static Digits digitsOf(String printed) {
        BigDecimal value = new BigDecimal(printed).abs().stripTrailingZeros();
        String digits = value.unscaledValue().toString();
        return new Digits(digits, digits.length() - value.scale());
    }

    /** Significant digits without trailing zeros, and the decimal point position. */
    record Digits(String digits, int decpt) {
    }
}
