package io.github.resque4j.activejob;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A Ruby {@code Date} argument: {@code {"_aj_serialized":"ActiveJob::Serializers::DateSerializer",
 * "value":"2024-02-29"}} ({@code Date#iso8601}). The text is kept as written.
 *
 * @param value the date
 * @param text the {@code value} field exactly as written
 */
public record RubyDate(LocalDate value, String text) {

    /** Checks that the parts are present. */
    public RubyDate {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
    }

    /**
     * @param date the date
     * @return it as Ruby's {@code Date#iso8601} writes it ({@code -0001-01-01}, {@code 10000-01-01} outside
     *     years 0..9999)
     */
    public static RubyDate of(LocalDate date) {
        int y = date.getYear();
        String year = (y < 0 ? "-" : "") + String.format("%04d", Math.abs((long) y));
        return new RubyDate(date, year + String.format("-%02d-%02d", date.getMonthValue(), date.getDayOfMonth()));
    }

    /**
     * @param text a written value, {@code yyyy-MM-dd}
     * @return the date, keeping {@code text}
     * @throws IllegalArgumentException if it is not such a date
     */
    public static RubyDate parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            String iso = text.matches("\\d{5,}-.*") ? "+" + text : text; // LocalDate wants a sign past 9999
            return new RubyDate(LocalDate.parse(iso), text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO 8601 date", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
