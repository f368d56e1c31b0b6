package io.github.resque4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RespClient;

/** Every subcommand in-process, and the real process for work / exit codes. */
@ExtendWith(RedisExtension.class)
class CliTest {
    private final RubyJson json = RubyJson.jsonGem();
    private RedisKit kit;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
    }

    record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--redis", kit.server().uri(), "--namespace", kit.ns().name()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void enqueuePeekQueuesDequeueRemoveQueue() {
        Result r = run("enqueue", "default", "Mailer::Deliver", "[42,\"welcome\",{\"locale\":\"en\"}]");
        assertThat(r.code()).isZero();
        assertThat(kit.list("queue:default"))
                .containsExactly("{\"class\":\"Mailer::Deliver\",\"args\":[42,\"welcome\",{\"locale\":\"en\"}]}");
        run("enqueue", "low", "NoopJob");
        assertThat(kit.list("queue:low")).containsExactly("{\"class\":\"NoopJob\",\"args\":[]}");

        assertThat(run("queues").out()).contains("QUEUE", "default  1", "low      1");
        assertThat(json.decode(run("queues", "--json").out().trim())).isEqualTo(Map.of("default", 1, "low", 1));
        assertThat(run("peek", "default").out()).contains("0      {\"class\":\"Mailer::Deliver\"");
        assertThat(json.decode(run("peek", "default", "0", "5", "--json").out().trim()))
                .isEqualTo(List.of(Map.of("class", "Mailer::Deliver", "args", List.of(42, "welcome",
                        Map.of("locale", "en")))));

        assertThat(run("dequeue", "default", "Mailer::Deliver", "[42]").out()).contains("removed 0 job(s)");
        assertThat(run("dequeue", "default", "Mailer::Deliver", "[42,\"welcome\",{\"locale\":\"en\"}]", "--json")
                .out().trim()).isEqualTo("{\"removed\":1}");
        run("enqueue", "default", "A", "[1]");
        run("enqueue", "default", "A", "[2]");
        assertThat(run("dequeue", "default", "A").out()).contains("removed 2 job(s)");

        assertThat(run("remove-queue", "low").out()).contains("removed queue low (1 job(s))");
        assertThat(kit.members("queues")).containsExactly("default");
    }

    @Test
    void infoHumanAndJson() {
        run("enqueue", "q", "J", "[1]");
        kit.call("INCRBY", kit.ns().key("stat:processed"), "7");
        Result human = run("info");
        assertThat(human.out()).contains("pending      1", "processed    7", "failed       0");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) json.decode(run("info", "--json").out().trim());
        assertThat(m).containsEntry("pending", 1).containsEntry("processed", 7).containsEntry("queues", 1)
                .containsKey("servers").containsKey("environment");
    }

    @Test
    void pauseAndResumeAll() {
        assertThat(run("pause-all").out()).contains("paused");
        assertThat(kit.get("pause-all-workers")).isEqualTo("true");
        assertThat(run("resume-all", "--json").out().trim()).isEqualTo("{\"paused\":false}");
        assertThat(kit.get("pause-all-workers")).isNull();
    }

    @Test
    void workersListPruneUnregister() {
        String id = "otherhost:123:default";
        kit.call("SADD", kit.ns().key("workers"), id, "otherhost:124:low");
        kit.call("SET", kit.ns().key("worker:" + id),
                "{\"queue\":\"default\",\"run_at\":\"2026-01-01T00:00:00Z\",\"payload\":{\"class\":\"Slow\",\"args\":[1]}}");
        kit.call("HSET", kit.ns().key("workers:heartbeat"), id, "2020-01-01T00:00:00+00:00",
                "otherhost:124:low", java.time.OffsetDateTime.now().withNano(0).toString());
        kit.call("INCRBY", kit.ns().key("stat:processed:" + id), "3");
        Result list = run("workers", "list");
        assertThat(list.out()).contains("HOST", "otherhost", "123", "default Slow since 2026-01-01T00:00:00Z", "3");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) json.decode(run("workers", "list", "--json")
                .out().trim());
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).containsEntry("id", id).containsEntry("processed", 3);

        Result prune = run("workers", "prune", "--force");
        assertThat(prune.out()).contains("pruned " + id).doesNotContain("124");
        assertThat(kit.members("workers")).containsExactly("otherhost:124:low");
        assertThat(kit.list("failed")).hasSize(1).first().asString().contains("PruneDeadWorkerDirtyExit");

        assertThat(run("workers", "unregister", "otherhost:124:low").code()).isZero();
        assertThat(kit.members("workers")).isEmpty();
        assertThat(run("workers", "unregister", "nobody:1:x").code()).isEqualTo(Main.USAGE);
    }

    @Test
    void healthReportsStaleWorkersAndRedisDown() throws Exception {
        assertThat(run("health").code()).isZero();
        kit.call("SADD", kit.ns().key("workers"), "gone:1:q");
        kit.call("HSET", kit.ns().key("workers:heartbeat"), "gone:1:q", "2020-01-01T00:00:00+00:00");
        Result r = run("health", "--json");
        assertThat(r.code()).isEqualTo(Main.PARTIAL);
        @SuppressWarnings("unchecked")
        Map<String, Object> health = (Map<String, Object>) json.decode(r.out().trim());
        assertThat(health).containsEntry("stale_workers", List.of("gone:1:q")).containsEntry("status", "stale_workers");
        int port = LocalRedisProcess.freePort();
        int down = Main.run(new String[] {"health", "--redis", "redis://127.0.0.1:" + port}, new PrintWriter(
                new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(down).isEqualTo(Main.REDIS_UNAVAILABLE);
    }

    @Test
    void badInputIsAUsageErrorAndChangesNothing() {
        assertThat(run("bogus").code()).isEqualTo(Main.USAGE);
        assertThat(run("info", "--nope").code()).isEqualTo(Main.USAGE);
        Result badJson = run("enqueue", "q", "X", "{not json");
        assertThat(badJson.code()).isEqualTo(Main.USAGE);
        assertThat(badJson.err()).contains("not valid JSON");
        assertThat(run("enqueue", "q", "X", "{\"a\":1}").err()).contains("must be a JSON array");
        assertThat(run("enqueue", "a:b", "X").err()).contains("a:b");
        assertThat(run("peek", "q", "-1").code()).isEqualTo(Main.USAGE);
        assertThat(run("work", "-q", "default").err()).contains("--allow-package");
        assertThat((List<?>) kit.call("KEYS", kit.ns().name() + ":*")).isEmpty();
    }

    @Test
    void redisDownExitsTwoWithHostAndPortAndNoPassword() throws Exception {
        int port = LocalRedisProcess.freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"info", "--redis", "redis://ops:hunter2@127.0.0.1:" + port + "/0"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.REDIS_UNAVAILABLE);
        assertThat(err.toString()).contains("127.0.0.1:" + port).doesNotContain("hunter2");
        assertThat(out.toString()).doesNotContain("hunter2");
    }

    private ProcessBuilder cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dresque:work=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--redis", kit.server().uri(), "--namespace", kit.ns().name()));
        return new ProcessBuilder(cmd);
    }

    @Test
    void realProcessEnqueueAndExitCodes() throws Exception {
        Process p = cli("enqueue", "default", "NoopJob", "[1]").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).contains("enqueued on default");
        Process bad = cli("nope").start();
        assertThat(bad.waitFor()).isEqualTo(Main.USAGE);
    }

    @Test
    void workStartedWhileRedisIsDownWaitsAndStartsWhenItComesUp() throws Exception {
        try (LocalRedisProcess redis = LocalRedisProcess.start()) {
            redis.stopProcess();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Dresque:work=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "work", "-q", "default", "--poll", "0.2", "--handler", "NoopJob=" + CliTestHandler.class.getName(),
                    "--redis", redis.uri(), "--namespace", "startup"));
            java.io.File log = java.io.File.createTempFile("work", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> java.nio.file.Files.readString(log.toPath())
                        .contains("retrying with backoff"));
                assertThat(p.isAlive()).isTrue();
                redis.startProcess();
                try (RespClient raw = RespClient.connect(redis)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> ((List<?>) raw.call("SMEMBERS",
                            "startup:workers")).size() == 1);
                }
                // The workers register inside start(); the CLI prints its line just after: wait for it.
                await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.readString(log.toPath())
                        .contains("Redis is reachable, started"));
                String out = java.nio.file.Files.readString(log.toPath());
                assertThat(out.split("retrying with backoff", -1)).hasSize(2); // said once, not per attempt
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void realProcessWorkRunsJobsAndStopsOnSigterm() throws Exception {
        kit.client().enqueue("default", "NoopJob", 1);
        kit.client().enqueue("default", "NoopJob", "fail");
        Process p = cli("work", "-q", "default", "-c", "2", "--poll", "0.2", "--shutdown-timeout", "2",
                "--handler", "NoopJob=" + CliTestHandler.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(kit.get("stat:processed")));
            assertThat(kit.get("stat:failed")).isEqualTo("1");
            List<String> workers = kit.members("workers");
            assertThat(workers).hasSize(2)
                    .anyMatch(w -> w.endsWith(":" + p.pid() + ":default") && !w.contains("-w"));
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(kit.members("workers")).isEmpty();
    }
}
