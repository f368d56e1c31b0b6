package io.github.resque4j.retry;

import java.time.Clock;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.worker.WorkerOptions;

/**
 * Retries in resque-retry's format for Java workers: makes {@link RetryHook}s for {@link RetryPolicy}s and holds
 * the Redis connection they share. Close it after the worker pools using its hooks.
 *
 * <pre>{@code
 * try (Retries retries = Retries.create(config)) {
 *     WorkerOptions.Builder options = WorkerOptions.builder(jobs, "mailers");
 *     retries.attach(options, "Mailer::Deliver", RetryPolicy.builder()
 *             .limit(5).backoff(Backoff.strategy(0, 60, 600)).jitter(0.75, 1.25)
 *             .retryOn(java.io.IOException.class).build());
 *     try (WorkerPool pool = WorkerPool.create(config, options.build())) { ... }
 * }
 * }</pre>
 */
public interface Retries extends AutoCloseable {

    /**
     * @param config connection and namespace (the Ruby workers' {@code Resque.redis})
     * @return a connected instance with the system clock and a random jitter source
     */
    static Retries create(ResqueConfig config) {
        return builder(config).build();
    }

    /** @param config connection and namespace @return a builder */
    static Builder builder(ResqueConfig config) {
        return new Builder(config);
    }

    /**
     * @param policy the policy
     * @return a hook applying it to the job classes it is registered for
     */
    RetryHook hook(RetryPolicy policy);

    /**
     * Registers {@link #hook(RetryPolicy) hook(policy)} for one Ruby class name, after the hooks registered so far.
     *
     * @param options the worker options being built
     * @param className Ruby class name, e.g. {@code Mailer::Deliver}
     * @param policy its policy
     * @return {@code options}
     */
    default WorkerOptions.Builder attach(WorkerOptions.Builder options, String className, RetryPolicy policy) {
        return options.hook(className, hook(policy));
    }

    /** Closes the connection (a user-supplied Redisson client is left open). */
    @Override
    void close();

    /** Builder for {@link Retries}; not thread-safe. */
    final class Builder {
        private final ResqueConfig config;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new Random();

        private Builder(ResqueConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param clock what "now" is when a delayed retry's due time is computed (resque-scheduler uses the local
         *     clock of the failing process)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param random source of jitter multiplicands, shared by every worker thread, so it must be thread-safe
         *     ({@link Random} is); a seeded one makes the delays reproducible
         * @return this
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** @return a connected instance */
        public Retries build() {
            return new RedisRetries(config, clock, random);
        }
    }
}
