/**
 * Worker and queue metrics behind a small SPI, {@link io.github.resque4j.metrics.ResqueMetrics}.
 *
 * <p>Wiring: add {@link io.github.resque4j.metrics.ResqueMetrics#workerListener()} to the pool's
 * {@code WorkerOptions} for per-job figures (processed, failed, duration, queue latency), and start a
 * {@link io.github.resque4j.metrics.MetricsSampler} for queue sizes and worker utilisation, which are polled at an
 * interval rather than read from Redis on every scrape. Metric names are constants in
 * {@link io.github.resque4j.metrics.MetricNames}; {@code docs/METRICS.md} has the table.
 *
 * <p>Nothing in this package needs Micrometer; {@code io.github.resque4j.metrics.micrometer} does, and is loaded
 * only when used.
 */
package io.github.resque4j.metrics;
