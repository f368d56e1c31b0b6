package io.github.resque4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;

/** {@code failed …} in-process and {@code scheduler} as a real process. */
@ExtendWith(RedisExtension.class)
class CliFailedAndSchedulerTest {
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

    private void seedFailure(String cls, String queue, String exception) {
        kit.call("RPUSH", kit.ns().key("failed"), "{\"failed_at\":\"2026/11/25 13:41:03 UTC\",\"payload\":{\"class\":\""
                + cls + "\",\"args\":[7]},\"exception\":\"" + exception + "\",\"error\":\"boom\",\"backtrace\":[],"
                + "\"worker\":\"vm:1:" + queue + "\",\"queue\":\"" + queue + "\"}");
    }

    @Test
    void listShowRequeueRemoveClear() {
        seedFailure("A", "default", "ArgumentError");
        seedFailure("B", "mail", "java.lang.IllegalStateException");
        seedFailure("A", "mail", "ArgumentError");
        kit.call("RPUSH", kit.ns().key("failed"), "not json");

        Result list = run("failed", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("failed[0]", "ArgumentError", "failed[3]", "4 shown, 4 matching, 4 in all");
        assertThat(run("failed", "list", "--class", "A").out()).contains("2 shown, 2 matching, 4 in all");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) json.decode(run("failed", "list", "--queue",
                "mail", "--json").out().trim());
        assertThat(items).extracting(m -> m.get("index")).containsExactly(1, 2);

        assertThat(run("failed", "show", "1").out()).contains("exception: java.lang.IllegalStateException",
                "payload: {\"class\":\"B\",\"args\":[7]}");
        assertThat(run("failed", "show", "99").code()).isEqualTo(Main.USAGE);

        assertThat(run("failed", "requeue", "0").code()).isZero();
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"A\",\"args\":[7]}");
        assertThat(json.decodeObject(kit.list("failed").get(0))).containsKey("retried_at");

        Result bulk = run("failed", "requeue", "--exception", "ArgumentError");
        assertThat(bulk.code()).isZero();
        assertThat(bulk.out()).contains("requeued 2 of 2 matching");
        assertThat(bulk.err()).contains("[##############################] 2/2");
        assertThat(kit.list("queue:mail")).containsExactly("{\"class\":\"A\",\"args\":[7]}");

        // Requeueing everything hits the unreadable entry: partial failure, exit 3.
        Result partial = run("failed", "requeue", "--all");
        assertThat(partial.code()).isEqualTo(Main.PARTIAL);
        assertThat(partial.out()).contains("1 unreadable (skipped)");

        assertThat(run("failed", "remove", "3").code()).isZero();
        assertThat(kit.list("failed")).hasSize(3).doesNotContain("not json").doesNotContain("");
        assertThat(run("failed", "clear", "--retried").out()).contains("removed 3");
        seedFailure("C", "x", "E");
        assertThat(run("failed", "clear", "--json").out().trim()).isEqualTo("{\"removed\":1}");
        assertThat(run("failed", "requeue").code()).isEqualTo(Main.USAGE);
        assertThat(run("failed", "list", "--since", "yesterday").err()).contains("ISO-8601");
    }

    @Test
    void schedulerRunsAsARealProcessAndReleasesItsLockOnSigterm() throws Exception {
        Path schedule = Files.createTempFile("schedule", ".yml");
        Files.writeString(schedule, "tick:\n  every: 1s\n  class: Tick\n  queue: ticks\n  args: [1]\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scheduler", "--interval", "0.2",
                "--schedule", schedule.toString(), "--no-dynamic", "--redis", kit.server().uri(), "--namespace",
                kit.ns().name()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String lock = kit.ns().name() + ":" + kit.ns().name() + ":resque_scheduler_master_lock";
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> kit.list("queue:ticks").size() >= 2);
            assertThat((String) kit.call("GET", lock)).endsWith(":" + p.pid());
            assertThat(kit.list("queue:ticks").get(0)).isEqualTo("{\"class\":\"Tick\",\"args\":[1]}");
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(kit.call("EXISTS", lock)).isEqualTo(0L);
    }
}
