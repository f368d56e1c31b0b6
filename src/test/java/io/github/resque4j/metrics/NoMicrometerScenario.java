package io.github.resque4j.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Enqueues and works jobs with the metrics SPI, listener and sampler in use, but no Micrometer implementation.
 * {@link MicrometerIsOptionalTest} runs it in a class loader that cannot see Micrometer.
 */
public final class NoMicrometerScenario implements Callable<List<String>> {
    private final String redisUri;
    private final String namespace;

    /**
     * @param redisUri the test server
     * @param namespace a fresh namespace
     */
    public NoMicrometerScenario(String redisUri, String namespace) {
        this.redisUri = redisUri;
        this.namespace = namespace;
    }

    @Override
    public List<String> call() throws Exception {
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        ResqueMetrics recording = new ResqueMetrics() {
            @Override
            public void jobFinished(String jobClass, String queue, Duration elapsed, Throwable failure) {
                events.add("finished " + jobClass + " " + (failure == null ? "ok" : "failed"));
            }

            @Override
            public void queueSizes(Map<String, Long> sizes) {
                events.add("sizes " + sizes);
            }

            @Override
            public void workers(int busy, int total) {
                events.add("workers " + total);
            }
        };
        ResqueConfig config = ResqueConfig.builder().redis(redisUri).namespace(namespace).build();
        JobRegistry jobs = JobRegistry.builder().register("NoopJob", job -> { })
                .register("FailingJob", job -> {
                    throw new IllegalStateException("boom");
                }).build();
        try (ResqueClient client = ResqueClient.create(config);
                WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(jobs, "q")
                        .pollTimeout(Duration.ofMillis(200)).listener(recording.workerListener()).build())) {
            client.enqueue("q", "NoopJob");
            client.enqueue("q", "FailingJob");
            pool.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pool.processedCount() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            try (MetricsSampler sampler = MetricsSampler.builder(recording).queueSizes(client).workers(pool)
                    .interval(Duration.ofHours(1)).start()) {
                sampler.sampleNow();
            }
            ResqueMetrics.NOOP.jobRetried("NoopJob", "q");
        }
        return new ArrayList<>(events);
    }
}
