package io.github.resque4j.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.testsupport.Compat;
import io.github.resque4j.testsupport.MonitoredCommand;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisMonitor;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.StateDump;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Replays the resque-retry 1.8.1 scenarios recorded from Ruby ({@code compat/retry/monitor}, {@code state}) on a
 * Java worker with the equivalent {@link RetryPolicy}: the same jobs are enqueued, run and (for delayed retries)
 * moved to their queue at the recorded steps, and every write to the plugin's counter, the delayed layout, the
 * queues and {@code failed} must reach Redis in Ruby's order with Ruby's bytes; the keys left must be Ruby's.
 *
 * <p>Compared: the writes outside the "move" steps (those are resque-scheduler's mover, Ruby's vs
 * {@link DelayedJobs}'s, checked elsewhere), without pops (a Java worker pops inside a script) and without the
 * worker's own keys (registration, stats). Failure entries are compared on payload and queue (the exception,
 * message, backtrace, worker and time differ between a Ruby and a Java job). "Now" is the recorder's frozen
 * clock, so delayed timestamps are compared as they are.
 */
@ExtendWith(RedisExtension.class)
class RetryReplayTest {
    /** Time.now in compat/tools/record_retry.rb. */
    private static final Instant NOW = Instant.ofEpochSecond(1_900_000_000L);
    private static final Set<String> WRITES = Set.of("setnx", "incr", "decr", "expire", "del", "set", "setex",
            "rpush", "lpush", "sadd", "srem", "zadd", "zrem", "ltrim", "lrem", "incrby");
    private static final RubyJson JSON = RubyJson.jsonGem();

    private ResqueConfig config;
    private RedisServer server;
    private RespClient raw;
    private String ns;
    private ResqueClient client;
    private DelayedJobs delayed;
    private Retries retries;
    private WorkerPool pool;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        this.config = config;
        this.server = server;
        this.raw = RespClient.connect(server);
        this.ns = ns.name();
        this.client = ResqueClient.create(config);
        this.delayed = DelayedJobs.builder(config).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        this.retries = Retries.builder(config).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
        retries.close();
        delayed.close();
        client.close();
        raw.close();
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    @Test
    void fixedDelayGoesThroughTheDelayedLayoutThenFails() {
        replay("retry_fixed_delay", "RetryFixedJob", RetryPolicy.builder().limit(2).delay(Duration.ofSeconds(60)),
                hook -> job -> {
                    throw new IllegalArgumentException("always fails");
                });
    }

    @Test
    void zeroDelayReEnqueuesAtOnce() {
        replay("retry_zero_delay", "RetryNowJob", RetryPolicy.builder().limit(1), hook -> job -> {
            throw new IllegalArgumentException("always fails");
        });
    }

    @Test
    void noArgumentsMeansNoIdentifier() {
        replay("retry_no_args", "RetryNowJob", RetryPolicy.builder().limit(1), hook -> job -> {
            throw new IllegalArgumentException("always fails");
        });
    }

    @Test
    void successDeletesTheCounter() {
        replay("retry_success_cleanup", "RetryFlakyJob", RetryPolicy.builder().limit(3), hook -> job -> {
            if (hook.get().attempt(job).orElseThrow() == 0) {
                throw new IllegalArgumentException("first run fails");
            }
        });
    }

    @Test
    void backoffStrategyWithKeyExpiry() {
        replay("retry_backoff_expire", "RetryBackoffJob", RetryPolicy.builder().backoff(Backoff.strategy(0, 10, 100))
                .expireKeyAfter(Duration.ofSeconds(3600)), hook -> job -> {
                    throw new IllegalArgumentException("always fails");
                });
    }

    @Test
    void onlyListedExceptionsRetry() {
        replay("retry_exception_filter", "RetryFilterJob", RetryPolicy.builder().limit(1)
                .retryOn(TimeoutException.class), hook -> RetryReplayTest::timeoutOrBad);
    }

    @Test
    void fatalExceptionsGiveUpAtOnce() {
        replay("retry_fatal_exception", "RetryFatalJob", RetryPolicy.builder().limit(1)
                .giveUpOn(IllegalArgumentException.class), hook -> RetryReplayTest::timeoutOrBad);
    }

