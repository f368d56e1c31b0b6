package io.github.resque4j.metrics;

import java.time.Duration;
import java.util.Map;

import io.github.resque4j.internal.metrics.MetricsWorkerListener;
import io.github.resque4j.worker.WorkerListener;

/**
 * The metrics SPI: what the worker runtime, the {@link MetricsSampler} and the retry policy report. Implement it
 * to feed any metrics system; {@code io.github.resque4j.metrics.micrometer.MicrometerResqueMetrics} is the
 * Micrometer implementation (the only code that needs Micrometer on the classpath).
 *
 * <p>Every method has a no-op default, so an implementation records only what it cares about and keeps compiling
 * when events are added. Methods are called from worker and sampler threads at once: implementations must be
 * thread-safe and quick (a slow one delays the job's outcome being written to Redis).
 *
 * <p>{@code jobClass} is the Ruby class name a job runs as; for ActiveJob payloads
 * ({@code ActiveJob::QueueAdapters::ResqueAdapter::JobWrapper}) it is the wrapped {@code job_class}, so one
 * wrapper class does not hide every Rails job behind one name.
 */
public interface ResqueMetrics {

    /** Records nothing. */
    ResqueMetrics NOOP = new ResqueMetrics() {
    };

    /**
     * A job ran (hooks included). Counts as processed, as Ruby's {@code stat:processed} does, whether it failed
     * or not.
     *
     * @param jobClass the class it ran as
     * @param queue the queue it was reserved from
     * @param elapsed how long it ran
     * @param failure why it failed, or {@code null} when it succeeded
     */
    default void jobFinished(String jobClass, String queue, Duration elapsed, Throwable failure) {
    }

    /**
     * A failed job was scheduled to run again by a retry policy (called by the retry feature, not the worker).
     *
     * @param jobClass the class it ran as
     * @param queue the queue it will be retried on
     */
    default void jobRetried(String jobClass, String queue) {
    }

    /**
     * A reserved payload could not be decoded into a job; it went to the failed list as raw bytes.
     *
     * @param queue the queue it came from
     */
    default void jobMalformed(String queue) {
    }

    /**
     * How long a job waited between being enqueued and starting, known only when its payload says when it was
     * enqueued (see {@code docs/METRICS.md}).
     *
     * @param jobClass the class it runs as
     * @param queue the queue it was reserved from
     * @param latency the wait, never negative
     */
    default void queueLatency(String jobClass, String queue, Duration latency) {
    }

    /**
     * The length of every queue in Resque's {@code queues} set, sampled at an interval. Each call is a complete
     * snapshot: a queue missing from it no longer exists.
     *
     * @param sizes queue name to length
     */
    default void queueSizes(Map<String, Long> sizes) {
    }

    /**
     * A worker pool's utilisation, sampled at an interval.
     *
     * @param busy workers running a job now
     * @param total workers in the pool
     */
    default void workers(int busy, int total) {
    }

    /**
     * @return a listener that reports this pool's jobs to these metrics; add it with
     *         {@code WorkerOptions.Builder.listener}
     */
    default WorkerListener workerListener() {
        return new MetricsWorkerListener(this);
    }
}
