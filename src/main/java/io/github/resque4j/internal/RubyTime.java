package io.github.resque4j.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * The time spellings Ruby Resque writes (WIRE.md §2.2), each for an explicit zone: Ruby uses the process's
 * local zone, so the zone is a setting, not an assumption.
 */
public final class RubyTime {
    /** {@code Time.now.to_s}: {@code 2026-11-25 13:40:49 +0000}. */
    private static final DateTimeFormatter TO_S = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx", Locale.ROOT);
    /** {@code Time#iso8601} in a local zone: {@code 2026-11-25T13:40:49+00:00} (never {@code Z}). */
    private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx",
            Locale.ROOT);
    /** {@code Time.now.utc.iso8601}: {@code 2026-11-25T13:40:49Z}. */
    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'",
            Locale.ROOT).withZone(ZoneId.of("UTC"));
    /** Failure {@code failed_at}: {@code strftime("%Y/%m/%d %H:%M:%S %Z")}, zone abbreviation. */
    private static final DateTimeFormatter FAILED_AT = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss zzz",
            Locale.ROOT);
    /** RedisMultiQueue {@code retried_at}: no zone. */
    private static final DateTimeFormatter NO_ZONE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);
    /** What {@code Time.parse} accepts that Ruby and resque4j write. */
    private static final DateTimeFormatter[] PARSEABLE = {
        DateTimeFormatter.ISO_OFFSET_DATE_TIME,
        TO_S,
        new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
                .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
                .appendLiteral(' ').appendZoneText(java.time.format.TextStyle.SHORT).toFormatter(Locale.ROOT),
        new DateTimeFormatterBuilder().appendPattern("yyyy/MM/dd HH:mm:ss ").appendZoneText(
                java.time.format.TextStyle.SHORT).toFormatter(Locale.ROOT),
    };

    /** node-resque writes JavaScript's Date#toString: {@code Wed Nov 25 2026 15:34:33 GMT+0000 (…)}. */
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx",
            Locale.ROOT);

    private final ZoneId zone;

    /** @param zone the zone Ruby's process would be in ({@code TZ}) */
    public RubyTime(ZoneId zone) {
        // Ruby prints UTC as "UTC"; Java's ZoneOffset.UTC would print "Z".
        this.zone = zone.normalized().equals(java.time.ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
    }

    /** @return the zone */
    public ZoneId zone() {
        return zone;
    }

    /** @param t instant @return {@code Time#to_s}, e.g. {@code 2026-11-25 08:41:09 -0500} */
    public String toS(Instant t) {
        return TO_S.format(ZonedDateTime.ofInstant(t, zone));
    }

    /** @param t instant @return heartbeat spelling, e.g. {@code 2026-11-25T08:41:09-05:00} */
    public String iso8601(Instant t) {
        return ISO_LOCAL.format(ZonedDateTime.ofInstant(t, zone));
    }

    /** @param t instant @return {@code run_at} spelling, always UTC with {@code Z} */
    public static String iso8601Utc(Instant t) {
        return ISO_UTC.format(t);
    }

    /** @param t instant @return {@code failed_at}/{@code retried_at} spelling, e.g. {@code 2026/11/25 08:41:09 EST} */
    public String failedAt(Instant t) {
        return FAILED_AT.format(ZonedDateTime.ofInstant(t, zone));
    }

    /** @param t instant @return RedisMultiQueue {@code retried_at}, e.g. {@code 2026/11/25 13:41:33} */
    public String withoutZone(Instant t) {
        return NO_ZONE.format(ZonedDateTime.ofInstant(t, zone));
    }

    /**
     * Parses the heartbeat and time spellings Ruby writes (and node-resque's JavaScript date strings, which
     * Ruby's {@code DateTime.parse} also reads).
     *
     * @param text a stored time
     * @return the instant, or empty if it is not one Ruby's {@code Time.parse} would read the same way
     */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        int paren = s.indexOf(" (");
        if (paren > 0 && s.contains(" GMT")) {
            try {
                return Optional.of(ZonedDateTime.parse(s.substring(0, paren), JS_DATE).toInstant());
            } catch (DateTimeParseException ignored) {
                // not node-resque's spelling after all
            }
        }
        for (DateTimeFormatter f : PARSEABLE) {
            try {
                return Optional.of(ZonedDateTime.parse(s, f).toInstant());
            } catch (DateTimeParseException ignored) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }
}
