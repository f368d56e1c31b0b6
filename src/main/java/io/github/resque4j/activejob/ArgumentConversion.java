package io.github.resque4j.activejob;

import io.github.resque4j.JobArgumentException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;

/** The lossless conversions of {@link ActiveJobContext#argument(int, Class)}. */
final class ArgumentConversion {
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(int.class, Integer.class, long.class, Long.class,
            short.class, Short.class, byte.class, Byte.class, double.class, Double.class, float.class, Float.class,
            boolean.class, Boolean.class, char.class, Character.class);
    /** Doubles hold every integer up to 2^53 exactly. */
    private static final BigInteger MAX_EXACT_DOUBLE = BigInteger.ONE.shiftLeft(53);

    private ArgumentConversion() {
    }

    static <T> T convert(Object value, Class<T> wanted, String what) {
        Class<?> type = BOXES.getOrDefault(wanted, wanted);
        if (value == null) {
            if (wanted.isPrimitive()) {
                throw new JobArgumentException(what + " is nil, which does not fit " + wanted.getName());
            }
            return null;
        }
        Object out = type.isInstance(value) ? value : converted(value, type);
        if (out == null) {
            throw new JobArgumentException(what + " is " + describe(value) + ", which does not convert to "
                    + wanted.getName() + " without loss");
        }
        @SuppressWarnings("unchecked")
        T t = (T) out;
        return t;
    }

    /** @return the converted value, or {@code null} when there is no lossless conversion */
    private static Object converted(Object value, Class<?> type) {
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return integer(new BigInteger(value.toString()), type);
        }
        if (value instanceof Double d) {
            return type == BigDecimal.class && Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof String s && type == BigDecimal.class) {
            try {
                return new BigDecimal(s); // Rails 6.1 writes a BigDecimal as its to_s, e.g. "1.1"
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (value instanceof RubySymbol s && type == String.class) {
            return s.name();
        }
        if (value instanceof RubyTime t) {
            if (type == Instant.class) {
                return t.toInstant();
            }
            if (type == OffsetDateTime.class) {
                return t.value();
            }
            return type == ZonedDateTime.class ? t.value().toZonedDateTime() : null;
        }
        if (value instanceof RubyDate d) {
            return type == LocalDate.class ? d.value() : null;
        }
        if (value instanceof RubyDuration d) {
            return type == Duration.class ? d.toDuration() : null;
        }
        return null;
    }

    private static Object integer(BigInteger n, Class<?> type) {
        if (type == BigInteger.class) {
            return n;
        }
        if (type == BigDecimal.class) {
            return new BigDecimal(n);
        }
        if (type == Double.class) {
            return n.abs().compareTo(MAX_EXACT_DOUBLE) <= 0 ? n.doubleValue() : null;
        }
        int bits = n.bitLength();
        if (type == Long.class) {
            return bits < 64 ? n.longValue() : null;
        }
        if (type == Integer.class) {
            return bits < 32 ? n.intValue() : null;
        }
        if (type == Short.class) {
            return bits < 16 ? n.shortValue() : null;
        }
        if (type == Byte.class) {
            return bits < 8 ? n.byteValue() : null;
        }
        return null;
    }

    private static String describe(Object v) {
        String s = String.valueOf(v);
        return "a " + v.getClass().getSimpleName() + " (" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + ")";
    }
}
