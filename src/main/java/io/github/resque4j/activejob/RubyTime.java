package io.github.resque4j.activejob;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A Ruby {@code Time}, {@code DateTime} or {@code ActiveSupport::TimeWithZone} argument. ActiveJob writes each as
 * {@code {"_aj_serialized":"ActiveJob::Serializers::<Kind>Serializer","value":"<iso8601 with 9 fraction
 * digits>"}}, e.g. {@code 2023-11-14T22:13:20.123456789Z}; the text is kept as written, so re-encoding gives the
 * same bytes, and {@link #value()} is the same instant and offset as a {@code java.time} value.
 *
 * <p>Ruby spells a zero offset {@code Z} for a UTC {@code Time} and a {@code TimeWithZone} in the UTC zone, and
 * {@code +00:00} otherwise (a {@code DateTime}, a {@code Time} with a fixed offset, a {@code TimeWithZone} in
 * {@code Europe/London}). The zone name of a {@code TimeWithZone} is not written (Rails 6.1): a Ruby worker gets
 * the instant back in its own {@code Time.zone}.
 *
 * @param kind which Ruby class it is
 * @param value the time with the written offset
 * @param text the {@code value} field exactly as written
 */
public record RubyTime(Kind kind, OffsetDateTime value, String text) {

    /** The Ruby class, with the ActiveJob serializer that writes it. */
    public enum Kind {
        /** Ruby {@code Time}. */
        TIME("ActiveJob::Serializers::TimeSerializer"),
        /** Ruby {@code DateTime}. */
        DATE_TIME("ActiveJob::Serializers::DateTimeSerializer"),
        /** {@code ActiveSupport::TimeWithZone}. */
        TIME_WITH_ZONE("ActiveJob::Serializers::TimeWithZoneSerializer");

        private final String serializer;

        Kind(String serializer) {
            this.serializer = serializer;
        }

        /** @return the value of {@code _aj_serialized} for this kind */
        public String serializer() {
            return serializer;
        }
    }

    /** {@code Time#iso8601(9)} up to the offset. */
    private static final DateTimeFormatter LOCAL_PART =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx", Locale.ROOT);
    /**
     * The zones whose abbreviation is {@code UTC} or {@code UCT}, for which {@code TimeWithZone#utc?} is true and
     * Ruby writes {@code Z} ({@code Etc/GMT} and {@code Europe/London} are written {@code +00:00}).
     */
    private static final Set<String> UTC_ZONES = Set.of("UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal",
            "Etc/Universal", "Zulu", "Etc/Zulu");

    /** Checks that the parts are present. */
    public RubyTime {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Reads a written value.
     *
     * @param kind the Ruby class
     * @param text the {@code value} field, ISO 8601 with an offset
     * @return the time, keeping {@code text}
     * @throws IllegalArgumentException if {@code text} is not ISO 8601 with an offset
     */
    public static RubyTime parse(Kind kind, String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new RubyTime(kind, OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME), text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO 8601 time with an offset", e);
        }
    }

    /**
     * A UTC Ruby {@code Time} ({@code Time.at(...).utc}), written with {@code Z}.
     *
     * @param instant the instant
     * @return the time
     */
    public static RubyTime time(Instant instant) {
        return time(instant.atOffset(ZoneOffset.UTC));
    }

    /**
     * A Ruby {@code Time} with this offset; a zero offset is written {@code Z}, as for {@code Time#utc}.
     *
     * @param time the time and offset
     * @return the time
     */
    public static RubyTime time(OffsetDateTime time) {
        return new RubyTime(Kind.TIME, time, format(time, time.getOffset().equals(ZoneOffset.UTC)));
    }

    /**
     * A Ruby {@code DateTime}; written with a numeric offset, never {@code Z}.
     *
     * @param time the time and offset
     * @return the time
     */
    public static RubyTime dateTime(OffsetDateTime time) {
        return new RubyTime(Kind.DATE_TIME, time, format(time, false));
    }

    /**
     * An {@code ActiveSupport::TimeWithZone}; written with {@code Z} in the UTC zone, a numeric offset otherwise.
     * The zone name itself is not written (Rails 6.1).
     *
     * @param time the time in its zone
     * @return the time
     */
    public static RubyTime timeWithZone(ZonedDateTime time) {
        ZoneId zone = time.getZone();
        boolean utc = zone.equals(ZoneOffset.UTC) || UTC_ZONES.contains(zone.getId());
        OffsetDateTime odt = time.toOffsetDateTime();
        return new RubyTime(Kind.TIME_WITH_ZONE, odt, format(odt, utc));
    }

    private static String format(OffsetDateTime t, boolean z) {
        return LOCAL_PART.format(t) + (z ? "Z" : OFFSET.format(t));
    }

    /** @return the instant */
    public Instant toInstant() {
        return value.toInstant();
    }

    /** @return the serialized text */
    @Override
    public String toString() {
        return text;
    }
}
