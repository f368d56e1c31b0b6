package io.github.resque4j.activejob;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An {@code ActiveSupport::Duration} argument ({@code 1.hour + 2.minutes}). ActiveJob writes its total seconds and
 * its parts: {@code {"_aj_serialized":"ActiveJob::Serializers::DurationSerializer","value":3720,
 * "parts":[[<symbol hours>,1],[<symbol minutes>,2]]}}, each part name as a serialized Symbol.
 *
 * <p>{@code value} is what ActiveSupport computed, with its fixed lengths for variable units (a month is
 * 2,629,746 s, a year 31,556,952 s), so {@link #toDuration()} is a fixed length too.
 *
 * @param value the total seconds: Integer, Long, BigInteger or Double, as written
 * @param parts unit name ({@code years months weeks days hours minutes seconds}) to amount, in order, unmodifiable
 */
public record RubyDuration(Number value, Map<String, Number> parts) {

    /** The serializer name ActiveJob writes. */
    public static final String SERIALIZER = "ActiveJob::Serializers::DurationSerializer";

    /** {@code ActiveSupport::Duration::PARTS}. */
    private static final Set<String> UNITS = Set.of("years", "months", "weeks", "days", "hours", "minutes",
            "seconds");

    /** Checks the parts and freezes them. */
    public RubyDuration {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(parts, "parts");
        requireRubyNumber(value, "value");
        for (Map.Entry<String, Number> e : parts.entrySet()) {
            if (!UNITS.contains(e.getKey())) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a duration part (" + UNITS + ")");
            }
            requireRubyNumber(e.getValue(), e.getKey());
        }
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    private static void requireRubyNumber(Number n, String what) {
        if (!(n instanceof Integer || n instanceof Long || n instanceof BigInteger || n instanceof Double)) {
            throw new IllegalArgumentException("duration " + what + " must be an Integer, Long, BigInteger or Double, "
                    + "got " + (n == null ? "null" : n.getClass().getName()));
        }
    }

    /**
     * Ruby's {@code n.seconds} (parts {@code {seconds: n}}), which a Ruby job compares and adds like any other
     * duration of the same length.
     *
     * @param duration the length; whole seconds are written as an Integer, others as a Float
     * @return the duration
     */
    public static RubyDuration ofSeconds(java.time.Duration duration) {
        Number seconds = duration.getNano() == 0 ? (Number) duration.getSeconds()
                : (Number) new BigDecimal(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                        .doubleValue();
        if (seconds instanceof Long l && l == l.intValue()) {
            seconds = l.intValue();
        }
        return new RubyDuration(seconds, Map.of("seconds", seconds));
    }

    /** @return {@link #value()} seconds as a {@code java.time.Duration} (nanosecond precision) */
    public java.time.Duration toDuration() {
        BigDecimal seconds = value instanceof Double d ? BigDecimal.valueOf(d) : new BigDecimal(value.toString());
        BigDecimal nanos = seconds.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN);
        BigInteger[] qr = nanos.toBigIntegerExact().divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        return java.time.Duration.ofSeconds(qr[0].longValueExact(), qr[1].longValue());
    }

    @Override
    public String toString() {
        return "RubyDuration[" + value + " s, " + parts + "]";
    }
}
