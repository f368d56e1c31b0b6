package io.github.resque4j.cron;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A cron schedule with exactly the meaning fugit 1.5.2 gives it, which is what resque-scheduler 5.0 (through
 * rufus-scheduler 3.8) fires recurring jobs on. Immutable and thread-safe.
 *
 * <h2>Accepted syntax (fugit's)</h2>
 * <ul>
 *   <li>5 fields {@code minute hour day-of-month month day-of-week}, or 6 with seconds first; fields separated by
 *       spaces or tabs; no leading or trailing whitespace.</li>
 *   <li>Each field: a comma list of {@code *}, {@code n}, {@code a-b} (wrapping: {@code 22-2}, {@code fri-mon}), with
 *       an optional {@code /step}; a bare {@code /step} means {@code * /step}; {@code a/step} means {@code a-max/step}
 *       except in day-of-week where it means just {@code a}.</li>
 *   <li>Hours 0-24 (24 is 0). Day of month 1-31, {@code L}/{@code last}/{@code -1} (last day), {@code -n}
 *       (n-th day from the end) and negative ranges {@code -5--1}. Months 1-12 or {@code jan}-{@code dec}. Day of
 *       week 0-7 (0 and 7 are Sunday) or {@code sun}-{@code sat}, with {@code #n} (n-th weekday of the month,
 *       {@code #-1}/{@code #L} = last) or fugit's {@code %n[+m]} (every n-th week since 2019-01-01).</li>
 *   <li>When both day-of-month and day-of-week are restricted, either may match (Vixie cron's OR).</li>
 *   <li>{@code @yearly @annually @monthly @weekly @daily @midnight @noon @hourly} (exactly so, lower case).</li>
 *   <li>An optional trailing time zone: a tz name ({@code America/New_York}, resolved like et-orbi, see below) or an
 *       offset {@code +05:30} / {@code -0800} (hours up to 11).</li>
 * </ul>
 * Everything fugit rejects is rejected (for example {@code W}, {@code ?}, {@code @reboot}, {@code 30 2}, a {@code /0}
 * step). Refused although fugit accepts, because it cannot be reproduced exactly: zone names shaped like
 * {@code GMT+1} / {@code CET+1} (et-orbi resolves those through a search of zone abbreviations), a day-of-week
 * modulo {@code %0} and a month field that can never match (fugit fails at run time for those).
 *
 * <h2>Time computation</h2>
 * {@link #nextAfter} ports fugit's {@code Cron#next_time} step by step, including its behaviour around DST changes
 * and its quirks (documented on each method). rufus-scheduler calls it with the current time in the scheduler
 * process's local zone; the {@code defaultZone} given to {@link #parse(String, ZoneId)} plays the role of that
 * local zone: it is the zone of an expression that names none, and it also influences fugit's handling of
 * midnights that do not exist.
 */
public final class CronSchedule {
    private static final Map<String, String> SPECIALS = Map.of(
        "@yearly", "0 0 1 1 *",
        "@annually", "0 0 1 1 *",
        "@monthly", "0 0 1 * *",
        "@weekly", "0 0 * * 0",
        "@daily", "0 0 * * *",
        "@midnight", "0 0 * * *",
        "@noon", "0 12 * * *",
        "@hourly", "0 * * * *");

    private final String expression;
    private final ZoneId defaultZone;
    private final ZoneId zone;
    private final boolean hasSeconds;
    private final FugitNextTime.Ctx ctx;

    private CronSchedule(String expression, ZoneId defaultZone, ZoneId zone, boolean hasSeconds,
        FugitNextTime.Ctx ctx) {
        this.expression = expression;
        this.defaultZone = defaultZone;
        this.zone = zone;
        this.hasSeconds = hasSeconds;
        this.ctx = ctx;
    }

    /**
     * Parses a cron string in this JVM's default zone (rufus-scheduler uses its process's local zone).
     *
     * @param expression the {@code cron} value of a schedule entry
     * @return the schedule
     * @throws ScheduleFormatException when fugit rejects it or resque4j refuses it; the message says why
     */
    public static CronSchedule parse(String expression) {
        return parse(expression, ZoneId.systemDefault());
    }

    /**
     * Parses a cron string.
     *
     * @param expression the {@code cron} value of a schedule entry
     * @param defaultZone the zone of the Ruby scheduler process being replaced (rufus-scheduler's local zone): the
     *     zone used when the expression names none
     * @return the schedule
     * @throws ScheduleFormatException when fugit rejects it or resque4j refuses it; the message says why
     */
    public static CronSchedule parse(String expression, ZoneId defaultZone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(defaultZone, "defaultZone");
        String s = SPECIALS.getOrDefault(expression, expression);
        FugitCronGrammar.Parsed parsed;
        try {
            parsed = FugitCronGrammar.parse(s);
        } catch (ArithmeticException e) {
            throw invalid(expression, "a number in it does not fit a Java int (fugit would accept it; refused)");
        }
        if (parsed == null) {
            throw invalid(expression, diagnose(expression));
        }
        ZoneId cronZone = null;
        if (parsed.zoneText != null) {
            try {
                cronZone = EtOrbiZones.resolve(parsed.zoneText);
            } catch (EtOrbiZones.Refused e) {
                throw invalid(expression, e.getMessage());
            } catch (FugitError e) {
                throw invalid(expression, "fugit raises " + e.rubyText() + " for its time zone");
            }
            if (cronZone == null) {
                throw invalid(expression, "unknown time zone '" + parsed.zoneText + "' (fugit returns nil)");
            }
        }
        FugitCronFields fields;
        try {
            fields = FugitCronFields.of(parsed);
        } catch (FugitError e) {
            throw invalid(expression, "fugit raises " + e.rubyText()
                + (e.rubyClass.equals("ZeroDivisionError") ? " (a /0 step)" : ""));
        }
        if (fields == null) {
            throw invalid(expression, "no listed day exists in the listed months (fugit returns nil, as for"
                + " \"0 0 30 2 *\")");
        }
        if (fields.weekdays != null) {
            for (FugitCronFields.Weekday w : fields.weekdays) {
                if (w.mod != null && w.mod[0] == 0) {
                    throw invalid(expression, "the day-of-week modulo %0 makes fugit raise ZeroDivisionError"
                        + " whenever that weekday comes; refused");
                }
            }
        }
        if (fields.months != null && fields.months.length == 1 && fields.months[0] == 0) {
            throw invalid(expression, "its month field reads as month 0 (Ruby's \"ſep\".to_i), which never"
                + " matches: fugit gives up after " + FugitNextTime.MAX_ITERATION_COUNT + " iterations; refused");
        }
        ZoneId zone = cronZone != null ? cronZone : defaultZone;
        return new CronSchedule(expression, defaultZone, zone, parsed.seconds,
            new FugitNextTime.Ctx(fields, zone, defaultZone, s));
    }

    /**
     * The next fire time strictly after {@code t}, as fugit's {@code Cron#next_time(t)} computes it: {@code t} is
     * truncated to the second, the result is the first matching second after it. To reproduce rufus-scheduler pass
     * {@code t} in the default zone (rufus passes its local "now"); the zone of {@code t} matters in one fugit quirk:
     * when a zone leaves DST, a candidate whose local date-time equals that of {@code t} (in {@code t}'s zone) but
     * whose offset differs is skipped (so {@code "0 * * * *"} does not fire at the second 01:00 of a New York
     * fall-back night when asked from 01:00 EDT).
     *
     * @param t the instant to search after (its zone matters as explained)
     * @return the next fire time, in {@code t}'s zone (in the cron's zone after the skip just described, as fugit
     *     returns it); empty where fugit raises instead of answering (it gives up after 2048 steps, or a midnight it
     *     computes does not exist or is ambiguous in the cron zone)
     */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime t) {
        Objects.requireNonNull(t, "t");
        try {
            return Optional.of(FugitNextTime.next(ctx, t));
        } catch (FugitError e) {
            return Optional.empty();
        }
    }

    /** @return the expression as given to {@link #parse} */
    public String expression() {
        return expression;
    }

    /** @return the zone the expression is evaluated in: its own trailing zone, else the default zone */
    public ZoneId zone() {
        return zone;
    }

    /** @return the default (scheduler-process) zone given to {@link #parse(String, ZoneId)} */
    public ZoneId defaultZone() {
        return defaultZone;
    }

    /** @return true for the 6-field form (seconds first); the 5-field form fires at second 0 */
    public boolean hasSeconds() {
        return hasSeconds;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CronSchedule)) {
            return false;
        }
        CronSchedule c = (CronSchedule) o;
        return expression.equals(c.expression) && defaultZone.equals(c.defaultZone);
    }

    @Override
    public int hashCode() {
        return expression.hashCode() * 31 + defaultZone.hashCode();
    }

    @Override
    public String toString() {
        return "CronSchedule[" + expression + " in " + zone + "]";
    }

    private static ScheduleFormatException invalid(String expression, String why) {
        return new ScheduleFormatException("invalid cron expression " + RubyText.inspect(expression) + ": " + why);
    }

    private static final Pattern W_FIELD = Pattern.compile("(?i)(\\d+w|lw|w)");
    private static final Pattern FIELD_SEP = Pattern.compile("[ \t]+");

    /** A readable reason for a string fugit's grammar does not accept. */
    static String diagnose(String e) {
        if (e.isEmpty()) {
            return "it is empty";
        }
        if (!e.equals(e.strip())) {
            return "fugit does not accept leading or trailing whitespace";
        }
        if (e.equals("@reboot")) {
            return "@reboot has no recurring time (fugit returns nil for it)";
        }
        if (e.startsWith("@")) {
            return "unknown special; fugit knows @yearly, @annually, @monthly, @weekly, @daily, @midnight, @noon"
                + " and @hourly, lower case and alone";
        }
        String[] parts = FIELD_SEP.split(e);
        for (String p : parts) {
            if (p.contains("?")) {
                return "'?' is not supported by fugit 1.5.2 (write '*')";
            }
        }
        if (parts.length >= 5) {
            for (String p : new String[] {parts[2], parts.length >= 6 ? parts[3] : parts[2]}) {
                for (String item : p.split(",")) {
                    if (W_FIELD.matcher(item).matches()) {
                        return "the W (nearest weekday) day-of-month modifier is not supported by fugit 1.5.2";
                    }
                }
            }
        }
        if (parts.length < 5) {
            return "fugit expects 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first),"
                + " optionally followed by a time zone; found " + parts.length;
        }
        if (parts.length > 7) {
            return "too many fields: fugit expects 5 or 6 fields, optionally followed by a time zone";
        }
        return "fugit 1.5.2 does not parse it (values: seconds and minutes 0-59, hours 0-24, day of month 1-31,"
            + " L or -1..-31, month 1-12 or jan-dec, day of week 0-7 or sun-sat with optional #n or %n, steps /1-/99,"
            + " then an optional time zone name or +hh:mm offset)";
    }
}
