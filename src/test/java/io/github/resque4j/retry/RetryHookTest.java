package io.github.resque4j.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobHook;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/** {@link RetryHook} on a real Java worker pool and redis-server: counting, schedules, filters, TTLs, cleanup. */
@ExtendWith(RedisExtension.class)
class RetryHookTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_900_000_000L);
    private static final RubyJson JSON = RubyJson.jsonGem();

    private RedisKit redis;
    private ResqueConfig config;
    private ResqueClient client;
    private Retries retries;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp(RedisKit redis) {
        this.redis = redis;
        this.config = redis.config();
        this.client = redis.client();
        this.retries = Retries.builder(config).clock(Clock.fixed(NOW, ZoneOffset.UTC)).random(new Random(42)).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
        retries.close();
    }

    /** Starts a pool on queue "in" running {@code handler} for class "Job", with the hook from {@code policy}. */
    private RetryHook start(RetryPolicy policy, Function<AtomicReference<RetryHook>, JobHandler> handler,
            JobHook... globalHooksFirst) {
        AtomicReference<RetryHook> hook = new AtomicReference<>(retries.hook(policy));
        JobRegistry reg = JobRegistry.builder().register("Job", handler.apply(hook)).build();
        WorkerOptions.Builder options = WorkerOptions.builder(reg, "in").pollTimeout(Duration.ofMillis(100));
        for (JobHook h : globalHooksFirst) {
            options.hook(h);
        }
        options.hook("Job", hook.get());
        WorkerPool p = WorkerPool.create(config, options.build());
        closeables.add(p);
        p.start();
        return hook.get();
    }

    private long stat(String name) {
        String v = redis.get("stat:" + name);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** @return the counter key without namespace */
    private static String key(RetryPolicy policy, Object... args) {
        return policy.retryKey("Job", List.of(args));
    }

    private long exists(String key) {
        return (Long) redis.call("EXISTS", redis.ns().key(key));
    }

    @Test
    void countsAttemptsAndLeavesEveryFailureInFailed() {
        RetryPolicy policy = RetryPolicy.builder().limit(2).build();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        start(policy, hook -> job -> {
            seen.add(hook.get().attempt(job).orElseThrow());
            throw new IllegalStateException("attempt failed");
        });
        client.enqueue("in", "Job", 1, "x");
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 3);
        assertThat(seen).containsExactly(0, 1, 2);
        assertThat(redis.list("failed")).hasSize(3)
                .allSatisfy(e -> assertThat(e).contains("\"payload\":{\"class\":\"Job\",\"args\":[1,\"x\"]}"));
        assertThat(exists(key(policy, 1, "x"))).isEqualTo(0L);
        assertThat(redis.list("queue:in")).isEmpty();
    }

    @Test
    void attachRegistersAHookForOneClass() {
        RetryPolicy policy = RetryPolicy.builder().limit(1).build();
        List<String> counters = new CopyOnWriteArrayList<>();
        JobRegistry reg = JobRegistry.builder().register("Job", job -> {
            counters.add(redis.get(key(policy, "a")));
            throw new IllegalStateException("no");
        }).register("Other", job -> {
            throw new IllegalStateException("no");
        }).build();
        WorkerOptions.Builder options = WorkerOptions.builder(reg, "in").pollTimeout(Duration.ofMillis(100));
        assertThat(retries.attach(options, "Job", policy)).isSameAs(options);
        WorkerPool p = WorkerPool.create(config, options.build());
        closeables.add(p);
        p.start();
        client.enqueue("in", "Other", "a");
        client.enqueue("in", "Job", "a");
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 3);
        assertThat(counters).containsExactly("0", "1");
        assertThat(exists(policy.retryKey("Other", List.of("a")))).isEqualTo(0L);
    }

    @Test
    void successDeletesTheCounter() {
        RetryPolicy policy = RetryPolicy.builder().limit(5).build();
        AtomicInteger runs = new AtomicInteger();
        RetryHook hook = start(policy, h -> job -> {
            if (runs.incrementAndGet() < 3) {
                throw new IOException("flaky");
            }
        });
        client.enqueue("in", "Job", Map.of("id", 9));
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("processed") == 3);
        assertThat(stat("failed")).isEqualTo(2);
        assertThat(hook.storedAttempt("Job", List.of(Map.of("id", 9)))).isEmpty();
        assertThat(exists(key(policy, Map.of("id", 9)))).isEqualTo(0L);
    }

    @Test
    void delayedRetryIsWrittenInResqueSchedulersLayoutAndCountsOnAfterTheMove() {
        RetryPolicy policy = RetryPolicy.builder().limit(3).delay(Duration.ofSeconds(60)).build();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        RetryHook hook = start(policy, h -> job -> {
            seen.add(h.get().attempt(job).orElseThrow());
            throw new IllegalStateException("no");
        });
        List<Object> args = List.of(1.5, "é", Map.of("k", List.of()));
        client.enqueue("in", "Job", args.toArray());
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 1);
        String item = "{\"class\":\"Job\",\"args\":[1.5,\"é\",{\"k\":[]}],\"queue\":\"in\"}";
        assertThat(redis.list("delayed:1900000060")).containsExactly(item);
        assertThat(redis.members("timestamps:" + item)).containsExactly("delayed:1900000060");
        assertThat(redis.call("ZSCORE", redis.ns().key("delayed_queue_schedule"), "1900000060"))
                .isEqualTo("1900000060");
        assertThat(hook.storedAttempt("Job", args)).isEqualTo(OptionalLong.of(0));

        try (DelayedJobs delayed = DelayedJobs.builder(config).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            assertThat(delayed.enqueueNextItem(1_900_000_060L)).isPresent();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 2);
        assertThat(seen).containsExactly(0, 1);
        assertThat(hook.storedAttempt("Job", args)).isEqualTo(OptionalLong.of(1));
        assertThat(redis.list("delayed:1900000060")).containsExactly(item);
    }

    @Test
    void keyTtlIsTheNextDelayPlusTheExpiryWithSeededJitter() {
        RetryPolicy policy = RetryPolicy.builder().backoff(Backoff.strategy(100, 1000)).jitter(0.5, 1.5)
                .expireKeyAfter(Duration.ofSeconds(3600)).build();
        start(policy, h -> job -> {
            throw new IllegalStateException("no");
        });
        client.enqueue("in", "Job", 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 1);
        // The same draws as the hook: one for the TTL before the run, one for the delay after the failure.
        Random r = new Random(42);
        long ttl = (long) (100 * (0.5 + r.nextDouble())) + 3600;
        long delay = (long) (100 * (0.5 + r.nextDouble()));
        long actualTtl = (Long) redis.call("TTL", redis.ns().key(key(policy, 7)));
        assertThat(actualTtl).isBetween(ttl - 2, ttl);
        assertThat(redis.list("delayed:" + (1_900_000_000L + delay))).hasSize(1);
        assertThat(redis.get(key(policy, 7))).isEqualTo("0");
    }

    @Test
    void anExceptionNotToRetryGivesUpAtOnce() {
        List<String> events = new CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.builder().limit(5).retryOn(IOException.class).listener(new RetryListener() {
            @Override
            public void onRetry(JobContext job, Throwable error, int attempt, Duration delay, String queue) {
                events.add("retry " + attempt);
            }

            @Override
            public void onGiveUp(JobContext job, Throwable error, int attempt) {
                events.add("give up " + attempt + " " + error.getMessage());
            }
        }).build();
        start(policy, h -> job -> {
            throw new IllegalStateException("fatal");
        });
        client.enqueue("in", "Job", "z");
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 1);
        assertThat(events).containsExactly("give up 0 fatal");
        assertThat(exists(key(policy, "z"))).isEqualTo(0L);
        assertThat(redis.list("queue:in")).isEmpty();
    }

    @Test
    void retriesGoToTheConfiguredQueueAndListenersSeeThem() {
        List<String> events = new CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.builder().queue("later").listener(new RetryListener() {
            @Override
            public void onRetry(JobContext job, Throwable error, int attempt, Duration delay, String queue) {
                events.add(attempt + " " + delay + " " + queue);
            }
        }).build();
        start(policy, h -> job -> {
            throw new IllegalStateException("no");
        });
        client.enqueue("in", "Job", 1e20, -0.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 1);
        assertThat(events).containsExactly("0 PT0S later");
        assertThat(redis.list("queue:later"))
                .containsExactly("{\"class\":\"Job\",\"args\":[1.0e+20,-0.0]}");
        assertThat(redis.members("queues")).contains("later");
    }

    @Test
    void limitZeroNeverRetries() {
        RetryPolicy policy = RetryPolicy.builder().limit(0).build();
        start(policy, h -> job -> {
            throw new IllegalStateException("no");
        });
        client.enqueue("in", "Job");
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 1);
        assertThat(exists("resque-retry:Job")).isEqualTo(0L);
        assertThat(redis.list("queue:in")).isEmpty();
    }

    @Test
    void whenAnEarlierHookFailsTheStoredCountIsUsed() {
        RetryPolicy policy = RetryPolicy.builder().limit(1).build();
        AtomicInteger beforeCalls = new AtomicInteger();
        JobHook failingFirst = new JobHook() {
            @Override
            public boolean beforePerform(JobContext job) {
                if (beforeCalls.incrementAndGet() == 1) {
                    throw new IllegalStateException("global hook failed");
                }
                return true;
            }
        };
        List<OptionalInt> seen = new CopyOnWriteArrayList<>();
        start(policy, h -> job -> {
            seen.add(h.get().attempt(job));
            throw new IllegalStateException("job failed");
        }, failingFirst);
        redis.call("SET", redis.ns().key(key(policy, 3)), "0"); // as if a Ruby worker had run attempt 0
        client.enqueue("in", "Job", 3);
        // Run 1: the global hook fails before the retry hook counted; GET says attempt 0 < limit 1: retried.
        // Run 2: counted as attempt 1, fails, limit reached: given up.
        await().atMost(Duration.ofSeconds(10)).until(() -> stat("failed") == 2);
        assertThat(seen).containsExactly(OptionalInt.of(1));
        assertThat(exists(key(policy, 3))).isEqualTo(0L);
    }

    @Test
    void theHookIsNotVisibleOutsideItsJob() {
        RetryHook hook = retries.hook(RetryPolicy.builder().build());
        JobContext other = JobContext.of(io.github.resque4j.Payload.parse("{\"class\":\"Job\",\"args\":[]}", JSON),
                "in", "w", JobRegistry.builder().build());
        assertThat(hook.attempt(other)).isEmpty();
        assertThat(hook.storedAttempt("Job", List.of())).isEmpty();
        assertThat(hook.toString()).contains("limit=1");
    }
}
