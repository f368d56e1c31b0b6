package io.github.resque4j.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.random.RandomGenerator;

import org.apache.commons.lang3.Validate;

import io.github.resque4j.Names;

/**
 * When and how a failed job is tried again: the Java counterpart of a Ruby job class extended with resque-retry's
 * {@code Resque::Plugins::Retry} or {@code ExponentialBackoff}. Each setting names the plugin's instance variable
 * it mirrors; defaults are the plugin's. Immutable; made with {@link #builder()}, attached to job classes through
 * {@link Retries}.
 *
 * <p>Attempts are counted as the plugin counts them: the job's first run is attempt 0, and a job that keeps
 * failing runs {@code limit + 1} times in all.
 */
public final class RetryPolicy {
    private final int limit;
    private final Backoff backoff;
    private final double jitterMin;
    private final double jitterMax;
    private final boolean jitter;
    private final List<Class<? extends Throwable>> retryOn;
    private final List<Class<? extends Throwable>> giveUpOn;
    private final List<Class<? extends Throwable>> ignore;
    private final List<BiPredicate<Throwable, List<Object>>> retryIf;
    private final Duration expireKeyAfter;
    private final String queue;
    private final RetryIdentifier identifier;
    private final List<RetryListener> listeners;

    private RetryPolicy(Builder b) {
        this.backoff = b.backoff;
        this.limit = b.limit != null ? b.limit : backoff.strategyLength().orElse(1);
        this.jitter = b.jitter;
        this.jitterMin = b.jitterMin;
        this.jitterMax = b.jitterMax;
        this.retryOn = List.copyOf(b.retryOn);
        this.giveUpOn = List.copyOf(b.giveUpOn);
        // resque-retry: AmbiguousRetryStrategyException
        Validate.isTrue(retryOn.isEmpty() || giveUpOn.isEmpty(),
                "retryOn and giveUpOn cannot both be set (resque-retry's @retry_exceptions / @fatal_exceptions)");
        this.ignore = List.copyOf(b.ignore);
        this.retryIf = List.copyOf(b.retryIf);
        this.expireKeyAfter = b.expireKeyAfter;
        this.queue = b.queue;
        this.identifier = b.identifier;
        this.listeners = List.copyOf(b.listeners);
    }

    /** @return a builder with resque-retry's defaults: one retry, no delay, every exception retried */
    public static Builder builder() {
        return new Builder();
    }

    /** @return retries allowed after the first run; 0 = never retry, negative = retry forever */
    public int limit() {
        return limit;
    }

    /** @return the delay schedule */
    public Backoff backoff() {
        return backoff;
    }

    /** @return the lifetime added to the delay for the counter key's TTL, if the key expires */
    public Optional<Duration> expireKeyAfter() {
        return Optional.ofNullable(expireKeyAfter);
    }

    /** @return the queue retries go to, if not the queue the job came from */
    public Optional<String> queue() {
        return Optional.ofNullable(queue);
    }

    /** @return how the counter key's job-specific part is computed */
    public RetryIdentifier identifier() {
        return identifier;
    }

    /** @return listeners told about each retry and give-up */
    public List<RetryListener> listeners() {
        return listeners;
    }

    /**
     * resque-retry's {@code redis_retry_key(*args)}, without the Resque namespace:
     * {@code resque-retry:<class>:<identifier>} (no {@code :<identifier>} when it is {@code null}), with every
     * whitespace character removed as the plugin's {@code gsub(/\s/, '')} does.
     *
     * @param className Ruby class name from the payload
     * @param args the job's arguments as decoded
     * @return the key, e.g. {@code resque-retry:Mailer::Deliver:2d56bf29ba68a83f06d1622173250f417c47eddd}
     */
    public String retryKey(String className, List<Object> args) {
        Names.requireClassName(className);
        String id = identifier.identify(args);
        String key = "resque-retry:" + className + (id == null ? "" : ":" + id);
        return key.replaceAll("[ \\t\\n\\u000B\\f\\r]", ""); // Ruby's /\s/ is ASCII whitespace only
    }