    @Test
    void ignoredExceptionsDoNotCount() {
        AtomicInteger runs = new AtomicInteger();
        replay("retry_ignored_exception", "RetryIgnoreJob", RetryPolicy.builder().limit(1)
                .ignore(TimeoutException.class), hook -> job -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new TimeoutException("slow");
                    }
                    throw new IllegalArgumentException("bad");
                });
    }

    private static void timeoutOrBad(io.github.resque4j.worker.JobContext job) throws Exception {
        if ("timeout".equals(job.arg(0, String.class))) {
            throw new TimeoutException("slow");
        }
        throw new IllegalArgumentException("bad");
    }

    // ------------------------------------------------------------------------------------------------ driver

    private record Section(String label, List<MonitoredCommand> commands) {
    }

    private static List<Section> sections(List<MonitoredCommand> commands) {
        List<Section> out = new ArrayList<>();
        Section current = new Section("", new ArrayList<>());
        out.add(current);
        for (MonitoredCommand c : commands) {
            if (c.name().equals("echo") && c.args().size() == 1 && c.args().get(0).startsWith("---- ")) {
                String label = c.args().get(0).replaceAll("^---- | ----$", "");
                current = new Section(label, new ArrayList<>());
                out.add(current);
            } else {
                current.commands().add(c);
            }
        }
        return out;
    }

    private void replay(String scenario, String className, RetryPolicy.Builder policy,
            java.util.function.Function<AtomicReference<RetryHook>, JobHandler> handler) {
        AtomicReference<RetryHook> hook = new AtomicReference<>(retries.hook(policy.build()));
        JobRegistry reg = JobRegistry.builder().register(className, handler.apply(hook)).build();
        WorkerOptions options = WorkerOptions.builder(reg, "retryq").pollTimeout(Duration.ofMillis(100))
                .zone(ZoneId.of("UTC")).hook(className, hook.get()).build();
        List<Section> ruby = sections(transcript(scenario));

        RedisMonitor monitor = RedisMonitor.start(server);
        int processed = 0;
        for (Section s : ruby) {
            String label = s.label();
            if (label.isEmpty()) {
                continue;
            }
            if (label.startsWith("move")) {
                stopPool();
                raw.call("ECHO", "---- " + label + " ----");
                long ts = delayed.nextDelayedTimestamp(NOW.plusSeconds(100_000)).orElseThrow();
                while (delayed.enqueueNextItem(ts).isPresent()) {
                    // moves every job due at ts, as enqueue_delayed_items_for_timestamp does
                }
            } else if (label.startsWith("enqueue")) {
                raw.call("ECHO", "---- " + label + " ----");
                MonitoredCommand push = s.commands().stream().filter(c -> c.name().equals("rpush")).findFirst()
                        .orElseThrow();
                Map<String, Object> payload = JSON.decodeObject(push.args().get(1));
                client.enqueue(push.args().get(0).substring("resque:queue:".length()),
                        (String) payload.get("class"), ((List<?>) payload.get("args")).toArray());
            } else {
                raw.call("ECHO", "---- " + label + " ----");
                if (pool == null) {
                    pool = WorkerPool.create(config, options);
                    pool.start();
                }
                int expected = ++processed;
                // ">=": a retry enqueued at once may already have run too
                await().atMost(Duration.ofSeconds(10)).until(() -> processed() >= expected);
            }
        }
        int total = processed;
        await().atMost(Duration.ofSeconds(10)).until(() -> processed() >= total);
        stopPool();
        assertThat(processed()).as("jobs run").isEqualTo(total);
        List<MonitoredCommand> javaCommands = outsideMoves(sections(monitor.stop()));
        List<MonitoredCommand> rubyCommands = outsideMoves(ruby);

        List<String> expected = comparable(rubyCommands, "resque:");
        assertThat(expected).as("a vacuous transcript").anyMatch(c -> c.startsWith("incr \"resque:resque-retry:"));
        if (System.getenv("SHOW_REPLAY") != null) {
            expected.forEach(c -> System.out.println(scenario + ": " + c));
        }
        assertThat(comparable(javaCommands, ns + ":")).containsExactlyElementsOf(expected);
        assertThat(state(StateDump.dump(raw, ns, false))).isEqualTo(state(Compat.file("retry/state/" + scenario
                + ".txt")));
    }

    private int processed() {
        Object n = raw.call("GET", ns + ":stat:processed");
        return n == null ? 0 : Integer.parseInt((String) n);
    }

    private static List<MonitoredCommand> transcript(String scenario) {
        List<MonitoredCommand> out = new ArrayList<>();
        for (String line : Compat.file("retry/monitor/" + scenario + ".txt").split("\n")) {
            MonitoredCommand c = MonitoredCommand.parseMonitorLine(line);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<MonitoredCommand> outsideMoves(List<Section> sections) {
        List<MonitoredCommand> out = new ArrayList<>();
        for (Section s : sections) {
            if (!s.label().startsWith("move")) {
                out.addAll(s.commands());
            }
        }
        return out;
    }

    private void stopPool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    /** Writes to the plugin's and the delayed/queue/failure keys, spelled with Ruby's namespace. */
    private static List<String> comparable(List<MonitoredCommand> commands, String prefix) {
        List<String> out = new ArrayList<>();
        for (MonitoredCommand c : commands) {
            if (!WRITES.contains(c.name()) || c.args().isEmpty() || !c.args().get(0).startsWith(prefix)) {
                continue;
            }
            MonitoredCommand r = c.map(a -> a.startsWith(prefix) ? "resque:" + a.substring(prefix.length()) : a);
            if (interesting(r.args().get(0))) {
                out.add(r.map(RetryReplayTest::normaliseFailure).toString());
            }
        }
        return out;
    }

    private static boolean interesting(String key) {
        return key.startsWith("resque:resque-retry:") || key.startsWith("resque:failure-resque-retry:")
                || key.startsWith("resque:delayed") || key.startsWith("resque:timestamps:")
                || key.startsWith("resque:queue:") || key.equals("resque:queues") || key.equals("resque:failed");
    }

    private static String normaliseFailure(String s) {
        if (!s.startsWith("{\"failed_at\"")) {
            return s;
        }
        Map<String, Object> entry = JSON.decodeObject(s);
        for (String f : List.of("failed_at", "exception", "error", "backtrace", "worker")) {
            entry.put(f, "<" + f + ">");
        }
        return JSON.encode(entry);
    }

    /** The interesting keys of a state dump, without TTLs, failure entries normalised. */
    private static String state(String dump) {
        StringBuilder out = new StringBuilder();
        boolean keep = false;
        for (String line : dump.split("\n")) {
            if (line.startsWith("KEY ")) {
                line = line.replaceAll("  TTL \\d+$", "");
                keep = interesting(line.substring(4, line.indexOf("  TYPE ")));
            } else if (line.startsWith("  [")) {
                int brace = line.indexOf("] ") + 2;
                line = line.substring(0, brace) + normaliseFailure(line.substring(brace));
            }
            if (keep) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
