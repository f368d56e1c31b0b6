package io.github.resque4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.ResqueException;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.metrics.micrometer.MicrometerResqueMetrics;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The Micrometer metrics of a real worker pool on a real Redis. */
@ExtendWith(RedisExtension.class)
class MicrometerMetricsTest {
    private static final Duration POLL = Duration.ofMillis(200);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** The histogram settings each timer was registered with (SimpleMeterRegistry does not publish buckets). */
    private final Map<String, DistributionStatisticConfig> histograms = new ConcurrentHashMap<>();

    @BeforeEach
    void captureHistogramSettings() {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                histograms.put(id.getName(), config);
                return config;
            }
        });
    }
    private WorkerPool pool;
    private MetricsSampler sampler;

    @AfterEach
    void tearDown() {
        if (sampler != null) {
            sampler.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void countsTimesAndLatencyPerClassAndQueue(RedisKit kit) {
        ResqueMetrics metrics = MicrometerResqueMetrics.create(registry);
        kit.client().enqueue("default", "NoopJob", 1);
        kit.client().enqueue("default", "NoopJob", 2);
        kit.client().enqueue("low", "FailingJob");
        // A Rails 6.1 ActiveJob payload: enqueued_at is Time.now.utc.iso8601 (whole seconds), 5 s ago.
        String enqueuedAt = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString();
        kit.call("RPUSH", kit.ns().key("queue:default"), "{\"class\":\"ActiveJob::QueueAdapters::ResqueAdapter::"
                + "JobWrapper\",\"args\":[{\"job_class\":\"HelloJob\",\"job_id\":\"b4c6\",\"provider_job_id\":null,"
                + "\"queue_name\":\"default\",\"priority\":null,\"arguments\":[\"world\"],\"executions\":0,"
                + "\"exception_executions\":{},\"locale\":\"en\",\"timezone\":\"UTC\",\"enqueued_at\":\""
                + enqueuedAt + "\"}]}");
        kit.call("RPUSH", kit.ns().key("queue:low"), "{not json");

        JobRegistry jobs = JobRegistry.builder()
                .register("NoopJob", job -> { })
                .register("FailingJob", job -> {
                    throw new IllegalStateException("boom");
                })
                .register("ActiveJob::QueueAdapters::ResqueAdapter::JobWrapper", job -> { })
                .build();
        pool = WorkerPool.create(kit.config(), WorkerOptions.builder(jobs, "default", "low").pollTimeout(POLL)
                .listener(metrics.workerListener()).build());
        pool.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.processedCount() == 5);
        Instant finished = Instant.now();

        assertThat(count(MetricNames.JOBS_PROCESSED, "class", "NoopJob", "queue", "default")).isEqualTo(2);
        assertThat(count(MetricNames.JOBS_PROCESSED, "class", "HelloJob", "queue", "default")).isEqualTo(1);
        assertThat(count(MetricNames.JOBS_PROCESSED, "class", "FailingJob", "queue", "low")).isEqualTo(1);
        assertThat(count(MetricNames.JOBS_FAILED, "class", "FailingJob", "queue", "low", "exception",
                "IllegalStateException")).isEqualTo(1);
        assertThat(registry.find(MetricNames.JOBS_FAILED).tags("class", "NoopJob").counter()).isNull();
        assertThat(count(MetricNames.JOBS_MALFORMED, "queue", "low")).isEqualTo(1);

        Timer ok = registry.get(MetricNames.JOB_DURATION).tags("class", "NoopJob", "queue", "default", "outcome",
                "success").timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(histograms.get(MetricNames.JOB_DURATION).isPercentileHistogram()).isTrue(); // on by default
        assertThat(histograms.get(MetricNames.JOB_QUEUE_LATENCY).isPercentileHistogram()).isTrue();
        assertThat(histograms.get(MetricNames.JOB_DURATION).getMaximumExpectedValueAsDouble())
                .isEqualTo(Duration.ofHours(1).toNanos());
        assertThat(registry.get(MetricNames.JOB_DURATION).tags("class", "FailingJob", "outcome", "failure").timer()
                .count()).isEqualTo(1);

        Timer latency = registry.get(MetricNames.JOB_QUEUE_LATENCY).tags("class", "HelloJob", "queue", "default")
                .timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(5_000)
                .isLessThanOrEqualTo(Duration.between(Instant.parse(enqueuedAt), finished).toMillis());
        // Payloads without enqueued_at give no latency.
        assertThat(registry.find(MetricNames.JOB_QUEUE_LATENCY).tags("class", "NoopJob").timer()).isNull();

        // The retry feature's counter.
        metrics.jobRetried("FailingJob", "low");
        assertThat(count(MetricNames.JOBS_RETRIED, "class", "FailingJob", "queue", "low")).isEqualTo(1);
    }

    @Test
    void samplesQueueSizesAndUtilisationAtAnInterval(RedisKit kit) throws Exception {
        ResqueMetrics metrics = MicrometerResqueMetrics.builder(registry).tags("namespace", kit.ns().name())
                .percentileHistogram(false).build();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobRegistry jobs = JobRegistry.builder().register("Blocking", job -> {
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);
        }).build();
        for (int i = 0; i < 3; i++) {
            kit.client().enqueue("waiting", "Blocking", i); // not a queue the pool works
        }
        kit.client().enqueue("work", "Blocking");
        pool = WorkerPool.create(kit.config(), WorkerOptions.builder(jobs, "work").concurrency(2).pollTimeout(POLL)
                .listener(metrics.workerListener()).build());
        pool.start();
        sampler = MetricsSampler.builder(metrics).queueSizes(kit.client()).workers(pool)
                .interval(Duration.ofMillis(100)).start();
        try {
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            String ns = kit.ns().name();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(gauge(MetricNames.QUEUE_SIZE, "namespace", ns, "queue", "waiting")).isEqualTo(3.0);
                assertThat(gauge(MetricNames.QUEUE_SIZE, "namespace", ns, "queue", "work")).isEqualTo(0.0);
                assertThat(gauge(MetricNames.WORKERS, "namespace", ns)).isEqualTo(2.0);
                assertThat(gauge(MetricNames.WORKERS_BUSY, "namespace", ns)).isEqualTo(1.0);
                assertThat(gauge(MetricNames.WORKERS_UTILIZATION, "namespace", ns)).isEqualTo(0.5);
            });
            // Ruby's Resque.remove_queue: the gauge goes away at the next sample.
            kit.client().removeQueue("waiting");
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> registry.find(MetricNames.QUEUE_SIZE).tags("queue", "waiting").gauge() == null);
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> gauge(MetricNames.WORKERS_BUSY, "namespace", kit.ns().name()) == 0.0);
        Timer t = registry.get(MetricNames.JOB_DURATION).tags("class", "Blocking").timer();
        assertThat(t.count()).isEqualTo(1);
        assertThat(histograms.get(MetricNames.JOB_DURATION).isPercentileHistogram()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void samplingSurvivesAnUnreachableRedis(RedisKit kit) {
        Assumptions.assumeTrue(LocalRedisProcess.available(), "needs redis-server on the PATH");
        ResqueMetrics metrics = MicrometerResqueMetrics.create(registry);
        try (LocalRedisProcess own = LocalRedisProcess.start();
                ResqueClient client = ResqueClient.create(kit.config().mutate().redis(own.uri())
                        .commandTimeout(Duration.ofMillis(500)).build())) {
            client.enqueue("q", "NoopJob");
            sampler = MetricsSampler.builder(metrics).queueSizes(client).interval(Duration.ofMillis(100)).start();
            await().atMost(Duration.ofSeconds(5)).until(() -> gauge(MetricNames.QUEUE_SIZE, "queue", "q") == 1.0);
            own.stopProcess();
            assertThatThrownBy(sampler::sampleNow).isInstanceOf(ResqueException.class);
            assertThat(gauge(MetricNames.QUEUE_SIZE, "queue", "q")).isEqualTo(1.0); // the last value stays
            own.startProcess(); // same port, empty: the scheduled sampling must have kept going
            client.enqueue("r", "NoopJob");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.find(MetricNames.QUEUE_SIZE).tags("queue", "r").gauge() != null);
            assertThat(registry.find(MetricNames.QUEUE_SIZE).tags("queue", "q").gauge()).isNull();
            sampler.close();
        }
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }
}