    /**
     * resque-retry's {@code retry_limit_reached?}.
     *
     * @param attempt the attempt that failed (0 = first run)
     * @return whether no retry is left
     */
    public boolean limitReached(int attempt) {
        if (limit == 0) {
            return true;
        }
        return limit > 0 && attempt >= limit;
    }

    /**
     * resque-retry's {@code retry_criteria_valid?}: retries are left, and the exception is one to retry or a
     * {@link Builder#retryIf} check says so.
     *
     * @param attempt the attempt that failed
     * @param error what it threw
     * @param args the job's arguments
     * @return whether to try again
     */
    public boolean shouldRetry(int attempt, Throwable error, List<Object> args) {
        if (limitReached(attempt)) {
            return false;
        }
        if (retriesException(error)) {
            return true;
        }
        for (BiPredicate<Throwable, List<Object>> check : retryIf) {
            if (check.test(error, args)) {
                return true;
            }
        }
        return false;
    }

    /**
     * resque-retry's {@code retry_exception?}: with neither list set every exception retries; otherwise it must be
     * an instance of a {@link Builder#retryOn} type, or of no {@link Builder#giveUpOn} type.
     *
     * @param error what the job threw
     * @return whether that exception may be retried
     */
    public boolean retriesException(Throwable error) {
        if (!retryOn.isEmpty()) {
            return retryOn.stream().anyMatch(t -> t.isInstance(error));
        }
        return giveUpOn.stream().noneMatch(t -> t.isInstance(error));
    }

    /**
     * resque-retry's {@code @ignore_exceptions} test: the exception's exact class is listed (not a subclass, as
     * the plugin uses {@code include?(exception.class)}).
     *
     * @param error what the job threw
     * @return whether the failed attempt does not count
     */
    public boolean ignores(Throwable error) {
        return ignore.contains(error.getClass());
    }

    /**
     * The delay before the attempt after {@code attempt}: {@link #backoff()}'s, times a random multiplicand in
     * {@code [jitterMin, jitterMax]} and cut to whole seconds when jitter is set (ExponentialBackoff's
     * {@code (delay * rand(min..max)).to_i}).
     *
     * @param attempt the attempt that failed
     * @param random where the multiplicand comes from (not used when the bounds are equal)
     * @return the delay
     */
    public Duration delay(int attempt, RandomGenerator random) {
        Duration base = backoff.delay(attempt);
        if (!jitter && backoff.strategyLength().isEmpty()) {
            return base; // Retry's plain @retry_delay: used as it is
        }
        // ExponentialBackoff: (delay * multiplicand).to_i, no draw when the bounds are equal (default 1.0..1.0)
        double m = jitterMin == jitterMax ? jitterMax : jitterMin + (jitterMax - jitterMin) * random.nextDouble();
        return Duration.ofSeconds((long) (base.toNanos() / 1e9 * m));
    }

    @Override
    public String toString() {
        return "RetryPolicy[limit=" + limit + ", " + backoff + (jitter ? ", jitter " + jitterMin + ".." + jitterMax
                : "") + (retryOn.isEmpty() ? "" : ", retryOn " + retryOn) + (giveUpOn.isEmpty() ? ""
                : ", giveUpOn " + giveUpOn) + (expireKeyAfter == null ? "" : ", expireKeyAfter " + expireKeyAfter)
                + (queue == null ? "" : ", queue " + queue) + "]";
    }

