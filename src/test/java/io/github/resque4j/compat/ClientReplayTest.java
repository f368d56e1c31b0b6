package io.github.resque4j.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.Job;
import io.github.resque4j.Payload;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.client.ResqueInfo;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.Compat;
import io.github.resque4j.testsupport.MonitoredCommand;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisMonitor;
import io.github.resque4j.testsupport.Replay;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.StateDump;
import io.github.resque4j.testsupport.TestNamespace;

/**
 * Replays the client operations recorded from Ruby Resque 3.0 (compat/wire/monitor/*.txt) with the Java
 * client and checks that the same write commands reach Redis in the same order and the same keys and
 * values remain (compat/wire/state/*.txt).
 */
@ExtendWith(RedisExtension.class)
class ClientReplayTest {
    private final RubyJson json = RubyJson.jsonGem();
    private ResqueClient client;
    private RespClient raw;
    private RedisServer server;
    private String ns;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        this.client = ResqueClient.create(config);
        this.raw = RespClient.connect(server);
        this.server = server;
        this.ns = ns.name();
    }

    @AfterEach
    void tearDown() {
        client.close();
        raw.close();
    }

    private List<String> rubyWrites(String scenario) {
        return Replay.spelled(RedisMonitor.writes(Compat.transcript(scenario), "resque:"));
    }

    private List<String> javaWrites(List<MonitoredCommand> seen) {
        return Replay.asRuby(RedisMonitor.writes(seen, ns + ":"), ns);
    }

    @Test
    void enqueueTranscript() {
        List<MonitoredCommand> ruby = Compat.transcript("enqueue");
        RedisMonitor monitor = RedisMonitor.start(server);
        for (MonitoredCommand c : ruby) {
            if (!c.name().equals("rpush")) {
                continue;
            }
            String queue = c.args().get(0).substring("resque:queue:".length());
            Map<String, Object> payload = json.decodeObject(c.args().get(1));
            if (new ArrayList<>(payload.keySet()).equals(List.of("class", "args"))) {
                Payload p = Payload.parse(c.args().get(1), json);
                client.enqueue(queue, p.toJob());
            } else {
                client.push(queue, payload); // Ruby's Resque.push with its own hash
            }
        }
        List<MonitoredCommand> seen = monitor.stop();
        assertThat(javaWrites(seen)).containsExactlyElementsOf(rubyWrites("enqueue"));
        assertThat(StateDump.dump(raw, ns, true)).isEqualTo(Compat.state("enqueue"));
    }

    @Test
    void javaNativeArgumentsGiveRubyBytes() {
        client.enqueue("default", "SimpleJob");
        client.enqueue("default", "SimpleJob", 1, "two", 3.0, null, true, false);
        client.enqueue("default", "SimpleJob", "héllo 日本 😀",
                "tab\tnl\nquote\"bs\\ slash/ ctl\u0001 del\u007f ls\u2028");
        client.enqueue("default", "SimpleJob", 0.1, 1.0e-05, 1.0e15, 1.0e20, 123456789.12345679, -0.0,
                new BigInteger("18446744073709551617"), new BigInteger("-1180591620717411303424"));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("nested", List.of(1, singleton("deep", null)));
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("b", 1);
        first.put("a", nested);
        client.enqueue("default", "SimpleJob", first, "a_symbol", List.of());
        Map<Object, Object> keys = new LinkedHashMap<>();
        keys.put(1, "int key");
        keys.put(null, "nil key");
        client.enqueue("default", "SimpleJob", keys);
        client.enqueue("default", "SimpleJob", "2023-11-14 22:13:20 UTC");
        client.enqueue("default", "Nested::Job", "ns");

        List<String> expected = new ArrayList<>();
        for (MonitoredCommand c : Compat.transcript("enqueue")) {
            if (c.name().equals("rpush") && c.args().get(0).equals("resque:queue:default")) {
                expected.add(c.args().get(1));
            }
        }
        assertThat(client.peekRaw("default", 0, 100)).containsExactlyElementsOf(expected);
    }

    private static Map<String, Object> singleton(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }

    @Test
    void dequeueWithArgsTranscript() {
        List<MonitoredCommand> ruby = Compat.transcript("dequeue_with_args");
        RedisMonitor monitor = RedisMonitor.start(server);
        // Set-up: Ruby enqueued some jobs and RPUSHed foreign layouts directly (no SADD before them).
        for (int i = 0; i < ruby.size(); i++) {
            MonitoredCommand c = ruby.get(i);
            if (!c.name().equals("rpush")) {
                continue;
            }
            boolean viaEnqueue = i > 0 && ruby.get(i - 1).name().equals("sadd");
            if (viaEnqueue) {
                client.enqueue(c.args().get(0).substring("resque:queue:".length()),
                        Payload.parse(c.args().get(1), json).toJob());
            } else {
                Replay.run(raw, List.of(c), ns);
            }
        }
        Map<String, Object> xy = new LinkedHashMap<>();
        xy.put("x", 1);
        xy.put("y", 2);
        assertThat(client.dequeue("default", "SimpleJob", 1, "a")).isEqualTo(2);
        assertThat(client.dequeue("default", "SimpleJob", xy)).isEqualTo(1);
        assertThat(client.dequeue("default", "OtherQueueJob", 9)).isEqualTo(1);
        assertThat(client.peekRaw("default", 0, 100)).containsExactly("{\"class\":\"SimpleJob\",\"args\":[2,\"b\"]}",
                "{\"args\":[1,\"a\"],\"class\":\"SimpleJob\"}", "{\"class\":\"SimpleJob\",\"args\":[{\"y\":2,\"x\":1}]}",
                "{\"class\":\"SimpleJob\", \"args\":[2,\"b\"]}");
        assertThat(client.dequeue("default", "SimpleJob")).isEqualTo(4);
        List<MonitoredCommand> seen = monitor.stop();

        assertThat(javaWrites(seen)).containsExactlyElementsOf(rubyWrites("dequeue_with_args"));
        assertThat(StateDump.dump(raw, ns, true)).isEqualTo(Compat.state("dequeue_with_args"));
    }

    @Test
    void queueInspectionTranscript() {
        List<MonitoredCommand> ruby = Compat.transcript("queue_inspection");
        // Seed exactly what Ruby wrote before its reads (everything up to the first ECHO).
        List<MonitoredCommand> seed = new ArrayList<>();
        for (MonitoredCommand c : ruby) {
            if (c.name().equals("echo")) {
                break;
            }
            seed.add(c);
        }
        Replay.run(raw, seed, ns);

        assertThat(client.queues()).containsExactlyInAnyOrder("default", "other");
        assertThat(client.size("default")).isEqualTo(2);
        assertThat(client.peek("default", 0, 5)).extracting(Payload::raw)
                .containsExactly("{\"class\":\"SimpleJob\",\"args\":[1]}", "{\"class\":\"SimpleJob\",\"args\":[2]}");
        assertThat(client.queueSizes()).containsOnly(Map.entry("other", 1L), Map.entry("default", 2L));
        // [ruby] info={:pending=>3, :processed=>10, :queues=>2, :workers=>1, :working=>1, :failed=>0, ...}
        ResqueInfo info = client.info();
        assertThat(List.of(info.pending(), info.processed(), (long) info.queues(), (long) info.workers(),
                (long) info.working(), info.failed())).containsExactly(3L, 10L, 2L, 1L, 1L, 0L);
        assertThat(info.environment()).isEqualTo(System.getenv().getOrDefault("RAILS_ENV",
                System.getenv().getOrDefault("RACK_ENV", "development")));

        RedisMonitor monitor = RedisMonitor.start(server);
        client.removeQueue("other");
        List<MonitoredCommand> seen = monitor.stop();
        List<String> expected = new ArrayList<>(rubyWrites("queue_inspection"));
        expected.subList(0, Replay.spelled(RedisMonitor.writes(seed, "resque:")).size()).clear();
        assertThat(javaWrites(seen)).containsExactlyElementsOf(expected);
        assertThat(StateDump.dump(raw, ns, true)).isEqualTo(Compat.state("queue_inspection"));
    }

    @Test
    void namespacesAreSpelledAsRedisNamespaceDoes(TestNamespace testNs) {
        // Ruby's namespace variants: default, "myapp", "app:jobs" (a namespace containing ':'), "renamed".
        String[][] cases = {{"resque", "1"}, {"myapp", "2"}, {"app:jobs", "3"}, {"renamed", "4"}};
        List<String> expected = new ArrayList<>();
        for (String line : Replay.spelled(RedisMonitor.writes(Compat.transcript("namespace"), ""))) {
            expected.add(line.replaceFirst("\"(resque|myapp|app:jobs|renamed):", "\"" + testNs.name() + "-$1:"));
        }
        RedisMonitor monitor = RedisMonitor.start(server);
        for (String[] c : cases) {
            ResqueConfig cfg = client.config().mutate().namespace(testNs.name() + "-" + c[0]).build();
            try (ResqueClient other = ResqueClient.create(cfg)) {
                other.enqueue("q", Job.of("SimpleJob", Integer.parseInt(c[1])));
            }
        }
        ResqueConfig cfg = client.config().mutate().namespace(testNs.name() + "-resque").build();
        try (ResqueClient other = ResqueClient.create(cfg)) {
            other.enqueue("q", Job.of("SimpleJob", 5)); // URL form: namespace stays resque
        }
        List<MonitoredCommand> seen = monitor.stop();
        assertThat(Replay.spelled(RedisMonitor.writes(seen, testNs.name() + "-"))).containsExactlyElementsOf(expected);
    }
}
