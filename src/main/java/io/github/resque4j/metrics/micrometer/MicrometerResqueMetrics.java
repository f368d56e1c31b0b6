package io.github.resque4j.metrics.micrometer;

import static io.github.resque4j.metrics.MetricNames.OUTCOME_FAILURE;
import static io.github.resque4j.metrics.MetricNames.OUTCOME_SUCCESS;
import static io.github.resque4j.metrics.MetricNames.TAG_CLASS;
import static io.github.resque4j.metrics.MetricNames.TAG_EXCEPTION;
import static io.github.resque4j.metrics.MetricNames.TAG_OUTCOME;
import static io.github.resque4j.metrics.MetricNames.TAG_QUEUE;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resque4j.metrics.MetricNames;
import io.github.resque4j.metrics.ResqueMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * {@link ResqueMetrics} recorded in a Micrometer {@link MeterRegistry}, under the names of {@link MetricNames}.
 * Requires {@code io.micrometer:micrometer-core} on the classpath (an optional dependency of resque4j).
 *
 * <pre>{@code
 * ResqueMetrics metrics = MicrometerResqueMetrics.create(registry);
 * WorkerOptions options = WorkerOptions.builder(jobs, "*").listener(metrics.workerListener()).build();
 * try (WorkerPool pool = WorkerPool.create(config, options);
 *      MetricsSampler sampler = MetricsSampler.builder(metrics).queueSizes(client).workers(pool).start()) {
 *     pool.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Use one instance per Resque namespace (queue gauges follow one namespace's {@code queues} set); give
 * instances that share a registry a distinguishing tag through {@link Builder#tags(Iterable)}.
 */
public final class MicrometerResqueMetrics implements ResqueMetrics {
    /** Smallest duration the histogram buckets resolve. */
    public static final Duration HISTOGRAM_MIN = Duration.ofMillis(1);
    /** Largest duration the histogram buckets resolve (longer ones land in the last bucket). */
    public static final Duration HISTOGRAM_MAX = Duration.ofHours(1);

    private final MeterRegistry registry;
    private final Tags tags;
    private final Meter.MeterProvider<Counter> processed;
    private final Meter.MeterProvider<Counter> failed;
    private final Meter.MeterProvider<Counter> retried;
    private final Meter.MeterProvider<Counter> malformed;
    private final Meter.MeterProvider<Timer> duration;
    private final Meter.MeterProvider<Timer> latency;
    /** Guarded by itself; written by the sampler only. */
    private final Map<String, QueueGauge> queueGauges = new HashMap<>();
    /** {busy, total}, swapped as a pair so utilisation never mixes two samples. */
    private final AtomicReference<int[]> workers = new AtomicReference<>();

    private MicrometerResqueMetrics(Builder b) {
        this.registry = b.registry;
        this.tags = b.tags;
        this.processed = Counter.builder(MetricNames.JOBS_PROCESSED).description("Jobs run, failed ones included")
                .tags(tags).withRegistry(registry);
        this.failed = Counter.builder(MetricNames.JOBS_FAILED).description("Jobs that failed").tags(tags)
                .withRegistry(registry);
        this.retried = Counter.builder(MetricNames.JOBS_RETRIED)
                .description("Failed jobs re-enqueued by a retry policy").tags(tags).withRegistry(registry);
        this.malformed = Counter.builder(MetricNames.JOBS_MALFORMED)
                .description("Reserved payloads that were not a job").tags(tags).withRegistry(registry);
        this.duration = timer(MetricNames.JOB_DURATION, "Time to perform a job, hooks included", b.histogram);
        this.latency = timer(MetricNames.JOB_QUEUE_LATENCY, "Time from enqueue to start", b.histogram);
    }

    private Meter.MeterProvider<Timer> timer(String name, String description, boolean histogram) {
        Timer.Builder t = Timer.builder(name).description(description).tags(tags);
        if (histogram) {
            t.publishPercentileHistogram().minimumExpectedValue(HISTOGRAM_MIN).maximumExpectedValue(HISTOGRAM_MAX);
        }
        return t.withRegistry(registry);
    }

    /**
     * @param registry where meters go
     * @return metrics with percentile histograms and no extra tags
     */
    public static MicrometerResqueMetrics create(MeterRegistry registry) {
        return builder(registry).build();
    }

    /**
     * @param registry where meters go
     * @return a builder
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void jobFinished(String jobClass, String queue, Duration elapsed, Throwable failure) {
        processed.withTags(TAG_CLASS, jobClass, TAG_QUEUE, queue).increment();
        if (failure != null) {
            failed.withTags(TAG_CLASS, jobClass, TAG_QUEUE, queue, TAG_EXCEPTION, failure.getClass().getSimpleName())
                    .increment();
        }
        duration.withTags(TAG_CLASS, jobClass, TAG_QUEUE, queue, TAG_OUTCOME,
                failure == null ? OUTCOME_SUCCESS : OUTCOME_FAILURE).record(elapsed);
    }

    @Override
    public void jobRetried(String jobClass, String queue) {
        retried.withTags(TAG_CLASS, jobClass, TAG_QUEUE, queue).increment();
    }

    @Override
    public void jobMalformed(String queue) {
        malformed.withTags(TAG_QUEUE, queue).increment();
    }

    @Override
    public void queueLatency(String jobClass, String queue, Duration waited) {
        latency.withTags(TAG_CLASS, jobClass, TAG_QUEUE, queue).record(waited);
    }

    @Override
    public void queueSizes(Map<String, Long> sizes) {
        synchronized (queueGauges) {
            for (Iterator<Map.Entry<String, QueueGauge>> it = queueGauges.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, QueueGauge> e = it.next();
                if (!sizes.containsKey(e.getKey())) {
                    registry.remove(e.getValue().gauge); // the queue was removed: stop reporting it
                    it.remove();
                }
            }
            sizes.forEach((queue, size) -> queueGauges.computeIfAbsent(queue, this::queueGauge).value.set(size));
        }
    }

    private QueueGauge queueGauge(String queue) {
        AtomicLong value = new AtomicLong();
        Gauge gauge = Gauge.builder(MetricNames.QUEUE_SIZE, value, AtomicLong::doubleValue)
                .description("Jobs waiting in the queue (sampled)").tags(tags).tag(TAG_QUEUE, queue)
                .strongReference(true).register(registry);
        return new QueueGauge(value, gauge);
    }

    @Override
    public void workers(int busy, int total) {
        if (workers.getAndSet(new int[] {busy, total}) == null) {
            // First sample: register now, so a producer-only application shows no worker gauges.
            Gauge.builder(MetricNames.WORKERS, workers, w -> w.get()[1]).description("Workers in the pool (sampled)")
                    .tags(tags).strongReference(true).register(registry);
            Gauge.builder(MetricNames.WORKERS_BUSY, workers, w -> w.get()[0])
                    .description("Workers running a job (sampled)").tags(tags).strongReference(true)
                    .register(registry);
            Gauge.builder(MetricNames.WORKERS_UTILIZATION, workers, w -> {
                int[] v = w.get();
                return v[1] == 0 ? 0.0 : (double) v[0] / v[1];
            }).description("Busy workers / workers (sampled)").tags(tags).strongReference(true).register(registry);
        }
    }

    /** One queue's gauge and the value it reads. */
    private static final class QueueGauge {
        final AtomicLong value;
        final Gauge gauge;

        QueueGauge(AtomicLong value, Gauge gauge) {
            this.value = value;
            this.gauge = gauge;
        }
    }

    /** Options for {@link MicrometerResqueMetrics}. */
    public static final class Builder {
        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private boolean histogram = true;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** @param extra tags added to every meter, e.g. {@code namespace} @return this */
        public Builder tags(Iterable<Tag> extra) {
            this.tags = this.tags.and(extra);
            return this;
        }

        /** @param keyValues tags as alternating keys and values @return this */
        public Builder tags(String... keyValues) {
            this.tags = this.tags.and(keyValues);
            return this;
        }

        /**
         * @param publish whether the two timers publish percentile histogram buckets (default {@code true}); off,
         *        they report count, sum and max only
         * @return this
         */
        public Builder percentileHistogram(boolean publish) {
            this.histogram = publish;
            return this;
        }

        /** @return the metrics */
        public MicrometerResqueMetrics build() {
            return new MicrometerResqueMetrics(this);
        }
    }
}
