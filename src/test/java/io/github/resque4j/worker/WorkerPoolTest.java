package io.github.resque4j.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.TestNamespace;

@ExtendWith(RedisExtension.class)
class WorkerPoolTest {
    private static final Duration POLL = Duration.ofMillis(200);
    private final RubyJson json = RubyJson.jsonGem();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private ResqueConfig config;
    private ResqueClient client;
    private RespClient raw;
    private TestNamespace ns;
    private WorkerPool pool;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        this.config = config;
        this.client = ResqueClient.create(config);
        this.raw = RespClient.connect(server);
        this.ns = ns;
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
        client.close();
        raw.close();
    }

    private JobRegistry.Builder registry() {
        return JobRegistry.builder()
                .register("NoopJob", job -> ran.add(job.queue() + ":" + job.args()))
                .register("FailingJob", job -> {
                    throw new IllegalArgumentException("boom é " + job.args());
                });
    }

    private WorkerPool start(WorkerOptions.Builder options) {
        pool = WorkerPool.create(config, options.pollTimeout(POLL).build());
        pool.start();
        return pool;
    }

    private String get(String key) {
        return (String) raw.call("GET", ns.key(key));
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String key) {
        return (List<String>) raw.call("LRANGE", ns.key(key), "0", "-1");
    }

    @Test
    void runsJobsAndKeepsRubyStatsAndRegistry() {
        client.enqueue("default", "NoopJob", 1, "two");
        client.enqueue("default", "NoopJob", 3);
        start(WorkerOptions.builder(registry().build(), "default"));
        String id = pool.workerIds().get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(get("stat:processed")));
        assertThat(ran).containsExactly("default:[1, two]", "default:[3]");
        assertThat(get("stat:processed:" + id)).isEqualTo("2");
        assertThat(get("stat:failed")).isNull();
        assertThat(raw.call("SMEMBERS", ns.key("workers"))).isEqualTo(List.of(id));
        assertThat(RubyTime.parse(get("worker:" + id + ":started"))).isPresent();
        String beat = (String) raw.call("HGET", ns.key("workers:heartbeat"), id);
        assertThat(beat).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
        assertThat(get("worker:" + id)).isNull();

        // Ruby parses ids with split(':'): host, pid, queues.
        String[] parts = id.split(":");
        assertThat(parts).hasSize(3);
        assertThat(parts[1]).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        assertThat(parts[2]).isEqualTo("default");

        assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.UP);
        assertThat(pool.health().processed()).isEqualTo(2);
        pool.close();
        assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.STOPPED);
        assertThat(raw.call("SMEMBERS", ns.key("workers"))).isEqualTo(List.of());
        assertThat(raw.call("HGETALL", ns.key("workers:heartbeat"))).isEqualTo(List.of());
        assertThat(get("stat:processed:" + id)).isNull();
        assertThat(get("worker:" + id + ":started")).isNull();
        assertThat(get("stat:processed")).isEqualTo("2");
        assertThat(pool.processedCount()).isEqualTo(2);
    }

    @Test
    void workerStateWhileRunningIsRubysJson() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobRegistry reg = JobRegistry.builder().register("Blocking", job -> {
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);
        }).build();
        client.enqueue("default", "Blocking", 1, Map.of("k", "v"));
        start(WorkerOptions.builder(reg, "default"));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        String state = get("worker:" + pool.workerIds().get(0));
        assertThat(state).matches("\\{\"queue\":\"default\",\"run_at\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\","
                + "\"payload\":\\{\"class\":\"Blocking\",\"args\":\\[1,\\{\"k\":\"v\"}]}}");
        assertThat(client.info().working()).isEqualTo(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("worker:" + pool.workerIds().get(0)) == null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void failuresAreRubyEntriesWithBothCounters() {
        client.enqueue("default", "FailingJob", 7, Map.of("x", "ü"));
        client.enqueue("default", "NoSuchJob", 1);
        raw.call("RPUSH", ns.key("queue:default"), "not json");
        raw.call("RPUSH", ns.key("queue:default"), "{\"class\":\"NoopJob\",\"args\":{\"a\":1}}");
        start(WorkerOptions.builder(registry().build(), "default"));
        String id = pool.workerIds().get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "4".equals(get("stat:processed")));
        assertThat(get("stat:failed")).isEqualTo("4");
        assertThat(get("stat:failed:" + id)).isEqualTo("4");
        List<String> failed = list("failed");
        assertThat(failed).hasSize(4);

        Map<String, Object> first = json.decodeObject(failed.get(0));
        assertThat(first.keySet()).containsExactly("failed_at", "payload", "exception", "error", "backtrace",
                "worker", "queue");
        assertThat((String) first.get("failed_at")).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+");
        assertThat(first.get("payload")).isEqualTo(Map.of("class", "FailingJob", "args", List.of(7, Map.of("x", "ü"))));
        assertThat(first.get("exception")).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(first.get("error")).isEqualTo("boom é [7, {x=ü}]");
        assertThat((List<String>) first.get("backtrace")).isNotEmpty()
                .allSatisfy(f -> assertThat(f).doesNotContain("io.github.resque4j.internal"))
                .first().asString().contains("WorkerPoolTest");
        assertThat(first.get("worker")).isEqualTo(id);
        assertThat(first.get("queue")).isEqualTo("default");

        assertThat(json.decodeObject(failed.get(1)).get("exception"))
                .isEqualTo("io.github.resque4j.UnknownJobClassException");
        Map<String, Object> notJson = json.decodeObject(failed.get(2));
        assertThat(notJson.get("payload")).isEqualTo("not json");
        assertThat(notJson.get("exception")).isEqualTo("io.github.resque4j.PayloadFormatException");
        Map<String, Object> badArgs = json.decodeObject(failed.get(3));
        assertThat(badArgs.get("payload")).isEqualTo(Map.of("class", "NoopJob", "args", Map.of("a", 1)));
        assertThat((String) badArgs.get("error")).contains("args must be a JSON array");
        assertThat(ran).isEmpty();
    }

    @Test
    void multiQueueBackendWritesPerQueueLists() {
        client.enqueue("mail", "FailingJob", 1);
        start(WorkerOptions.builder(registry().build(), "mail").failureBackend(FailureBackend.REDIS_MULTI_QUEUE));
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(get("stat:failed")));
        assertThat(list("mail_failed")).hasSize(1);
        assertThat(raw.call("SMEMBERS", ns.key("failed_queues"))).isEqualTo(List.of("mail_failed"));
        assertThat(raw.call("EXISTS", ns.key("failed"))).isEqualTo(0L);
    }

    @Test
    void strictPriorityOrderAfterEveryJob() {
        pool = WorkerPool.create(config, WorkerOptions.builder(registry().build(), "high", "low").pollTimeout(POLL)
                .build());
        raw.call("SET", ns.key("pause-all-workers"), "true");
        pool.start();
        client.enqueue("low", "NoopJob", 1);
        client.enqueue("low", "NoopJob", 2);
        client.enqueue("high", "NoopJob", 3);
        client.enqueue("high", "NoopJob", 4);
        raw.call("DEL", ns.key("pause-all-workers"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 4);
        assertThat(ran).containsExactly("high:[3]", "high:[4]", "low:[1]", "low:[2]");
    }

    @Test
    void wildcardAndSkipPatternsFollowRuby() {
        for (String q : List.of("zeta", "alpha", "critical", "skipme", "beta")) {
            client.enqueue(q, "NoopJob", q);
        }
        start(WorkerOptions.builder(registry().build(), "critical", "*", "!skip*"));
        assertThat(pool.workerIds().get(0)).endsWith(":critical,*");
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 4);
        assertThat(ran).containsExactly("critical:[critical]", "alpha:[alpha]", "beta:[beta]", "zeta:[zeta]");
        assertThat(client.size("skipme")).isEqualTo(1);
        // A queue created while the worker waits is picked up (re-expanded from `queues`).
        client.enqueue("gamma", "NoopJob", "late");
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("gamma:[late]"));
    }

    @Test
    void pauseAllWorkersKeyAndLocalPauseStopReservations() {
        raw.call("SET", ns.key("pause-all-workers"), " TRUE \n");
        start(WorkerOptions.builder(registry().build(), "default"));
        client.enqueue("default", "NoopJob", 1);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> ran.isEmpty());
        raw.call("DEL", ns.key("pause-all-workers"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);

        pool.pause();
        await().atMost(Duration.ofSeconds(5)).until(pool::isPaused);
        client.enqueue("default", "NoopJob", 2);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> ran.size() == 1);
        assertThat(client.size("default")).isEqualTo(1);
        pool.resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
    }

    @Test
    void hooksRunInRubyOrderAndBeforeHookCanSkip() {
        List<String> events = new CopyOnWriteArrayList<>();
        JobHook global = new JobHook() {
            @Override
            public boolean beforePerform(JobContext job) {
                events.add("before " + job.args());
                return !job.args().equals(List.of("skip"));
            }

            @Override
            public void aroundPerform(JobContext job, Invocation next) throws Exception {
                events.add("around-in");
                next.proceed();
                events.add("around-out");
            }

            @Override
            public void afterPerform(JobContext job) {
                events.add("after");
            }

            @Override
            public void onFailure(JobContext job, Throwable error) {
                events.add("failure " + error.getMessage());
            }
        };
        client.enqueue("default", "NoopJob", "skip");
        client.enqueue("default", "NoopJob", "run");
        client.enqueue("default", "FailingJob", "x");
        start(WorkerOptions.builder(registry().build(), "default").hook(global)
                .hook("FailingJob", new JobHook() {
                    @Override
                    public void onFailure(JobContext job, Throwable error) {
                        events.add("class failure");
                    }
                }));
        await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(get("stat:processed")));
        assertThat(events).containsExactly("before [skip]", "before [run]", "around-in", "around-out", "after",
                "before [x]", "around-in", "failure boom é [x]", "class failure");
        assertThat(ran).containsExactly("default:[run]");
        assertThat(get("stat:failed")).isEqualTo("1");
    }

    @Test
    void listenersSeeLifecycle() {
        List<String> events = new CopyOnWriteArrayList<>();
        client.enqueue("default", "NoopJob", 1);
        start(WorkerOptions.builder(registry().build(), "default").listener(new WorkerListener() {
            @Override
            public void onStart(String workerId) {
                events.add("start");
            }

            @Override
            public void beforeJob(String workerId, JobContext job) {
                events.add("job " + job.className());
            }

            @Override
            public void onQueueEmpty(String workerId) {
                events.add("empty");
            }

            @Override
            public void onShutdown(String workerId) {
                events.add("shutdown");
            }
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("empty"));
        pool.close();
        assertThat(events).containsExactly("start", "job NoopJob", "empty", "shutdown");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shutdownRecordsStragglerAsDirtyExitWithoutStatFailed() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        JobRegistry reg = JobRegistry.builder().register("Stubborn", job -> {
            inside.countDown();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // ignores interruption on purpose
            }
        }).build();
        client.enqueue("default", "Stubborn", 5);
        start(WorkerOptions.builder(reg, "default").shutdownTimeout(Duration.ofMillis(200)));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        String id = pool.workerIds().get(0);
        long t0 = System.nanoTime();
        pool.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        List<String> failed = list("failed");
        assertThat(failed).hasSize(1);
        Map<String, Object> entry = json.decodeObject(failed.get(0));
        assertThat(entry.get("exception")).isEqualTo("Resque::DirtyExit");
        assertThat(entry.get("backtrace")).isEqualTo(List.of());
        assertThat(entry.get("worker")).isEqualTo(id);
        assertThat(entry.get("payload")).isEqualTo(Map.of("class", "Stubborn", "args", List.of(5)));
        // Ruby's forking worker: DirtyExit without stat:failed, still counted as processed.
        assertThat(get("stat:failed")).isNull();
        assertThat(get("stat:processed")).isEqualTo("1");
        assertThat(raw.call("SMEMBERS", ns.key("workers"))).isEqualTo(List.of());
        assertThat(get("worker:" + id)).isNull();
    }

    @Test
    void shutdownInterruptsACooperativeJobWhichFailsNormally() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        JobRegistry reg = JobRegistry.builder().register("SlowJob", job -> {
            inside.countDown();
            Thread.sleep(10_000);
        }).build();
        client.enqueue("default", "SlowJob", 5);
        start(WorkerOptions.builder(reg, "default").shutdownTimeout(Duration.ofMillis(200)));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        pool.close();
        // Like Ruby's TERM_CHILD without fork: the job raises, normal failure path with both counters.
        Map<String, Object> entry = json.decodeObject(list("failed").get(0));
        assertThat(entry.get("exception")).isEqualTo("java.lang.InterruptedException");
        assertThat(get("stat:failed")).isEqualTo("1");
        assertThat(get("stat:processed")).isEqualTo("1");
        assertThat(raw.call("SMEMBERS", ns.key("workers"))).isEqualTo(List.of());
    }

    @Test
    void shutdownCanRequeueStragglerAtHeadOfQueue() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        JobRegistry reg = JobRegistry.builder().register("Slow", job -> {
            inside.countDown();
            Thread.sleep(10_000);
        }).build();
        client.enqueue("default", "Slow", 1);
        start(WorkerOptions.builder(reg, "default").shutdownTimeout(Duration.ofMillis(100))
                .inFlightPolicy(InFlightPolicy.REQUEUE));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        client.enqueue("default", "Slow", 2);
        pool.close();
        assertThat(list("queue:default")).containsExactly("{\"class\":\"Slow\",\"args\":[1]}",
                "{\"class\":\"Slow\",\"args\":[2]}");
        assertThat(raw.call("LLEN", ns.key("failed"))).isEqualTo(0L);
    }

    @Test
    void severalWorkersHaveDistinctParseableIdsAndShareTheWork() {
        for (int i = 0; i < 200; i++) {
            client.enqueue("default", "NoopJob", i);
        }
        start(WorkerOptions.builder(registry().build(), "default").concurrency(4));
        assertThat(pool.workerIds()).hasSize(4).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id.split(":")).hasSize(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> "200".equals(get("stat:processed")));
        assertThat(ran).hasSize(200);
        long perWorker = pool.workerIds().stream().mapToLong(id -> {
            String v = get("stat:processed:" + id);
            return v == null ? 0 : Long.parseLong(v);
        }).sum();
        assertThat(perWorker).isEqualTo(200);
        assertThat(raw.call("SCARD", ns.key("workers"))).isEqualTo(4L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void startupPrunesExpiredWorkersOnAnyHostAsRubyDoes() {
        RubyTime t = new RubyTime(java.time.ZoneId.of("UTC"));
        String old = t.iso8601(Instant.now().minusSeconds(400));
        String fresh = t.iso8601(Instant.now());
        raw.call("SADD", ns.key("workers"), "otherhost:123:default", "otherhost:124:default");
        raw.call("HSET", ns.key("workers:heartbeat"), "otherhost:123:default", old, "otherhost:124:default", fresh,
                "ghost:1:default", old);
        raw.call("SET", ns.key("worker:otherhost:123:default"),
                "{\"queue\":\"default\",\"run_at\":\"2026-01-01T00:00:00Z\",\"payload\":{\"class\":\"SlowJob\",\"args\":[1]}}");
        start(WorkerOptions.builder(registry().build(), "default"));
        assertThat((List<String>) raw.call("SMEMBERS", ns.key("workers"))).contains("otherhost:124:default")
                .doesNotContain("otherhost:123:default");
        List<String> hb = (List<String>) raw.call("HKEYS", ns.key("workers:heartbeat"));
        assertThat(hb).contains("otherhost:124:default").doesNotContain("otherhost:123:default", "ghost:1:default");
        List<String> failed = list("failed");
        assertThat(failed).hasSize(1);
        Map<String, Object> entry = json.decodeObject(failed.get(0));
        assertThat(entry.get("exception")).isEqualTo("Resque::PruneDeadWorkerDirtyExit");
        assertThat(entry.get("error"))
                .isEqualTo("Worker otherhost:123:default did not gracefully exit while processing SlowJob");
        assertThat(entry.get("worker")).isEqualTo("otherhost:123:default");
        assertThat(get("stat:failed")).isNull();
        assertThat(get("pruning_dead_workers_in_progress")).isEqualTo(pool.workerIds().get(0));
    }
}
