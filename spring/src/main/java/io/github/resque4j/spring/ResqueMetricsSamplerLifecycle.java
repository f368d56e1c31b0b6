package io.github.resque4j.spring;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.metrics.MetricsSampler;
import io.github.resque4j.metrics.ResqueMetrics;
import io.github.resque4j.worker.WorkerPool;

/** Runs a {@link MetricsSampler} (queue sizes, and the pool's utilisation when there is a pool) with the context. */
public final class ResqueMetricsSamplerLifecycle implements SmartLifecycle {
    private final ResqueMetrics metrics;
    private final ResqueClient client;
    private final WorkerPool pool;
    private final Duration interval;
    private MetricsSampler sampler;

    /**
     * @param metrics where samples go; {@code null}: nothing to sample for, so no sampling
     * @param client for queue sizes
     * @param pool for utilisation, or {@code null}
     * @param interval sampling interval
     */
    public ResqueMetricsSamplerLifecycle(ResqueMetrics metrics, ResqueClient client, WorkerPool pool,
            Duration interval) {
        this.metrics = metrics;
        this.client = client;
        this.pool = pool;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (sampler == null && metrics != null) {
            MetricsSampler.Builder b = MetricsSampler.builder(metrics).queueSizes(client).interval(interval);
            if (pool != null) {
                b.workers(pool);
            }
            sampler = b.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (sampler != null) {
            sampler.close();
            sampler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sampler != null;
    }
}
