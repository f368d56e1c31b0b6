package io.github.resque4j.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * decode(encode(v)) == v and encode(decode(s)) == s for 10,000 random values per profile. The seed is
 * printed with any failure; set -Dresque4j.json.seed=N to replay one.
 */
class RubyJsonRoundTripTest {

    private static final long SEED = Long.getLong("resque4j.json.seed", 0x5EED_2024L);
    private static final int VALUES = 10_000;

    @Test
    void jsonGemRoundTripsExactly() {
        assertRoundTrips(RubyJson.jsonGem(), false);
    }

    @Test
    void activeSupportRoundTripsExactly() {
        assertRoundTrips(RubyJson.of(JsonProfile.ACTIVE_SUPPORT), false);
    }

    @Test
    void ojCompatRoundTripsExceptForTheSignOfZero() {
        assertRoundTrips(RubyJson.of(JsonProfile.OJ_COMPAT), true);
    }

    @Test
    void everyRandomDoubleReadsBackBitForBit() {
        Random random = new Random(SEED);
        for (int i = 0; i < VALUES; i++) {
            double d = RandomValues.randomFiniteDouble(random);
            String printed = RubyJson.rubyFloatToS(d);
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(printed)))
                    .as("seed %d, value #%d: %s", SEED, i, printed)
                    .isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    private static void assertRoundTrips(RubyJson json, boolean zeroLosesSign) {
        Random random = new Random(SEED);
        for (int i = 0; i < VALUES; i++) {
            Object value = RandomValues.randomValue(random, 4);
            String encoded = json.encode(value);
            Object decoded = json.decode(encoded);
            Object expected = zeroLosesSign ? positiveZeros(value) : value;
            assertThat(decoded).as("seed %d, value #%d, %s: %s", SEED, i, json, encoded).isEqualTo(expected);
            assertThat(json.encode(decoded)).as("seed %d, value #%d, %s", SEED, i, json).isEqualTo(encoded);
        }
    }

    /** The value with every -0.0 replaced by 0.0, as Oj writes it. */
    private static Object positiveZeros(Object value) {
        if (value instanceof Double d && d == 0) {
            return 0.0;
        } else if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(positiveZeros(item)));
            return copy;
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, positiveZeros(v)));
            return copy;
        }
        return value;
    }
}
