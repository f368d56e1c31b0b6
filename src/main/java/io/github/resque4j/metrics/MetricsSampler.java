package io.github.resque4j.metrics;

import java.time.Duration;
import java.util.Objects;

import org.apache.commons.lang3.Validate;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.internal.metrics.ScheduledMetricsSampler;
import io.github.resque4j.worker.WorkerPool;

/**
 * Samples queue sizes ({@link ResqueClient#queueSizes()}, one pipelined {@code LLEN} per queue) and a pool's
 * utilisation ({@link WorkerPool#health()}, in memory) on one background thread at a fixed interval, and reports
 * them to {@link ResqueMetrics}. Polling at an interval keeps Redis load independent of how often, and by how
 * many scrapers, the metrics are read. A failed sample is logged and retried at the next interval; the last
 * values stay reported meanwhile.
 *
 * <p>Closing it stops the thread; it never closes the client or the pool.
 */
public interface MetricsSampler extends AutoCloseable {
    /** Default sampling interval. */
    Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    /**
     * @param metrics where the samples go
     * @return a builder; give it a client, a pool or both
     */
    static Builder builder(ResqueMetrics metrics) {
        return new Builder(metrics);
    }

    /**
     * Samples once, now, on the caller's thread.
     *
     * @throws io.github.resque4j.ResqueException if Redis cannot be read
     */
    void sampleNow();

    /** Stops sampling. Idempotent. */
    @Override
    void close();

    /** Builds and starts a {@link MetricsSampler}. */
    final class Builder {
        private final ResqueMetrics metrics;
        private ResqueClient client;
        private WorkerPool pool;
        private Duration interval = DEFAULT_INTERVAL;

        private Builder(ResqueMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
        }

        /** @param client samples the sizes of the queues in its namespace @return this */
        public Builder queueSizes(ResqueClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** @param pool samples its busy and total workers @return this */
        public Builder workers(WorkerPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /** @param interval time between samples, at least 100 ms @return this */
        public Builder interval(Duration interval) {
            Validate.isTrue(interval != null && interval.toMillis() >= 100, "interval must be at least 100 ms");
            this.interval = interval;
            return this;
        }

        /** @return a sampler, already running (first sample at once) */
        public MetricsSampler start() {
            Validate.isTrue(client != null || pool != null, "nothing to sample: give a client, a pool or both");
            return ScheduledMetricsSampler.start(metrics, client, pool, interval);
        }
    }
}
