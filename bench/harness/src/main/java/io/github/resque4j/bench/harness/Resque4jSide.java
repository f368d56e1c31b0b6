package io.github.resque4j.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resque4j.Job;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * resque4j's side: {@link ResqueClient#enqueue} / {@link ResqueClient#enqueueAll} and a {@link WorkerPool} of
 * {@code workers} threads with its normal bookkeeping (registry, heartbeats, stats, in-flight records).
 */
public final class Resque4jSide extends Side {
    private static final List<Object> ARGS = List.of(1, "two", Map.of("three", 3));

    private final AtomicInteger latencyCount = new AtomicInteger();
    private long[] enqueued = new long[0];
    private long[] latency = new long[0];

    private Resque4jSide(String[] args) {
        super(args);
    }

    /** @param args {@code key=value} parameters, see {@link Side} */
    public static void main(String[] args) {
        new Resque4jSide(args).main();
    }

    private ResqueConfig config(String namespace) {
        return ResqueConfig.builder().redis("redis://127.0.0.1:" + port() + "/0").namespace(namespace).build();
    }

    private JobRegistry registry() {
        int sleepMs = intParam("sleepMs", 0);
        return JobRegistry.builder()
                .register("NoopJob", job -> { })
                .register("SleepJob", job -> Thread.sleep(sleepMs))
                .register("LatencyJob", job -> {
                    long now = wallMicros();
                    long sent = ((Number) job.args().get(0)).longValue();
                    int i = latencyCount.getAndIncrement();
                    enqueued[i] = sent;
                    latency[i] = now - sent;
                })
                .build();
    }

    private WorkerPool pool(ResqueConfig config) {
        return WorkerPool.create(config, WorkerOptions.builder(registry(), QUEUE).concurrency(workers())
                .pollTimeout(Duration.ofMillis(200)).installShutdownHook(false).build());
    }

    private static List<Job> jobs(String className, int n, List<Object> args) {
        List<Job> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Job(className, args));
        }
        return list;
    }

    @Override
    void run() throws Exception {
        int n = jobs();
        int warmup = Math.min(n, intParam("warmup", 5000));
        ResqueConfig config = config(ns());
        switch (workload()) {
            case "enqueue-seq" -> {
                try (ResqueClient client = ResqueClient.create(config)) {
                    for (int i = 0; i < warmup; i++) {
                        client.enqueue("warmup", "NoopJob", 1, "two", Map.of("three", 3));
                    }
                    client.removeQueue("warmup");
                    ready();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        client.enqueue(QUEUE, "NoopJob", 1, "two", Map.of("three", 3));
                    }
                    result((System.nanoTime() - t0) / 1e9, n, Map.of());
                }
            }
            case "enqueue-batch" -> {
                try (ResqueClient client = ResqueClient.create(config)) {
                    client.enqueueAll("warmup", jobs("NoopJob", warmup, ARGS));
                    client.removeQueue("warmup");
                    List<Job> batch = jobs("NoopJob", n, ARGS);
                    ready();
                    long t0 = System.nanoTime();
                    client.enqueueAll(QUEUE, batch);
                    result((System.nanoTime() - t0) / 1e9, n, Map.of());
                }
            }
            case "drain" -> {
                String cls = intParam("sleepMs", 0) > 0 ? "SleepJob" : "NoopJob";
                List<Object> args = cls.equals("SleepJob") ? List.of(intParam("sleepMs", 0)) : ARGS;
                if (warmup > 0) { // JIT and connections warmed on another namespace, then that pool is closed
                    ResqueConfig warm = config(ns() + "-warmup");
                    try (ResqueClient client = ResqueClient.create(warm)) {
                        client.enqueueAll(QUEUE, jobs(cls, warmup, args));
                    }
                    try (WorkerPool pool = pool(warm)) {
                        pool.start();
                        await(pool::processedCount, warmup);
                    }
                }
                try (ResqueClient client = ResqueClient.create(config)) {
                    client.enqueueAll(QUEUE, jobs(cls, n, args));
                }
                try (WorkerPool pool = pool(config)) {
                    ready();
                    long t0 = System.nanoTime();
                    pool.start();
                    await(pool::processedCount, n);
                    result((System.nanoTime() - t0) / 1e9, n, Map.of());
                }
            }
            case "latency" -> {
                enqueued = new long[n];
                latency = new long[n];
                int rate = intParam("rate", 1000);
                try (ResqueClient client = ResqueClient.create(config); WorkerPool pool = pool(config)) {
                    pool.start();
                    client.size(QUEUE); // connect before the timed part
                    ready();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        sleepUntil(t0 + i * 1_000_000_000L / rate);
                        client.enqueue(QUEUE, "LatencyJob", wallMicros());
                    }
                    await(latencyCount::get, n);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    result(secs, n, latencyStats(enqueued, latency, n, intParam("skip", 0)));
                }
            }
            case "idle" -> {
                try (WorkerPool pool = pool(config)) {
                    pool.start();
                    ready();
                    long t0 = System.nanoTime();
                    Thread.sleep(intParam("seconds", 3) * 1000L);
                    result((System.nanoTime() - t0) / 1e9, 0, Map.of());
                }
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload());
        }
    }
}
