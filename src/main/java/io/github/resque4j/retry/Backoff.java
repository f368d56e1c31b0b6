package io.github.resque4j.retry;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

import org.apache.commons.lang3.Validate;

/**
 * How long a failed job waits before its next attempt, by attempt number (0 for the job's first run, as
 * resque-retry counts). Immutable.
 */
public final class Backoff {
    /** resque-retry's ExponentialBackoff default {@code @backoff_strategy}: 0 s, 1 min, 10 min, 1 h, 3 h, 6 h. */
    public static final long[] RUBY_DEFAULT_STRATEGY = {0, 60, 600, 3600, 10_800, 21_600};

    private enum Kind { FIXED, STRATEGY, EXPONENTIAL }

    private final Kind kind;
    private final Duration fixed;
    private final long[] strategy;
    private final double factor;
    private final Duration max;

    private Backoff(Kind kind, Duration fixed, long[] strategy, double factor, Duration max) {
        this.kind = kind;
        this.fixed = fixed;
        this.strategy = strategy;
        this.factor = factor;
        this.max = max;
    }

    /**
     * resque-retry's plain {@code @retry_delay}: the same delay before every retry. Zero (the plugin's default)
     * re-enqueues at once, without resque-scheduler.
     *
     * @param delay zero or more; fractions of a second are kept (resque-scheduler rounds the due time down to
     *     the second, as it does for Ruby's float delays)
     * @return the backoff
     */
    public static Backoff fixed(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        Validate.isTrue(!delay.isNegative(), "delay must not be negative");
        return new Backoff(Kind.FIXED, delay, null, 0, null);
    }

    /** @return {@link #fixed} with no delay: resque-retry's default */
    public static Backoff none() {
        return fixed(Duration.ZERO);
    }

    /**
     * resque-retry's {@code ExponentialBackoff} {@code @backoff_strategy}: the delay before retry {@code k} is
     * {@code seconds[k]}, or the last one once past the end. A policy without an explicit limit then allows as
     * many retries as there are delays, as the plugin does.
     *
     * @param seconds whole seconds per attempt, at least one, none negative
     * @return the backoff
     * @see #RUBY_DEFAULT_STRATEGY
     */
    public static Backoff strategy(long... seconds) {
        Validate.isTrue(seconds != null && seconds.length > 0, "a backoff strategy needs at least one delay");
        for (long s : seconds) {
            Validate.isTrue(s >= 0, "delays must not be negative");
        }
        return new Backoff(Kind.STRATEGY, null, seconds.clone(), 0, null);
    }

    /**
     * A computed exponential backoff, {@code min(first * factor^attempt, max)}: the same as a
     * {@link #strategy} table that never ends, which a Ruby class would write out as an array.
     *
     * @param first delay before the first retry, positive
     * @param factor growth per attempt, at least 1
     * @param max the cap, at least {@code first}
     * @return the backoff
     */
    public static Backoff exponential(Duration first, double factor, Duration max) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        Validate.isTrue(!first.isNegative() && !first.isZero(), "first must be positive");
        Validate.isTrue(factor >= 1 && Double.isFinite(factor), "factor must be at least 1");
        Validate.isTrue(max.compareTo(first) >= 0, "max must be at least first");
        return new Backoff(Kind.EXPONENTIAL, first, null, factor, max);
    }

    /**
     * @param attempt the attempt that just failed, as resque-retry counts (0 = the first run); negative after an
     *     ignored exception (resque-retry then indexes its table from the end, as Ruby arrays do)
     * @return the delay before the next attempt, before any jitter
     */
    public Duration delay(int attempt) {
        switch (kind) {
            case FIXED:
                return fixed;
            case STRATEGY: {
                // Ruby: backoff_strategy[retry_attempt] || backoff_strategy.last
                int i = attempt < 0 ? strategy.length + attempt : attempt;
                long s = i >= 0 && i < strategy.length ? strategy[i] : strategy[strategy.length - 1];
                return Duration.ofSeconds(s);
            }
            default: {
                double millis = fixed.toMillis() * Math.pow(factor, Math.max(0, attempt)); // fixed holds "first"
                return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
            }
        }
    }

    /** @return the number of delays in a {@link #strategy} table (the plugin's default limit), else empty */
    OptionalInt strategyLength() {
        return kind == Kind.STRATEGY ? OptionalInt.of(strategy.length) : OptionalInt.empty();
    }

    @Override
    public String toString() {
        switch (kind) {
            case FIXED:
                return "Backoff.fixed(" + fixed + ")";
            case STRATEGY:
                return "Backoff.strategy" + Arrays.toString(strategy);
            default:
                return "Backoff.exponential(" + fixed + ", " + factor + ", " + max + ")";
        }
    }
}
