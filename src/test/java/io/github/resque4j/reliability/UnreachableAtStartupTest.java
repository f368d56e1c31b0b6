package io.github.resque4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Redis unreachable when a client, worker pool or scheduler starts, and Redis going away for 3 s under a
 * running pool and scheduler.
 */
class UnreachableAtStartupTest {
    private static final String SECRET = "hunter2secret";
    private LocalRedisProcess redis;
    private final Set<String> ran = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(LocalRedisProcess.available(), "needs redis-server on the PATH");
        // Persistent, so the outage test is about connectivity, not about Redis losing the registry.
        redis = LocalRedisProcess.start("--appendonly", "yes", "--appendfsync", "everysec", "--requirepass", SECRET);
    }

    @AfterEach
    void tearDown() {
        if (redis != null) {
            redis.close();
        }
    }

    private ResqueConfig config(String ns) {
        return ResqueConfig.builder().redis("redis://:" + SECRET + "@127.0.0.1:" + redis.port() + "/0").namespace(ns)
                .connectTimeout(Duration.ofMillis(500)).build();
    }

    private JobRegistry registry() {
        return JobRegistry.builder().register("Note", job -> ran.add(job.arg(0, String.class))).build();
    }

    /** What one start-up attempt against a stopped Redis throws, and how long it takes. */
    private static Map<String, Object> attempt(String what, Runnable start) {
        long t = System.nanoTime();
        Throwable thrown = null;
        try {
            start.run();
        } catch (Throwable e) {
            thrown = e;
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("what", what);
        out.put("ms", ms);
        out.put("thrown", thrown);
        System.out.println(what + " with Redis down: " + (thrown == null ? "no exception"
                : thrown.getClass().getName() + ": " + thrown.getMessage()) + " (" + ms + " ms)");
        return out;
    }

    private void assertNamesEndpointWithoutPassword(Throwable thrown) {
        assertThat(thrown).isInstanceOf(RedisUnavailableException.class);
        assertThat(thrown.getMessage()).contains("127.0.0.1:" + redis.port());
        assertThat(((RedisUnavailableException) thrown).endpoint()).isEqualTo("127.0.0.1:" + redis.port());
        assertThat(ExceptionUtils.getStackTrace(thrown)).doesNotContain(SECRET);
    }

    @Test
    void clientPoolAndSchedulerStartedWhileRedisIsDownFailFastNamingTheEndpointButNotThePassword() {
        redis.stopProcess();
        ResqueConfig config = config("down");
        Map<String, Object> client = attempt("ResqueClient.create", () -> ResqueClient.create(config).close());
        WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry(), "q").build());
        Map<String, Object> poolStart = attempt("WorkerPool.start", pool::start);
        Scheduler scheduler = Scheduler.create(config, SchedulerOptions.builder().build());
        Map<String, Object> schedulerStart = attempt("Scheduler.start", scheduler::start);
        Map<String, Object> delayed = attempt("DelayedJobs.create", () -> DelayedJobs.create(config).close());
        for (Map<String, Object> m : List.of(client, poolStart, schedulerStart, delayed)) {
            assertNamesEndpointWithoutPassword((Throwable) m.get("thrown"));
            assertThat((Long) m.get("ms")).as(m.get("what") + " fails within the connect timeout, not hangs")
                    .isLessThan(10_000);
        }
        // Closing what failed to start must be harmless.
        Map<String, Object> poolClose = attempt("WorkerPool.close after a failed start", pool::close);
        Map<String, Object> schedulerClose = attempt("Scheduler.close after a failed start", scheduler::close);
        System.out.println("close after failed start: pool " + poolClose.get("thrown") + ", scheduler "
                + schedulerClose.get("thrown"));
    }

    /**
     * The issue asks workers and the scheduler to retry when Redis is unreachable at startup. Today start()
     * throws; the least a caller needs is that calling start() again once Redis is up works.
     */
    @Test
    void aPoolAndSchedulerWhoseStartFailedCanBeStartedOnceRedisIsUp() throws Exception {
        redis.stopProcess();
        ResqueConfig config = config("retry");
        WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry(), "q")
                .pollTimeout(Duration.ofMillis(200)).build());
        Scheduler scheduler = Scheduler.create(config, SchedulerOptions.builder().interval(Duration.ofMillis(200))
                .build());
        attempt("WorkerPool.start", pool::start);
        attempt("Scheduler.start", scheduler::start);
        redis.startProcess();
        try {
            assertThatCode(pool::start).doesNotThrowAnyException();
            assertThatCode(scheduler::start).doesNotThrowAnyException();
            try (ResqueClient client = ResqueClient.create(config);
                    DelayedJobs delayed = DelayedJobs.create(config)) {
                client.enqueue("q", "Note", "direct");
                delayed.enqueueIn(Duration.ofSeconds(1), "q", "Note", "delayed");
                await().atMost(Duration.ofSeconds(15)).until(() -> ran.containsAll(List.of("direct", "delayed")));
            }
        } finally {
            assertThatCode(pool::close).doesNotThrowAnyException();
            assertThatCode(scheduler::close).doesNotThrowAnyException();
        }
    }

    @Test
    void aRunningPoolAndSchedulerRideOutA3SecondOutageAndLogOncePerStateChange() throws Exception {
        ResqueConfig config = config("outage");
        List<String> timeline = new ArrayList<>();
        try (LogCapture logs = LogCapture.start();
                WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry(), "q").concurrency(2)
                        .pollTimeout(Duration.ofMillis(500)).heartbeatInterval(Duration.ofMillis(500)).build());
                Scheduler scheduler = Scheduler.create(config, SchedulerOptions.builder()
                        .interval(Duration.ofMillis(200)).build());
                ResqueClient client = ResqueClient.create(config);
                DelayedJobs delayed = DelayedJobs.create(config)) {
            pool.start();
            scheduler.start();
            client.enqueue("q", "Note", "before");
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("before"));
            // Due while Redis is down: the scheduler must move it once Redis is back.
            delayed.enqueueIn(Duration.ofSeconds(2), "q", "Note", "delayed-during-outage");

            long down = System.nanoTime();
            redis.stopProcess();
            // While down: a producer sees the outage (after Redisson's own retries).
            Supplier<String> tryEnqueue = () -> {
                long t = System.nanoTime();
                try {
                    client.enqueue("q", "Note", "during");
                    return "acknowledged after " + (System.nanoTime() - t) / 1_000_000 + " ms";
                } catch (RuntimeException e) {
                    return e.getClass().getSimpleName() + " after " + (System.nanoTime() - t) / 1_000_000 + " ms: "
                            + e.getMessage();
                }
            };
            String during = tryEnqueue.get();
            long left = Duration.ofSeconds(3).toNanos() - (System.nanoTime() - down);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
            redis.startProcess();
            long up = System.nanoTime();
            timeline.add(String.format("down %.1f s", (up - down) / 1e9));
            timeline.add("enqueue while down: " + during);

            client.enqueue("q", "Note", "after");
            await().atMost(Duration.ofSeconds(30)).until(() -> ran.containsAll(List.of("after",
                    "delayed-during-outage")));
            timeline.add(String.format("'after' ran %.1f s after Redis came back, delayed job moved: %s",
                    (System.nanoTime() - up) / 1e9, ran.contains("delayed-during-outage")));
            Thread.sleep(1_500); // let every worker finish a poll cycle and log its recovery

            Map<String, Long> counts = new LinkedHashMap<>();
            for (String id : pool.workerIds()) {
                counts.put("worker " + id + " unavailable", logs.count(l -> l.contains("worker " + id + ":")
                        && l.contains("retrying with backoff")));
                counts.put("worker " + id + " reachable again", logs.count(l -> l.contains("worker " + id + ":")
                        && l.contains("reachable again")));
                counts.put("worker " + id + " unexpected error", logs.count(l -> l.contains("worker " + id + ":")
                        && l.contains("unexpected error")));
            }
            counts.put("scheduler unavailable", logs.count(l -> l.contains("scheduler:") && l.contains("retrying with backoff")));
            counts.put("scheduler reachable again", logs.count(l -> l.contains("scheduler: Redis is reachable again")));
            counts.put("scheduler loop error", logs.count(l -> l.contains("scheduler loop error")));
            counts.put("heartbeat failed", logs.count(l -> l.contains("heartbeat failed")));
            counts.put("org.redisson WARN/ERROR", logs.count(l -> l.contains("org.redisson")
                    && (l.contains(" WARN ") || l.contains(" ERROR "))));
            counts.put("lines containing the password", logs.count(l -> l.contains(SECRET)));
            System.out.println("outage: " + timeline);
            System.out.println("log lines: " + counts);

            assertThat(ran).contains("before", "after", "delayed-during-outage");
            assertThat(counts.get("lines containing the password")).isZero();
            for (String id : pool.workerIds()) {
                long downLines = counts.get("worker " + id + " unavailable");
                assertThat(downLines).as("worker %s logs the outage at most once", id).isLessThanOrEqualTo(1);
                assertThat(counts.get("worker " + id + " reachable again")).as("one recovery line per outage line")
                        .isEqualTo(downLines);
            }
            assertThat(counts.get("scheduler unavailable")).isLessThanOrEqualTo(1);
            assertThat(counts.get("scheduler reachable again")).isEqualTo(counts.get("scheduler unavailable"));
        }
    }
}
