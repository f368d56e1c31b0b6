package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.testsupport.WorkerProcess;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/** Java workers next to real Ruby Resque 3.0 (skipped without RESQUE_RUBY_LIB). */
@ExtendWith(RedisExtension.class)
class RubyWorkerInteropTest {
    private final RubyJson json = RubyJson.jsonGem();
    private ResqueConfig config;
    private ResqueClient client;
    private RespClient raw;
    private RedisServer server;
    private TestNamespace ns;
    private RubyResque ruby;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        RubyResque.assumeAvailable();
        this.config = config;
        this.client = ResqueClient.create(config);
        this.raw = RespClient.connect(server);
        this.server = server;
        this.ns = ns;
        this.ruby = RubyResque.start(server, ns.name());
    }

    @AfterEach
    void tearDown() {
        if (ruby != null) {
            ruby.close();
            client.close();
            raw.close();
        }
    }

    private WorkerPool pool(JobRegistry reg, String... queues) {
        WorkerPool p = WorkerPool.create(config, WorkerOptions.builder(reg, queues).pollTimeout(Duration.ofMillis(200))
                .build());
        p.start();
        return p;
    }

    @SuppressWarnings("unchecked")
    private List<String> workers() {
        return (List<String>) raw.call("SMEMBERS", ns.key("workers"));
    }

    @Test
    void jobsEnqueuedByRubyRunOnTheJavaPool() {
        List<List<Object>> seen = new CopyOnWriteArrayList<>();
        Map<String, Object> hash = new LinkedHashMap<>();
        hash.put("b", 1);
        hash.put("a", java.util.Arrays.asList(1.5, null, "é"));
        List<Object> args = List.of(1, "two", 3.0, 1.0e20, new BigInteger("18446744073709551617"), hash, "😀\u2028");
        ruby.call("enqueue", "default", "Interop::Echo", args);
        try (WorkerPool p = pool(JobRegistry.builder().register("Interop::Echo", job -> seen.add(job.args())).build(),
                "default")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
        }
        assertThat(seen.get(0)).isEqualTo(args);
        assertThat(json.encode(seen.get(0))).isEqualTo(json.encode(args));
    }

    @Test
    @SuppressWarnings("unchecked")
    void javaFailureIsListedRequeuedAndRemovedByRubyFailureApi() {
        AtomicInteger attempts = new AtomicInteger();
        JobRegistry reg = JobRegistry.builder().register("Flaky", job -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }).build();
        client.enqueue("default", "Flaky", 7, Map.of("x", "ü"));
        try (WorkerPool p = pool(reg, "default")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1 && "1".equals(
                    raw.call("GET", ns.key("stat:processed"))));
            assertThat(ruby.call("failure_count")).isEqualTo(1);
            Map<String, Object> entry = (Map<String, Object>) ((List<Object>) ruby.call("failure_all", 0, 1)).get(0);
            assertThat(entry).containsEntry("exception", "java.lang.IllegalStateException")
                    .containsEntry("error", "first attempt fails").containsEntry("queue", "default")
                    .containsEntry("worker", p.workerIds().get(0))
                    .containsEntry("payload", Map.of("class", "Flaky", "args", List.of(7, Map.of("x", "ü"))));
            assertThat((List<String>) entry.get("backtrace")).isNotEmpty();

            ruby.call("failure_requeue", 0); // Ruby re-creates the job; the Java pool runs it again
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 2);
            Map<String, Object> after = (Map<String, Object>) ((List<Object>) ruby.call("failure_all", 0, 1)).get(0);
            assertThat((String) after.get("retried_at")).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+");
            ruby.call("failure_remove", 0);
            assertThat(ruby.call("failure_count")).isEqualTo(0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void rubyWildcardWorkerOnTheSameHostKeepsLiveJavaWorkers() throws Exception {
        JobRegistry reg = JobRegistry.builder().register("NoopJob", job -> { }).build();
        try (WorkerPool inJvm = pool(reg, "default");
                WorkerProcess marked = WorkerProcess.start(server, ns.name(), "default", 2)) {
            List<String> java = new java.util.ArrayList<>(inJvm.workerIds());
            java.addAll(marked.ids());
            // Ruby's startup prune as a '*' worker, with the lock expired: pid check + heartbeat check.
            List<String> left = (List<String>) ruby.call("prune", List.of("*"), true, null);
            assertThat(left).containsAll(java);
            // And a real Ruby worker process listening on '*' starting on this host.
            raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
            try (RubyResque.RubyWorker rw = RubyResque.startWorker(server, ns.name(), "*")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> workers().contains(rw.id()));
                assertThat(workers()).containsAll(java);
                assertThat(raw.call("GET", ns.key("pruning_dead_workers_in_progress"))).isEqualTo(rw.id());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void killedJavaWorkerIsPrunedByRuby() throws Exception {
        WorkerProcess worker = WorkerProcess.start(server, ns.name(), "default", 1);
        String id = worker.ids().get(0);
        client.enqueue("default", "Sleepy", 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> raw.call("GET", ns.key("worker:" + id)) != null);
        // While it lives, Ruby keeps it (its JVM command line carries the ps marker).
        assertThat((List<String>) ruby.call("prune", List.of("default"), true, null)).contains(id);
        worker.kill9();
        assertThat((List<String>) ruby.call("prune", List.of("default"), true, null)).doesNotContain(id);
        Map<String, Object> entry = (Map<String, Object>) ((List<Object>) ruby.call("failure_all", 0, 1)).get(0);
        assertThat(entry).containsEntry("exception", "Resque::DirtyExit").containsEntry("worker", id);
        // Crash-safe fetch held the job too; Ruby knows nothing of that list and recorded the job, so a Java
        // pool pruning next drops the held copy: the job is in the failed list once and not queued again.
        assertThat((List<String>) raw.call("LRANGE", ns.key("resque4j:processing:" + id), "0", "-1")).hasSize(2);
        raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
        pool(JobRegistry.builder().register("NoopJob", job -> { }).build(), "other").close();
        assertThat((List<String>) raw.call("LRANGE", ns.key("resque4j:processing:" + id), "0", "-1")).isEmpty();
        assertThat(client.size("default")).isZero();
        assertThat(((Number) ruby.call("failure_count")).longValue()).isEqualTo(1L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void atLeastOnceRequeuesTheJobOfAJavaWorkerRubyPruned() throws Exception {
        WorkerProcess worker = WorkerProcess.start(server, ns.name(), "default", 1);
        String id = worker.ids().get(0);
        client.enqueue("default", "Sleepy", 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> raw.call("GET", ns.key("worker:" + id)) != null);
        worker.kill9();
        assertThat((List<String>) ruby.call("prune", List.of("default"), true, null)).doesNotContain(id);
        raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
        WorkerPool p = WorkerPool.create(config, WorkerOptions.builder(JobRegistry.builder()
                .register("NoopJob", job -> { }).build(), "other").pollTimeout(Duration.ofMillis(200))
                .requeueOrphanedJobs(true).build());
        p.start();
        p.close();
        assertThat((List<String>) ruby.call("peek", "default", 0, 10)).hasSize(1);
        assertThat(((Number) ruby.call("failure_count")).longValue()).isEqualTo(1L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void killedJavaWorkerOnAnotherHostIsPrunedByRubyAfterTheHeartbeatWindow() throws Exception {
        WorkerProcess worker = WorkerProcess.start(server, ns.name(), "default", 1, "otherhost");
        String id = worker.ids().get(0);
        worker.kill9();
        assertThat((List<String>) ruby.call("prune", List.of("*"), true, 2)).contains(id);
        Thread.sleep(3_100); // the heartbeat must age past Ruby's prune_interval (2 s here, 300 s by default)
        assertThat((List<String>) ruby.call("prune", List.of("*"), true, 2)).doesNotContain(id);
    }

    @Test
    @SuppressWarnings("unchecked")
    void killedRubyWorkerIsPrunedByTheJavaPool() throws Exception {
        RubyResque.RubyWorker rw = RubyResque.startWorker(server, ns.name(), "default");
        await().atMost(Duration.ofSeconds(20)).until(() -> workers().contains(rw.id()));
        client.enqueue("default", "SlowJob", 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> raw.call("GET", ns.key("worker:" + rw.id())) != null);
        rw.kill9();
        raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
        JobRegistry reg = JobRegistry.builder().register("NoopJob", job -> { }).build();
        WorkerPool p = pool(reg, "default");
        try {
            assertThat(workers()).doesNotContain(rw.id()).containsAll(p.workerIds());
        } finally {
            p.close();
        }
        List<String> failed = (List<String>) raw.call("LRANGE", ns.key("failed"), "0", "-1");
        Map<String, Object> entry = json.decodeObject(failed.get(0));
        assertThat(entry).containsEntry("exception", "Resque::DirtyExit").containsEntry("worker", rw.id())
                .containsEntry("payload", Map.of("class", "SlowJob", "args", List.of(30)));
    }
}
