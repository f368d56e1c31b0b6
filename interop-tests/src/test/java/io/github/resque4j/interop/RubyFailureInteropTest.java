package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.failure.BulkProgress;
import io.github.resque4j.failure.BulkResult;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.failure.FailureFilter;
import io.github.resque4j.failure.FailureList;
import io.github.resque4j.failure.FailureMovedException;
import io.github.resque4j.failure.Failures;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.JsonLineDriver;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.RubyResque.RubyWorker;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.worker.FailureBackend;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * The Java failure API next to real Ruby Resque 3.0 (skipped without RESQUE_RUBY_LIB): failures recorded by
 * Ruby workers are listed, requeued and removed from Java and Ruby's {@code Resque::Failure} sees the result;
 * Ruby's index-based requeue/remove under Java's feet never makes Java act on the wrong entry.
 */
@ExtendWith(RedisExtension.class)
class RubyFailureInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final RubyJson json = RubyJson.jsonGem();
    private ResqueConfig config;
    private ResqueClient client;
    private RespClient raw;
    private RedisServer server;
    private TestNamespace ns;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        RubyResque.assumeAvailable();
        this.config = config;
        this.client = ResqueClient.create(config);
        this.raw = RespClient.connect(server);
        this.server = server;
        this.ns = ns;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (client != null) {
            client.close();
            raw.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    private Failures failures(FailureBackend backend) {
        return closeLater(Failures.create(config, backend));
    }

    private FailureDriver driver(FailureBackend backend) {
        return closeLater(FailureDriver.start(server, ns.name(), backend));
    }

    /** Ruby's view of a failure list: each entry as Ruby decoded it. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rubyAll(FailureDriver ruby, Object... listArg) {
        List<Object> args = new ArrayList<>(List.of(0, 1000));
        args.addAll(Arrays.asList(listArg));
        return (List<Map<String, Object>>) ruby.call("all", args.toArray());
    }

    private List<Map<String, Object>> decoded(List<FailureEntry> entries) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FailureEntry e : entries) {
            out.add(json.decodeObject(e.raw()));
        }
        return out;
    }

    private String stat(String name) {
        return (String) raw.call("GET", ns.key("stat:" + name));
    }

    @Test
    void rubyWorkerFailuresAreListedRequeuedAndRemovedFromJava() {
        Failures failures = failures(FailureBackend.REDIS);
        FailureDriver ruby = driver(FailureBackend.REDIS);
        RubyWorker worker = closeLater(RubyResque.startWorker(server, ns.name(), "default"));
        for (int i = 1; i <= 3; i++) {
            client.enqueue("default", "FailingJob", i, Map.of("x", "ü"));
        }
        await().atMost(WAIT).until(() -> failures.count() == 3);

        List<FailureEntry> all = failures.all(0, 10);
        assertThat(all).allSatisfy(e -> {
            assertThat(e.problem()).isEmpty();
            assertThat(e.exception()).isEqualTo("ArgumentError");
            assertThat(e.worker()).isEqualTo(worker.id());
            assertThat(e.queue()).isEqualTo("default");
            assertThat(e.failedAtInstant()).isPresent();
            assertThat(e.backtrace()).isNotEmpty().noneMatch(f -> f.contains("/lib/resque/job.rb"));
        });
        assertThat(all.get(1).error()).isEqualTo("boom [2, {\"x\"=>\"ü\"}]");
        assertThat(all.get(1).args()).containsExactly(2, Map.of("x", "ü"));
        assertThat(ruby.call("count")).isEqualTo(3);
        assertThat(rubyAll(ruby)).isEqualTo(decoded(all));

        // Requeue from Java: the Ruby worker runs it again, it fails again, Ruby records a fourth failure.
        FailureEntry requeued = failures.requeue(all.get(1));
        assertThat(requeued.retriedAt()).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+");
        await().atMost(WAIT).until(() -> failures.count() == 4);
        assertThat(failures.get(3).orElseThrow().args()).isEqualTo(all.get(1).args());
        assertThat(rubyAll(ruby)).isEqualTo(decoded(failures.all(0, 10)));

        // Remove from Java; Ruby agrees on what is left.
        failures.remove(failures.get(0).orElseThrow());
        failures.remove(2);
        assertThat(ruby.call("count")).isEqualTo(2);
        assertThat(rubyAll(ruby)).isEqualTo(decoded(failures.all(0, 10)));
        assertThat(rubyAll(ruby)).extracting(m -> m.get("retried_at")).containsExactly(requeued.retriedAt(), null);
    }

    @Test
    void aFailureRequeuedFromJavaRunsOnARubyWorker() {
        // A Java worker records the failure (NoopJob fails on the Java side only).
        JobRegistry reg = JobRegistry.builder().register("NoopJob", job -> {
            throw new IllegalStateException("java side refuses");
        }).build();
        client.enqueue("default", "NoopJob", "a", 1.5);
        try (WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(reg, "default")
                .pollTimeout(Duration.ofMillis(200)).build())) {
            pool.start();
            await().atMost(WAIT).until(() -> "1".equals(stat("failed")));
        }
        Failures failures = failures(FailureBackend.REDIS);
        FailureEntry entry = failures.get(0).orElseThrow();
        assertThat(entry.exception()).isEqualTo("java.lang.IllegalStateException");

        closeLater(RubyResque.startWorker(server, ns.name(), "default"));
        failures.requeue(entry);
        await().atMost(WAIT).until(() -> "2".equals(stat("processed")));
        assertThat(stat("failed")).isEqualTo("1"); // Ruby ran NoopJob successfully
        assertThat((Long) raw.call("LLEN", ns.key("queue:default"))).isZero();
        FailureDriver ruby = driver(FailureBackend.REDIS);
        assertThat(rubyAll(ruby)).singleElement().satisfies(m -> assertThat(m).containsKey("retried_at"));
    }

    @Test
    void rubyRequeueAndRemoveUnderJavasFeetAreDetected() {
        Failures failures = failures(FailureBackend.REDIS);
        FailureDriver ruby = driver(FailureBackend.REDIS);
        RubyWorker worker = closeLater(RubyResque.startWorker(server, ns.name(), "default"));
        for (int i = 1; i <= 4; i++) {
            client.enqueue("default", "FailingJob", i);
        }
        await().atMost(WAIT).until(() -> failures.count() == 4);
        worker.close(); // no more failures from requeues while we look at indices
        List<FailureEntry> seen = failures.all(0, 10);

        ruby.call("requeue", 1); // rewrites entry 1 with retried_at
        assertThatThrownBy(() -> failures.requeue(seen.get(1))).isInstanceOf(FailureMovedException.class);
        assertThatThrownBy(() -> failures.remove(seen.get(1))).isInstanceOf(FailureMovedException.class);

        ruby.call("remove", 0); // every later entry shifts down
        assertThatThrownBy(() -> failures.requeue(seen.get(2))).isInstanceOf(FailureMovedException.class);
        assertThatThrownBy(() -> failures.remove(seen.get(3))).isInstanceOf(FailureMovedException.class);
        assertThat(ruby.call("count")).isEqualTo(3);
        assertThat((Long) raw.call("LLEN", ns.key("queue:default"))).isEqualTo(1L); // only Ruby's requeue

        // A fresh read agrees with Ruby, and acting on it works.
        List<FailureEntry> fresh = failures.all(0, 10);
        assertThat(decoded(fresh)).isEqualTo(rubyAll(ruby));
        assertThat(fresh.get(0).retriedAt()).isNotNull();
        assertThat(fresh.get(1).raw()).isEqualTo(seen.get(2).raw());
        failures.requeue(fresh.get(1));
        failures.remove(fresh.get(2));
        assertThat(rubyAll(ruby)).extracting(m -> m.containsKey("retried_at")).containsExactly(true, true);
        assertThat((Long) raw.call("LLEN", ns.key("queue:default"))).isEqualTo(2L);

        // Ruby's clear_retried sees Java's retried_at and leaves no tombstone.
        ruby.call("clear_retried");
        assertThat(failures.count()).isZero();
        assertThat(raw.call("EXISTS", ns.key("failed"))).isEqualTo(0L);
    }

    @Test
    void multiQueueFailuresFromARubyWorker() {
        Failures failures = failures(FailureBackend.REDIS_MULTI_QUEUE);
        FailureDriver ruby = driver(FailureBackend.REDIS_MULTI_QUEUE);
        assertThat(ruby.call("backend")).isEqualTo("Resque::Failure::RedisMultiQueue");
        closeLater(startMultiQueueWorker("default,other"));
        client.enqueue("default", "FailingJob", 1);
        client.enqueue("other", "FailingJob", 2);
        client.enqueue("other", "FailingJob", 3);
        await().atMost(WAIT).until(() -> failures.count() == 3);
        assertThat(failures.lists()).extracting(FailureList::name).containsExactly("default_failed", "other_failed");
        assertThat(ruby.call("count")).isEqualTo(3);
        assertThat(ruby.call("info_failed")).isEqualTo(0); // Resque.info still reads the plain 'failed' list
        assertThat(rubyAll(ruby, "other_failed")).isEqualTo(decoded(failures.list("other_failed").all(0, 10)));

        FailureEntry e = failures.requeue(0, "other_failed");
        assertThat(e.retriedAt()).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d"); // no zone, as Ruby's backend
        await().atMost(WAIT).until(() -> failures.count() == 4); // it failed again on the Ruby worker
        assertThat(rubyAll(ruby, "other_failed")).isEqualTo(decoded(failures.list("other_failed").all(0, 10)));

        ruby.call("remove", 0, "default_failed");
        assertThat(failures.list("default_failed").count()).isZero();
        BulkResult removed = failures.remove(FailureFilter.builder().retried(false).build(), BulkProgress.NONE);
        assertThat(removed.done()).isEqualTo(2);
        assertThat(ruby.call("count")).isEqualTo(1);
        assertThat(rubyAll(ruby, "other_failed")).singleElement()
                .satisfies(m -> assertThat(m.get("retried_at")).isEqualTo(e.retriedAt()));
        assertThat(failures.removeQueue("other").done()).isEqualTo(1);
        assertThat(ruby.call("count")).isEqualTo(0);
        assertThat(ruby.call("queues")).asList().containsExactlyInAnyOrder("default_failed", "other_failed");
    }

    private RubyWorker startMultiQueueWorker(String queues) {
        List<String> cmd = RubyResque.rubyCommand();
        cmd.add(Path.of("ruby-fixtures/scripts/work.rb").toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("REDIS_URL", server.uri());
        env.put("RESQUE_NAMESPACE", ns.name());
        env.put("QUEUES", queues);
        env.put("INTERVAL", "0.2");
        env.put("FORK_PER_JOB", "false");
        env.put("FAILURE_BACKEND", "redis_multi_queue");
        try {
            Process p = pb.start();
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (line == null || !line.startsWith("WORKER ")) {
                p.destroyForcibly();
                throw new IllegalStateException("Ruby worker did not start: " + line);
            }
            return new RubyWorker(p, line.substring(7));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@code ruby-fixtures/scripts/failure_driver.rb}: Ruby's Failure API with backend-specific arguments. */
    static final class FailureDriver implements AutoCloseable {
        private final JsonLineDriver driver;

        private FailureDriver(Process process) {
            this.driver = new JsonLineDriver(process, () -> "");
        }

        static FailureDriver start(RedisServer server, String namespace, FailureBackend backend) {
            FailureDriver d = new FailureDriver(RubyResque.startScript(server, namespace, "failure_driver.rb",
                    Map.of("FAILURE_BACKEND", backend == FailureBackend.REDIS ? "redis" : "redis_multi_queue"),
                    ProcessBuilder.Redirect.INHERIT));
            d.call("ping");
            return d;
        }

        Object call(String command, Object... args) {
            return driver.call(command, args);
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
