package io.github.resque4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * A reply that does not come back within the command timeout (Redis stalled, a network hiccup, or a crash
 * after the command ran). No driver re-sends anything ({@code retryAttempts(0)} in {@code RedisConnection});
 * the worker re-sends its script call with the same token, which the script recognises. {@code CLIENT PAUSE}
 * makes the stall deterministic.
 */
class ResponseTimeoutRetryTest {
    private LocalRedisProcess redis;
    private ResqueConfig config;
    private RawResp raw;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(LocalRedisProcess.available(), "needs redis-server on the PATH");
        redis = LocalRedisProcess.start();
        config = ResqueConfig.builder().redis("redis://127.0.0.1:" + redis.port() + "/0").namespace("rt")
                .commandTimeout(Duration.ofSeconds(1)).build();
        raw = RawResp.connect("127.0.0.1", redis.port());
    }

    @AfterEach
    void tearDown() {
        if (raw != null) {
            raw.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** One enqueue during a stall: how it ended for the caller, and how many copies Redis holds afterwards. */
    record Stall(String outcome, long ms, long stored) {
    }

    /** Runs the scenario and returns what happened; the assertions are in the tests below. */
    Stall enqueueDuringStall(boolean direct) {
        try (ResqueClient client = ResqueClient.create(config.mutate().directConnections(direct).build())) {
            client.size("q"); // connected before the stall
            raw.call("CLIENT", "PAUSE", "3500", "ALL");
            long t = System.nanoTime();
            String outcome;
            try {
                client.enqueue("q", "Job", 1);
                outcome = "acknowledged";
            } catch (RuntimeException e) {
                outcome = e.getClass().getSimpleName();
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            await().atMost(Duration.ofSeconds(10)).until(() -> "PONG".equals(raw.call("PING")));
            long stored = (Long) raw.call("LLEN", "rt:queue:q");
            System.out.println("one enqueue during a 3.5 s stall (command timeout 1 s, direct " + direct + "): "
                    + outcome + " after " + ms + " ms, copies stored: " + stored);
            return new Stall(outcome, ms, stored);
        }
    }

    @Test
    void anEnqueueWhoseReplyIsLateOverTheDirectLinkFailsAndIsNotStored() {
        // The link is closed at the timeout, and Redis drops a closed client's unprocessed commands: the caller is
        // told it failed and, matching that, nothing was stored, so a retry by the caller stores exactly one copy.
        Stall s = enqueueDuringStall(true);
        assertThat(s.outcome()).isEqualTo("RedisUnavailableException");
        assertThat(s.ms()).isLessThan(3000);
        assertThat(s.stored()).isZero();
    }

    @Test
    void anEnqueueWhoseReplyIsLateOverThePoolIsStoredOnce() {
        // The pooled connection stays open, so the command runs when the stall ends: never twice (no driver
        // re-send), but stored although the caller was told it failed.
        Stall s = enqueueDuringStall(false);
        assertThat(s.outcome()).isEqualTo("RedisUnavailableException");
        assertThat(s.stored()).isEqualTo(1L);
    }

    @Test
    void aWorkerWhoseReplyIsLateLosesNoJob() throws Exception {
        Map<String, Long> r = workerDuringStall();
        assertThat(r.get("lost")).isZero();
        assertThat(r.get("stat:processed")).isEqualTo(r.get("executed"));
    }

    Map<String, Long> workerDuringStall() throws Exception {
        int jobs = 40;
        Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicBoolean paused = new AtomicBoolean();
        JobRegistry registry = JobRegistry.builder().register("Job", job -> {
            int i = job.arg(0, int.class);
            runs.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
            if (i == 10 && paused.compareAndSet(false, true)) {
                // Redis stalls while this job runs: the worker's next finish-and-reserve call waits past the
                // command timeout.
                try (RawResp c = RawResp.connect("127.0.0.1", redis.port())) {
                    c.call("CLIENT", "PAUSE", "3500", "ALL");
                }
            }
        }).build();
        try (ResqueClient client = ResqueClient.create(config)) {
            for (int i = 0; i < jobs; i++) {
                client.enqueue("q", "Job", i);
            }
        }
        try (WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry, "q").concurrency(1)
                .pollTimeout(Duration.ofMillis(200)).build())) {
            pool.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> Long.valueOf(0).equals(raw.call("LLEN", "rt:queue:q")));
            Thread.sleep(1_000);
        }
        long executed = runs.values().stream().mapToLong(AtomicInteger::get).sum();
        long lost = jobs - runs.size();
        long failed = (Long) raw.call("LLEN", "rt:failed");
        long statProcessed = Long.parseLong(raw.callString("GET", "rt:stat:processed"));
        System.out.println("worker across a 3.5 s stall (command timeout 1 s): " + jobs + " jobs, executed " + executed
                + " (distinct " + runs.size() + "), lost " + lost + ", failed " + failed + ", stat:processed "
                + statProcessed);
        return Map.of("executed", executed, "lost", lost, "stat:processed", statProcessed, "failed", failed);
    }
}
