package io.github.resque4j.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.ResqueException;
import io.github.resque4j.admin.Workers;
import io.github.resque4j.cli.Main;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.RedisEndpoint;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.config.SentinelEndpoint;
import io.github.resque4j.failure.Failures;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.worker.FailureBackend;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * The Redis password never appears in logs, exception messages or stack traces, {@code toString()}s, or CLI
 * output ({@code --json} included): with the right password, a wrong one, an unreachable endpoint, a Redis
 * that goes away mid-operation, and with every logger at TRACE in a child JVM. The passwords contain URI
 * specials, so both their plain and percent-encoded spellings are searched for.
 */
class SecretLeakTest {
    static final String SECRET = "S3cr3t-p@ss/w0rd!";
    static final String WRONG = "Wr0ng-s3cret:guess";
    private static final Duration FAST = Duration.ofMillis(200);

    private static LocalRedisProcess redis;
    private static RespClient admin;

    private final StringBuilder seen = new StringBuilder();
    private String ns;

    @BeforeAll
    static void start() {
        assumeTrue(LocalRedisProcess.available(), "redis-server is not on the PATH");
        redis = LocalRedisProcess.start("--requirepass", SECRET);
        admin = RespClient.connect(redis);
        admin.call("AUTH", SECRET);
        // The same secret as an ACL user's password, for user:password URIs.
        admin.call("ACL", "SETUSER", "app", "on", ">" + SECRET, "~*", "&*", "+@all");
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void namespace() {
        ns = "leak-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String uri(String user, String password, int port) {
        return "redis://" + user + ":" + enc(password) + "@127.0.0.1:" + port + "/0";
    }

    /** Asserts none of the secrets' spellings is in the text, and shows where if one is. */
    static void assertNoSecret(String text) {
        for (String s : List.of(SECRET, enc(SECRET), WRONG, enc(WRONG), "S3cr3t-p", "Wr0ng-s3")) {
            int at = text.indexOf(s);
            assertThat(at).as("secret spelling '%s' found in: ...%s...", s,
                    at < 0 ? "" : text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100)))
                    .isEqualTo(-1);
        }
    }

    private void record(Throwable e) {
        seen.append(ExceptionUtils.getStackTrace(e)).append('\n');
        for (Throwable t : ExceptionUtils.getThrowableList(e)) {
            seen.append(t).append('\n');
        }
    }

    private <T> void expectFailure(Supplier<T> action) {
        try {
            action.get();
            throw new AssertionError("expected a failure");
        } catch (ResqueException e) {
            record(e);
        }
    }

    private int cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err));
        seen.append("cli ").append(args.subList(2, args.size())).append(" -> ").append(code).append('\n')
                .append(out).append(err).append('\n');
        return code;
    }

    private ResqueConfig badConfig(String uri) {
        return ResqueConfig.builder().redis(uri).namespace(ns).connectTimeout(Duration.ofMillis(500))
                .commandTimeout(Duration.ofSeconds(2)).build();
    }

    private List<String> cliArgs(String uri, String... rest) {
        List<String> a = new ArrayList<>(List.of("--redis", uri, "--namespace", ns));
        a.addAll(List.of(rest));
        return a;
    }

    @Test
    void descriptionsOfConfigurationAndEndpointsHideThePassword() {
        RedisEndpoint e = RedisEndpoint.parse(uri("app", SECRET, 6380));
        assertThat(e.password()).contains(SECRET); // decoded for use ...
        ResqueConfig c = ResqueConfig.builder().redis(e).namespace(ns).build();
        SentinelEndpoint s = SentinelEndpoint.builder("mymaster", List.of("10.0.0.1:26379")).username("app")
                .password(SECRET).sentinelPassword(WRONG).tls(true).build();
        ResqueConfig sc = ResqueConfig.builder().sentinel(s).namespace(ns).build();
        for (Object o : List.of(e, c, s, sc, c.mutate().build(), e.withDatabase(3))) {
            seen.append(o).append('\n');
        }
        seen.append(e.address()).append(e.hostAndPort()).append(c.describeEndpoint()).append(s.describe())
                .append(sc.describeEndpoint()).append('\n');
        assertThat(e.toString()).isEqualTo("redis://app:***@127.0.0.1:6380/0");
        // ... never echoed by a parse error either.
        for (String bad : List.of("redis://app:" + SECRET + "@host:port/0", "redis://app:" + SECRET + " x@h:1/0",
                "http://app:" + enc(SECRET) + "@h:1/0", "redis://app:" + enc(SECRET) + "@h:1/db",
                "redis://:" + enc(SECRET) + "@:1/0", "redis://app:" + SECRET + "@[::1/0")) {
            try {
                RedisEndpoint.parse(bad);
                seen.append("parsed: ").append(RedisEndpoint.parse(bad)).append('\n');
            } catch (ResqueException ex) {
                record(ex);
            }
        }
        assertThat(seen).contains("***", "127.0.0.1:6380", "mymaster");
        assertNoSecret(seen.toString());
    }

    @Test
    void wrongPasswordsAndUnreachableEndpointsNeverShowIt() throws IOException {
        int dead = LocalRedisProcess.freePort();
        try (OutputCapture capture = new OutputCapture()) {
            // (Each failure costs Redisson's retries, ~3 s; connectionFailuresSayWhy… covers the other spellings.)
            List<String> uris = List.of(uri("app", WRONG, redis.port()), uri("", SECRET, dead));
            for (String uri : uris) {
                ResqueConfig bad = badConfig(uri);
                seen.append(bad).append('\n');
                expectFailure(() -> {
                    try (ResqueClient client = ResqueClient.create(bad)) {
                        return client.size("q");
                    }
                });
                assertThat(cli(cliArgs(uri, "--json", "info"))).isEqualTo(Main.REDIS_UNAVAILABLE);
            }
            // Every other entry point, each with a wrong password or unreachable.
            for (int i = 0; i < 5; i++) {
                ResqueConfig bad = badConfig(uris.get(i % uris.size()));
                int entry = i;
                expectFailure(() -> switch (entry) {
                    case 0 -> {
                        WorkerPool pool = WorkerPool.create(bad, WorkerOptions.builder(JobRegistry.builder()
                                .register("J", job -> { }).build(), "q").pollTimeout(FAST).build());
                        try (pool) {
                            pool.start();
                            yield pool.workerIds();
                        }
                    }
                    case 1 -> {
                        try (Failures f = Failures.create(bad, FailureBackend.REDIS)) {
                            yield f.count();
                        }
                    }
                    case 2 -> {
                        try (Workers w = Workers.create(bad)) {
                            yield w.list();
                        }
                    }
                    case 3 -> {
                        try (DelayedJobs d = DelayedJobs.create(bad)) {
                            yield d.countAllDelayed();
                        }
                    }
                    default -> {
                        Scheduler s = Scheduler.create(bad, SchedulerOptions.builder().interval(FAST).build());
                        try (s) {
                            s.start();
                            yield s.isMaster();
                        }
                    }
                });
            }
            assertThat(cli(cliArgs(uris.get(0), "--json", "failed", "list"))).isEqualTo(Main.REDIS_UNAVAILABLE);
            assertThat(cli(cliArgs(uris.get(1), "enqueue", "q", "J", "[1]"))).isEqualTo(Main.REDIS_UNAVAILABLE);
            seen.append(capture.text());
        }
        assertThat(seen).contains("127.0.0.1:" + redis.port(), "127.0.0.1:" + dead);
        assertThat(seen.toString()).containsIgnoringCase("WRONGPASS").contains(RedisUnavailableException.class.getName());
        assertNoSecret(seen.toString());
    }

    @Test
    void connectionFailuresSayWhyWithoutTheDriversText() throws IOException {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put(uri("app", WRONG, redis.port()), "authentication failed: wrong user name or password");
        reasons.put("redis://127.0.0.1:" + redis.port() + "/0", "authentication required");
        reasons.put(uri("", SECRET, LocalRedisProcess.freePort()), "connection refused");
        reasons.put(uri("", SECRET, 6379).replace("127.0.0.1", "no-such-host.invalid"), "unknown host");
        try (LocalRedisProcess open = LocalRedisProcess.start()) {
            reasons.put(uri("", SECRET, open.port()), "the URI gives a password but the server has none configured");
            for (Map.Entry<String, String> r : reasons.entrySet()) {
                RedisEndpoint e = RedisEndpoint.parse(r.getKey());
                assertThatThrownBy(() -> {
                    try (ResqueClient client = ResqueClient.create(badConfig(r.getKey()))) {
                        client.size("q");
                    }
                }).isInstanceOf(RedisUnavailableException.class)
                        .hasMessageStartingWith("cannot connect to Redis at " + e.hostAndPort() + ": " + r.getValue())
                        .hasMessageEndingWith("(RedisConnectionException)")
                        .satisfies(this::record);
            }
            // The CLI prints the same reason (exit code 2).
            for (String uri : List.of(uri("app", WRONG, redis.port()), uri("", SECRET, open.port()))) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                assertThat(Main.run(new String[] {"--redis", uri, "--json", "info"}, new PrintWriter(out),
                        new PrintWriter(err))).isEqualTo(Main.REDIS_UNAVAILABLE);
                assertThat(err.toString()).startsWith("resque4j: cannot connect to Redis at ").contains(reasons.get(uri));
                seen.append(out).append(err);
            }
        }
        assertNoSecret(seen.toString());
    }

    @Test
    void normalOperationAndItsJsonOutputNeverShowIt() {
        try (OutputCapture capture = new OutputCapture()) {
            String uri = uri("app", SECRET, redis.port());
            ResqueConfig config = ResqueConfig.builder().redis(uri).namespace(ns).build();
            try (ResqueClient client = ResqueClient.create(config)) {
                client.enqueue("q", "Boom", "x");
                seen.append(client.info()).append(client.config()).append('\n');
            }
            JobRegistry registry = JobRegistry.builder().register("Boom", job -> {
                throw new IllegalStateException("boom");
            }).build();
            try (WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry, "q").pollTimeout(FAST)
                    .build())) {
                pool.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> pool.failedCount() == 1);
                for (String[] cmd : List.of(new String[] {"--json", "info"}, new String[] {"info"},
                        new String[] {"--json", "workers", "list"}, new String[] {"--json", "failed", "list"},
                        new String[] {"--json", "queues"}, new String[] {"--json", "peek", "q"})) {
                    assertThat(cli(cliArgs(uri, cmd))).isEqualTo(Main.OK);
                }
            }
            seen.append(capture.text());
        }
        // The failure record and the worker registry in Redis hold no secret either.
        seen.append(admin.call("LRANGE", ns + ":failed", "0", "-1")).append(admin.call("KEYS", ns + ":*"));
        assertThat(seen).contains("\"servers\":[\"redis://127.0.0.1:" + redis.port());
        assertNoSecret(seen.toString());
    }

    @Test
    void redisGoingAwayMidOperationNeverShowsIt() throws Exception {
        try (LocalRedisProcess flaky = LocalRedisProcess.start("--requirepass", SECRET);
                OutputCapture capture = new OutputCapture()) {
            String uri = uri("", SECRET, flaky.port());
            ResqueConfig config = ResqueConfig.builder().redis(uri).namespace(ns)
                    .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofSeconds(2)).build();
            CountDownLatch inJob = new CountDownLatch(1);
            JobRegistry registry = JobRegistry.builder().register("Slow", job -> {
                inJob.countDown();
                Thread.sleep(1000);
            }).register("Quick", job -> { }).build();
            try (ResqueClient client = ResqueClient.create(config);
                    WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry, "q", "*")
                            .concurrency(2).pollTimeout(FAST).heartbeatInterval(FAST).build())) {
                pool.start();
                client.enqueue("q", "Slow");
                assertThat(inJob.await(10, TimeUnit.SECONDS)).isTrue();
                flaky.stopProcess(); // while a job runs, another worker blocks in BLPOP, heartbeats are due

                assertThatThrownBy(() -> client.enqueue("q", "Quick"))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("127.0.0.1:" + flaky.port())
                        .satisfies(this::record);
                assertThat(cli(cliArgs(uri, "--json", "info"))).isEqualTo(Main.REDIS_UNAVAILABLE);
                assertThat(cli(cliArgs(uri, "--json", "failed", "list"))).isEqualTo(Main.REDIS_UNAVAILABLE);
                Thread.sleep(3000); // let the pool's workers and heartbeat fail and log for a while

                flaky.startProcess();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    client.enqueue("q", "Quick");
                    return true;
                });
                long before = pool.processedCount();
                await().atMost(Duration.ofSeconds(30)).until(() -> pool.processedCount() > before);
            }
            seen.append(capture.text());
        }
        assertThat(seen).contains("127.0.0.1:");
        assertNoSecret(seen.toString());
    }

    @Test
    void traceLevelLoggingInAChildJvmNeverShowsIt() throws Exception {
        Path log = Files.createTempFile("resque4j-leak", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-cp", System.getProperty("java.class.path"), SecretLeakProbe.class.getName(),
                String.valueOf(redis.port()), SECRET, WRONG, String.valueOf(LocalRedisProcess.freePort()), ns)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String text = Files.readString(log);
        assertThat(done).as("probe finished; output tail: %s", tail(text)).isTrue();
        assertThat(text).as(tail(text)).contains("PROBE-DONE", "processed 2 failed 1", "cli --json info -> 0")
                .contains(" TRACE ", " DEBUG ", "(password masked)");
        assertNoSecret(text);
        Files.deleteIfExists(log);
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 3000));
    }
}