    /** Builder for {@link RetryPolicy}; not thread-safe. */
    public static final class Builder {
        private Integer limit;
        private Backoff backoff = Backoff.none();
        private boolean jitter;
        private double jitterMin = 1.0;
        private double jitterMax = 1.0;
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private final List<Class<? extends Throwable>> giveUpOn = new ArrayList<>();
        private final List<Class<? extends Throwable>> ignore = new ArrayList<>();
        private final List<BiPredicate<Throwable, List<Object>>> retryIf = new ArrayList<>();
        private Duration expireKeyAfter;
        private String queue;
        private RetryIdentifier identifier = RetryIdentifier.rubyDefault();
        private final List<RetryListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * {@code @retry_limit}: retries after the first run. Default 1, or the length of a
         * {@link Backoff#strategy} table.
         *
         * @param retries 0 = never retry, negative = retry forever
         * @return this
         */
        public Builder limit(int retries) {
            this.limit = retries;
            return this;
        }

        /**
         * {@code @retry_delay} ({@link Backoff#fixed}) or {@code @backoff_strategy} ({@link Backoff#strategy}).
         *
         * @param backoff delays by attempt (default: none)
         * @return this
         */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * Shorthand for {@code backoff(Backoff.fixed(delay))}.
         *
         * @param delay the delay before every retry
         * @return this
         */
        public Builder delay(Duration delay) {
            return backoff(Backoff.fixed(delay));
        }

        /**
         * {@code @retry_delay_multiplicand_min} / {@code _max}: each delay is multiplied by a random factor in
         * {@code [min, max]} and cut to whole seconds, so jobs that failed together do not all return together.
         *
         * @param min lower bound, e.g. 0.5
         * @param max upper bound, at least {@code min}, e.g. 1.5
         * @return this
         */
        public Builder jitter(double min, double max) {
            // resque-retry: InvalidRetryDelayMultiplicandConfigurationException
            Validate.isTrue(min >= 0 && Double.isFinite(max) && min <= max,
                    "jitter needs 0 <= min <= max (resque-retry's multiplicand min/max)");
            this.jitter = true;
            this.jitterMin = min;
            this.jitterMax = max;
            return this;
        }

        /**
         * {@code @retry_exceptions}: only instances of these types (subclasses included) are retried. Cannot be
         * combined with {@link #giveUpOn}.
         *
         * @param types exception types
         * @return this
         */
        @SafeVarargs
        public final Builder retryOn(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> t : types) {
                retryOn.add(Objects.requireNonNull(t, "type"));
            }
            return this;
        }

        /**
         * {@code @fatal_exceptions}: instances of these types (subclasses included) are never retried. Cannot be
         * combined with {@link #retryOn}.
         *
         * @param types exception types
         * @return this
         */
        @SafeVarargs
        public final Builder giveUpOn(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> t : types) {
                giveUpOn.add(Objects.requireNonNull(t, "type"));
            }
            return this;
        }

        /**
         * {@code @ignore_exceptions}: an attempt failing with exactly one of these classes does not count (the
         * counter is decremented); whether it is retried is decided as for any other exception.
         *
         * @param types exception classes, matched exactly
         * @return this
         */
        @SafeVarargs
        public final Builder ignore(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> t : types) {
                ignore.add(Objects.requireNonNull(t, "type"));
            }
            return this;
        }

        /**
         * {@code retry_criteria_check}: retry an exception the lists would not retry when this returns
         * {@code true} (while retries are left).
         *
         * @param check gets the exception and the job's arguments
         * @return this
         */
        public Builder retryIf(BiPredicate<Throwable, List<Object>> check) {
            retryIf.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * {@code @expire_retry_key_after}: before each attempt the counter key gets a TTL of the next delay plus
         * this, so counters of jobs that vanished (deleted from the queue, lost) do not stay forever.
         *
         * @param ttl positive, whole seconds (fractions are dropped)
         * @return this
         */
        public Builder expireKeyAfter(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            Validate.isTrue(ttl.getSeconds() > 0, "expireKeyAfter must be at least one second");
            this.expireKeyAfter = ttl;
            return this;
        }

        /**
         * {@code retry_queue}: where retries go. Default: the queue the failed job came from (Ruby uses the class's
         * {@code @queue}, normally the same).
         *
         * @param queue queue name
         * @return this
         */
        public Builder queue(String queue) {
            this.queue = Names.requireQueue(queue);
            return this;
        }

        /**
         * {@code retry_identifier}: override it here when the Ruby class overrides it (both sides must compute the
         * same key). Default {@link RetryIdentifier#rubyDefault()}.
         *
         * @param identifier the identifier function
         * @return this
         */
        public Builder identifier(RetryIdentifier identifier) {
            this.identifier = Objects.requireNonNull(identifier, "identifier");
            return this;
        }

        /**
         * {@code try_again_callback} / {@code give_up_callback}.
         *
         * @param listener told before each retry is enqueued and before the counter of a job given up is deleted;
         *     an exception it throws stops the retry (as in Ruby) and is logged by the worker
         * @return this
         */
        public Builder listener(RetryListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** @return the policy */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
