package io.github.resque4j.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.failure.BulkResult;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.failure.FailureList;
import io.github.resque4j.failure.Failures;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.Compat;
import io.github.resque4j.testsupport.MonitoredCommand;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisMonitor;
import io.github.resque4j.testsupport.Replay;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.StateDump;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.worker.FailureBackend;

/**
 * Replays the failure scenarios recorded from Ruby Resque 3.0 (failure_requeue, failure_remove,
 * failure_multiqueue): the failure lists are seeded with Ruby's own RPUSHes, the same operations run through
 * the Java API, and the data-changing commands (those our Lua scripts issue show up in MONITOR under the same
 * names) and the final keys must equal Ruby's, with only the clock normalised.
 */
@ExtendWith(RedisExtension.class)
class FailureReplayTest {
    private static final Pattern TIME = Pattern.compile("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d");

    private ResqueConfig config;
    private RespClient raw;
    private RedisServer server;
    private String ns;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        this.config = config;
        this.raw = RespClient.connect(server);
        this.server = server;
        this.ns = ns.name();
    }

    @AfterEach
    void tearDown() {
        raw.close();
    }

    private static String normalise(String s) {
        return TIME.matcher(s).replaceAll("<TIME>");
    }

    /** The commands before the first ECHO marker: how Ruby filled the failure lists. */
    private static List<MonitoredCommand> seed(List<MonitoredCommand> transcript) {
        List<MonitoredCommand> out = new ArrayList<>();
        for (MonitoredCommand c : transcript) {
            if (c.name().equals("echo")) {
                break;
            }
            out.add(c);
        }
        return out;
    }

    private static List<String> rubyWrites(String scenario) {
        List<MonitoredCommand> all = Compat.transcript(scenario);
        List<MonitoredCommand> ops = all.subList(seed(all).size(), all.size());
        List<String> out = new ArrayList<>();
        for (String c : Replay.spelled(RedisMonitor.writes(ops, "resque:"))) {
            out.add(normalise(c));
        }
        // Guard against a vacuous comparison.
        assertThat(out).hasSizeGreaterThanOrEqualTo(8);
        return out;
    }

    private List<String> javaWrites(List<MonitoredCommand> seen) {
        List<String> out = new ArrayList<>();
        for (String c : Replay.asRuby(RedisMonitor.writes(seen, ns + ":"), ns)) {
            out.add(normalise(c));
        }
        if (System.getenv("SHOW_REPLAY") != null) {
            out.forEach(c -> System.out.println("java: " + c));
        }
        return out;
    }

    private String javaState() {
        return normalise(StateDump.dump(raw, ns, false));
    }

    private Failures failures(FailureBackend backend) {
        return Failures.builder(config).backend(backend).zone(ZoneId.of("UTC")).build();
    }

    @Test
    void failureRequeue() {
        Replay.run(raw, seed(Compat.transcript("failure_requeue")), ns);
        RedisMonitor monitor = RedisMonitor.start(server);
        try (Failures f = failures(FailureBackend.REDIS)) {
            assertThat(f.requeue(0).retriedAt()).matches(TIME.pattern() + " UTC");
            assertThat(f.requeueQueue("other")).isEqualTo(new BulkResult(1, 1, 0, 0, false));
            assertThat(f.count()).isEqualTo(3); // Ruby's log: count=3
            assertThat(f.all(0, 3)).hasSize(3);
            assertThat(f.requeueAll()).isEqualTo(new BulkResult(3, 3, 0, 0, false));
        }
        assertThat(javaWrites(monitor.stop())).containsExactlyElementsOf(rubyWrites("failure_requeue"));
        assertThat(javaState()).isEqualTo(normalise(Compat.state("failure_requeue")));
    }

    @Test
    void failureRemove() {
        Replay.run(raw, seed(Compat.transcript("failure_remove")), ns);
        RedisMonitor monitor = RedisMonitor.start(server);
        try (Failures f = failures(FailureBackend.REDIS)) {
            f.remove(1);
            assertThat(f.removeQueue("other")).isEqualTo(new BulkResult(2, 2, 0, 0, false));
            f.requeue(0);
            assertThat(f.clearRetried()).isEqualTo(new BulkResult(1, 1, 0, 0, false));
            // Ruby's log: after clear_retried only SimpleJob [3] is left, byte for byte as Ruby pushed it (the
            // log itself is not under version control: *.log is git-ignored).
            List<FailureEntry> left = f.all(0, 10);
            assertThat(left).extracting(FailureEntry::raw).containsExactly(
                    seed(Compat.transcript("failure_remove")).get(3).args().get(1));
            assertThat(f.clear()).isEqualTo(1);
        }
        assertThat(javaWrites(monitor.stop())).containsExactlyElementsOf(rubyWrites("failure_remove"));
        assertThat(javaState()).isEqualTo(normalise(Compat.state("failure_remove")));
    }

    @Test
    void failureMultiQueue() {
        Replay.run(raw, seed(Compat.transcript("failure_multiqueue")), ns);
        RedisMonitor monitor = RedisMonitor.start(server);
        try (Failures f = failures(FailureBackend.REDIS_MULTI_QUEUE)) {
            // Ruby's log: queues=["default_failed", "other_failed"] count=3 count(default_failed)=2
            assertThat(f.lists()).extracting(FailureList::name).containsExactly("default_failed", "other_failed");
            assertThat(f.count()).isEqualTo(3);
            assertThat(f.list("default_failed").count()).isEqualTo(2);
            assertThat(f.requeue(0, "default_failed").retriedAt()).matches(TIME.pattern());
            f.remove(1, "default_failed");
            assertThat(f.requeueQueue("other")).isEqualTo(new BulkResult(1, 1, 0, 0, false));
            assertThat(f.removeQueue("other")).isEqualTo(new BulkResult(1, 1, 0, 0, false));
            assertThat(f.clear()).isEqualTo(1);
        }
        assertThat(javaWrites(monitor.stop())).containsExactlyElementsOf(rubyWrites("failure_multiqueue"));
        assertThat(javaState()).isEqualTo(normalise(Compat.state("failure_multiqueue")));
    }
}
