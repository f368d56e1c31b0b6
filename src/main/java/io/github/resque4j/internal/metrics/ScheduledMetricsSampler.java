package io.github.resque4j.internal.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.metrics.MetricsSampler;
import io.github.resque4j.metrics.ResqueMetrics;
import io.github.resque4j.worker.PoolHealth;
import io.github.resque4j.worker.WorkerPool;

/** {@link MetricsSampler} on one daemon thread. */
public final class ScheduledMetricsSampler implements MetricsSampler {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledMetricsSampler.class);

    private final ResqueMetrics metrics;
    private final ResqueClient client;
    private final WorkerPool pool;
    private final ScheduledExecutorService executor;
    /** Only the sampler thread writes it: a Redis outage is logged once, not every interval. */
    private boolean failing;

    private ScheduledMetricsSampler(ResqueMetrics metrics, ResqueClient client, WorkerPool pool) {
        this.metrics = metrics;
        this.client = client;
        this.pool = pool;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resque4j-metrics-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param metrics where samples go
     * @param client queue sizes source, or {@code null}
     * @param pool utilisation source, or {@code null}
     * @param interval time between samples
     * @return a running sampler
     */
    public static ScheduledMetricsSampler start(ResqueMetrics metrics, ResqueClient client, WorkerPool pool,
            Duration interval) {
        ScheduledMetricsSampler s = new ScheduledMetricsSampler(metrics, client, pool);
        s.executor.scheduleWithFixedDelay(s::scheduledSample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    @Override
    public void sampleNow() {
        if (pool != null) {
            PoolHealth h = pool.health();
            metrics.workers(h.busy(), h.workers());
        }
        if (client != null) {
            metrics.queueSizes(client.queueSizes());
        }
    }

    private void scheduledSample() {
        try {
            sampleNow();
            if (failing) {
                failing = false;
                LOG.info("metrics sampling works again");
            }
        } catch (RuntimeException e) { // never let an exception cancel the schedule
            if (!failing) {
                failing = true;
                LOG.warn("metrics sampling failed, keeping the last values and retrying: {}", e.toString());
            } else {
                LOG.debug("metrics sampling still failing: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
