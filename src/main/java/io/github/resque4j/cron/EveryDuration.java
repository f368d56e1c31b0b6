package io.github.resque4j.cron;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * The period of an {@code every} schedule entry, exactly as rufus-scheduler 3.8 computes it: the text goes through
 * fugit 1.5.2's {@code Fugit::Duration.parse} and {@code #to_sec}, and rufus-scheduler's {@code every} refuses a
 * period that is not positive or is shorter than its scheduler's frequency (0.3 s for the
 * {@code Rufus::Scheduler.new} resque-scheduler creates). Immutable.
 *
 * <h2>Grammar (fugit's)</h2>
 * Leading and trailing whitespace is ignored. One or more {@code [sign]number unit} groups, optionally separated by
 * spaces, tabs, commas or {@code and}; a number may have a decimal point ({@code 1.5h}, {@code .5h}); a bare number at
 * the end is seconds ({@code "90"}, {@code "1h 30"}). Units: {@code y}/{@code year(s)} (any case), {@code M}/
 * {@code month(s)} (upper-case M, lower-case words), {@code w}/{@code week(s)}, {@code d}/{@code day(s)},
 * {@code h}/{@code hour(s)} (any case), {@code m}/{@code min(s)}/{@code minute(s)} (lower case), {@code s}/
 * {@code sec(s)}/{@code second(s)} (any case). A minus sign applies to its group ({@code "1h-30m"} is 30 minutes).
 * When that fails, ISO 8601 on the upper-cased text: {@code PT1H}, {@code p1m} (one month), {@code P1DT2H}.
 *
 * <h2>Months and years</h2>
 * fugit converts them to fixed lengths and rufus-scheduler uses that number of seconds as the period: a month is
 * 30 days (2,592,000 s) and a year 365 days (31,536,000 s), never calendar months. {@link #duration()} follows.
 *
 * <h2>Fractions</h2>
 * A decimal component makes fugit compute in Ruby Floats; {@link #seconds()} is that exact Float (so {@code "1.1h"}
 * is 3960.0000000000005) and {@link #duration()} is it rounded to the nanosecond.
 */
public final class EveryDuration {
    /** rufus-scheduler's default scheduler frequency in seconds; {@code every} refuses shorter periods. */
    public static final double RUFUS_SCHEDULER_FREQUENCY_SECONDS = 0.3;

    private final String text;
    private final double seconds;
    private final Duration duration;

    private EveryDuration(String text, double seconds, Duration duration) {
        this.text = text;
        this.seconds = seconds;
        this.duration = duration;
    }

    /**
     * @param text the {@code every} value of a schedule entry, e.g. {@code "1h30m"}, {@code "2d"}, {@code "30s"}
     * @return the period
     * @throws ScheduleFormatException when fugit does not parse it, or rufus-scheduler would refuse the period
     */
    public static EveryDuration parse(String text) {
        Objects.requireNonNull(text, "text");
        FugitDuration.Num n = FugitDuration.toSec(text);
        String q = RubyText.inspect(text);
        if (n == null) {
            throw new ScheduleFormatException("invalid every duration " + q + ": not a duration fugit 1.5.2"
                + " parses (examples: \"30s\", \"1h30m\", \"2d\", \"1w\", \"1M\" = 30 days, \"1y\" = 365 days,"
                + " \"PT1H\")");
        }
        BigDecimal exact = n.exact();
        if (n.signum() <= 0) {
            throw new ScheduleFormatException("invalid every duration " + q + ": it is " + n.toString().split(" ")[1]
                + " seconds; rufus-scheduler cannot schedule every with a frequency <= 0");
        }
        if (exact.compareTo(new BigDecimal(RUFUS_SCHEDULER_FREQUENCY_SECONDS)) < 0) { // Ruby: Float < 0.3
            throw new ScheduleFormatException("invalid every duration " + q + ": " + n.toString().split(" ")[1]
                + " s is shorter than rufus-scheduler's scheduler frequency (0.3 s); rufus refuses it");
        }
        BigDecimal rounded = exact.setScale(9, RoundingMode.HALF_EVEN);
        if (rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new ScheduleFormatException("invalid every duration " + q + ": " + exact.toBigInteger()
                + " seconds does not fit a java.time.Duration; refused");
        }
        long secs = rounded.longValue();
        long nanos = rounded.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValueExact();
        return new EveryDuration(text, n.toDouble(), Duration.ofSeconds(secs, nanos));
    }

    /** @return the period (rounded to the nanosecond when fugit computed a Float) */
    public Duration duration() {
        return duration;
    }

    /** @return fugit's {@code to_sec} for the text, as a double (exactly Ruby's Float when it is one) */
    public double seconds() {
        return seconds;
    }

    /** @return the text as given */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EveryDuration && ((EveryDuration) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "EveryDuration[" + text + " = " + duration + "]";
    }
}
