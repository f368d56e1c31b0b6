package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.retry.Retries;
import io.github.resque4j.retry.RetryHook;
import io.github.resque4j.retry.RetryPolicy;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * One job failing alternately on a Java worker (resque4j's {@link RetryHook}) and a real Ruby worker with the
 * resque-retry 1.8.1 plugin (ruby-fixtures/jobs/retry_jobs.rb): the Java policy sends retries to the Ruby
 * worker's queue and the Ruby class sends them to the Java worker's, so every attempt changes sides. Both must
 * count on the same Redis counter — the SHA-1 of the arguments joined the Ruby way, here with a float and a Hash
 * holding non-ASCII text — and the job must end in {@code failed} after the limit, on whichever side that is.
 *
 * <p>Needs local Ruby: RESQUE_RUBY_LIB, RESQUE_SCHEDULER_RUBY_LIB and RESQUE_RETRY_RUBY_LIB (the lib/ folder of a
 * resque-retry v1.8.1 checkout); skipped otherwise.
 */
@ExtendWith(RedisExtension.class)
class RubyRetryInteropTest {
    static final String RETRY_LIB = "RESQUE_RETRY_RUBY_LIB";
    private static final RubyJson JSON = RubyJson.jsonGem();

    private ResqueConfig config;
    private RedisServer server;
    private TestNamespace ns;
    private RespClient raw;
    private ResqueClient client;
    private Retries retries;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        RubyResque.assumeAvailable();
        RubyResque.assumeSchedulerAvailable();
        String lib = System.getenv(RETRY_LIB);
        Assumptions.assumeTrue(lib != null && Files.isDirectory(Path.of(lib)),
                RETRY_LIB + " is not set to resque-retry's lib/ folder");
        Assumptions.assumeTrue(RubyResque.selection().backend() == RubyResque.Backend.LOCAL,
                "the resque-retry scenarios run on local Ruby only (the fixture image has no resque-retry)");
        this.config = config;
        this.server = server;
        this.ns = ns;
        this.raw = RespClient.connect(server);
        this.client = ResqueClient.create(config);
        this.retries = Retries.create(config);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (retries != null) {
            retries.close();
            client.close();
            raw.close();
        }
    }

    private static List<Object> args() {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("name", "Zoë ✓");
        opts.put("tags", List.of("a", 1.0e20));
        return List.of(7, 2.5, opts);
    }

    /** Starts the Ruby worker (queue retry_ruby) and a Java pool (queue retry_java) serving {@code className}. */
    private RetryHook startBoth(String className, RetryPolicy policy, boolean javaFailsAlways) {
        RubyResque.RubyWorker ruby = RubyResque.startWorker(server, ns.name(), "retry_ruby", Map.of("RUBYOPT",
                "-r" + Path.of("ruby-fixtures/jobs/retry_jobs.rb").toAbsolutePath()));
        open.add(ruby);
        AtomicReference<RetryHook> hook = new AtomicReference<>(retries.hook(policy));
        JobRegistry reg = JobRegistry.builder().register(className, job -> {
            int attempt = hook.get().attempt(job).orElseThrow();
            raw.call("RPUSH", ns.key("interop:retry:attempts"), "java:" + attempt);
            if (javaFailsAlways || attempt == 0) {
                throw new IllegalArgumentException("java attempt " + attempt + " failed");
            }
        }).build();
        WorkerOptions options = WorkerOptions.builder(reg, "retry_java").pollTimeout(Duration.ofMillis(100))
                .hook(className, hook.get()).build();
        WorkerPool pool = WorkerPool.create(config, options);
        open.add(pool);
        pool.start();
        return hook.get();
    }

    @SuppressWarnings("unchecked")
    private List<String> attempts() {
        return (List<String>) raw.call("LRANGE", ns.key("interop:retry:attempts"), "0", "-1");
    }

    private long failedCount() {
        return (Long) raw.call("LLEN", ns.key("failed"));
    }

    private static RetryPolicy ping(Duration delay) {
        return RetryPolicy.builder().limit(3).delay(delay).queue("retry_ruby").build();
    }

    private void assertEndedInFailed(String className, RetryHook hook, int runs) {
        await().atMost(Duration.ofSeconds(20)).until(() -> failedCount() == runs);
        assertThat(hook.storedAttempt(className, args())).isEmpty(); // the last side gave up and deleted it
        assertThat(raw.call("LLEN", ns.key("queue:retry_java"))).isEqualTo(0L);
        assertThat(raw.call("LLEN", ns.key("queue:retry_ruby"))).isEqualTo(0L);
        @SuppressWarnings("unchecked")
        List<String> failed = (List<String>) raw.call("LRANGE", ns.key("failed"), "0", "-1");
        String payload = "\"payload\":{\"class\":\"" + className + "\",\"args\":" + JSON.encode(args()) + "}";
        assertThat(failed).allSatisfy(f -> assertThat(f).contains(payload));
    }

    @Test
    void javaFirstThenRubyShareOneCounterAndTheRubySideGivesUp() {
        RetryHook hook = startBoth("RetryPingJob", ping(Duration.ZERO), true);
        client.enqueue("retry_java", "RetryPingJob", args().toArray());
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts().size() == 4);
        assertEndedInFailed("RetryPingJob", hook, 4);
        assertThat(attempts()).containsExactly("java:0", "ruby:1", "java:2", "ruby:3");
    }

    @Test
    void rubyFirstThenJavaShareOneCounterAndTheJavaSideGivesUp() {
        RetryHook hook = startBoth("RetryPingJob", ping(Duration.ZERO), true);
        client.enqueue("retry_ruby", "RetryPingJob", args().toArray());
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts().size() == 4);
        assertEndedInFailed("RetryPingJob", hook, 4);
        assertThat(attempts()).containsExactly("ruby:0", "java:1", "ruby:2", "java:3");
    }

    /** Each side writes its retry into resque-scheduler's layout; the test moves it when it appears. */
    @Test
    void delayedRetriesFromBothSidesUseTheSameLayout() {
        RetryHook hook = startBoth("RetryPingDelayedJob", ping(Duration.ofHours(1)), true);
        List<String> items = new ArrayList<>();
        try (DelayedJobs delayed = DelayedJobs.create(config)) {
            client.enqueue("retry_java", "RetryPingDelayedJob", args().toArray());
            for (int retry = 1; retry <= 3; retry++) {
                int runs = retry;
                await().atMost(Duration.ofSeconds(20)).until(() -> delayed.delayedQueueScheduleSize() == 1
                        && attempts().size() == runs);
                assertThat(hook.storedAttempt("RetryPingDelayedJob", args())).isEqualTo(OptionalLong.of(retry - 1));
                long ts = delayed.delayedQueuePeek(0, 1).get(0);
                // an hour ahead of either side's clock
                assertThat(ts - System.currentTimeMillis() / 1000).isBetween(3590L, 3601L);
                items.addAll(delayed.delayedTimestampPeekRaw(ts, 0, 10));
                assertThat(delayed.enqueueNextItem(ts)).isPresent();
            }
        }
        assertEndedInFailed("RetryPingDelayedJob", hook, 4);
        assertThat(attempts()).containsExactly("java:0", "ruby:1", "java:2", "ruby:3");
        String argsJson = JSON.encode(args());
        assertThat(items).containsExactly(
                "{\"class\":\"RetryPingDelayedJob\",\"args\":" + argsJson + ",\"queue\":\"retry_ruby\"}", // Java
                "{\"class\":\"RetryPingDelayedJob\",\"args\":" + argsJson + ",\"queue\":\"retry_java\"}", // Ruby
                "{\"class\":\"RetryPingDelayedJob\",\"args\":" + argsJson + ",\"queue\":\"retry_ruby\"}");
    }

    @Test
    void successOnTheOtherSideDeletesTheCounter() {
        RetryHook hook = startBoth("RetryPingFlakyJob", ping(Duration.ZERO), false);
        client.enqueue("retry_ruby", "RetryPingFlakyJob", args().toArray());
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts().size() == 2
                && "2".equals(raw.call("GET", ns.key("stat:processed"))));
        assertThat(attempts()).containsExactly("ruby:0", "java:1");
        assertThat(hook.storedAttempt("RetryPingFlakyJob", args())).isEmpty();
        assertThat(failedCount()).isEqualTo(1);
    }
}
