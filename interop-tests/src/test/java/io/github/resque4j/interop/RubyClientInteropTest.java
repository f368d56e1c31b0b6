package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.testsupport.TestNamespace;

/** Real Ruby Resque 3.0 reads and removes what the Java client writes (skipped without RESQUE_RUBY_LIB). */
@ExtendWith(RedisExtension.class)
class RubyClientInteropTest {
    private ResqueClient client;
    private RubyResque ruby;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        RubyResque.assumeAvailable();
        client = ResqueClient.create(config);
        ruby = RubyResque.start(server, ns.name());
    }

    @AfterEach
    void tearDown() {
        if (ruby != null) {
            ruby.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private static List<Object> awkwardArgs() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", 1);
        nested.put("a", Map.of("deep", List.of(1.5, "x")));
        return List.of(1, "two", 3.0, 0.1, 1.0e-05, 1.0e15, 1.0e20, -0.0, new BigInteger("18446744073709551617"),
                "héllo 日本 😀 \u2028 tab\t ctl\u0001 /<>&", nested, List.of(), true);
    }

    @Test
    void rubyDequeueWithArgsRemovesJavaEnqueuedJob() {
        List<Object> args = awkwardArgs();
        client.enqueue("default", "InteropJob", args.toArray());
        client.enqueue("default", "InteropJob", "keep me");
        Object removed = ruby.call("dequeue", "default", "InteropJob", args);
        assertThat(removed).isEqualTo(1);
        assertThat(client.peekRaw("default", 0, 10)).containsExactly("{\"class\":\"InteropJob\",\"args\":[\"keep me\"]}");
    }

    @Test
    void rubyEncodesJavaArgsToTheSameBytes() {
        List<Object> args = awkwardArgs();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("class", "InteropJob");
        payload.put("args", args);
        assertThat(ruby.call("encode", payload)).isEqualTo(client.json().encode(payload));
    }

    @Test
    @SuppressWarnings("unchecked")
    void rubyPeekAndInfoReadJavaQueues() {
        client.enqueue("alpha", "A", 1);
        client.enqueue("alpha", "A", 2);
        client.enqueue("beta", "B", Map.of("k", "v"));
        assertThat(ruby.call("size", "alpha")).isEqualTo(2);
        assertThat(ruby.call("peek", "alpha", 0, 1)).isEqualTo(Map.of("class", "A", "args", List.of(1)));
        assertThat((List<Object>) ruby.call("peek", "alpha", 0, 2)).hasSize(2);
        assertThat((List<String>) ruby.call("queues")).containsExactlyInAnyOrder("alpha", "beta");
        Map<String, Object> info = (Map<String, Object>) ruby.call("info");
        assertThat(info).containsEntry("pending", 3).containsEntry("queues", 2).containsEntry("processed", 0)
                .containsEntry("failed", 0);
        var ours = client.info();
        assertThat(ours.pending()).isEqualTo(3);
        assertThat(ours.queues()).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void javaReadsAndDequeuesRubyEnqueuedJobs() {
        ruby.call("enqueue", "default", "RubyMade", List.of(1, "a", Map.of("x", 1.5)));
        ruby.call("enqueue", "default", "RubyMade", List.of(2));
        assertThat(client.peek("default").orElseThrow().args()).containsExactly(1, "a", Map.of("x", 1.5));
        assertThat(client.dequeue("default", "RubyMade", 1, "a", Map.of("x", 1.5))).isEqualTo(1);
        assertThat(client.dequeue("default", "RubyMade")).isEqualTo(1);
        assertThat((Integer) ruby.call("size", "default")).isZero();
    }
}
