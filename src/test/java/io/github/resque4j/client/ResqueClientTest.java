package io.github.resque4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.InvalidNameException;
import io.github.resque4j.Job;
import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.Payload;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.TestNamespace;

@ExtendWith(RedisExtension.class)
class ResqueClientTest {
    private ResqueClient client;
    private RespClient raw;
    private TestNamespace ns;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        this.client = ResqueClient.create(config);
        this.raw = RespClient.connect(server);
        this.ns = ns;
    }

    @AfterEach
    void tearDown() {
        client.close();
        raw.close();
    }

    @Test
    void enqueueWritesQueueNameAndRubyPayload() {
        assertThat(client.enqueue("default", "NoopJob", 1, "two", Map.of("three", 3))).isTrue();
        assertThat(raw.call("SMEMBERS", ns.key("queues"))).isEqualTo(List.of("default"));
        assertThat(raw.call("LRANGE", ns.key("queue:default"), "0", "-1"))
                .isEqualTo(List.of("{\"class\":\"NoopJob\",\"args\":[1,\"two\",{\"three\":3}]}"));
    }

    @Test
    void enqueueWithNoArgsWritesEmptyArray() {
        client.enqueue("default", "SimpleJob");
        assertThat(raw.call("LINDEX", ns.key("queue:default"), "0")).isEqualTo("{\"class\":\"SimpleJob\",\"args\":[]}");
    }

    @Test
    void enqueueIsFifoWithPeekAndSize() {
        for (int i = 0; i < 5; i++) {
            client.enqueue("q", "J", i);
        }
        assertThat(client.size("q")).isEqualTo(5);
        assertThat(client.peek("q")).map(Payload::args).contains(List.of(0));
        assertThat(client.peek("q", 1, 3)).extracting(Payload::args).containsExactly(List.of(1), List.of(2), List.of(3));
        assertThat(client.peek("q", 10, 1)).isEmpty();
        assertThat(client.peek("missing")).isEmpty();
    }

    @Test
    void beforeEnqueueHookVetoWritesNothingAndSkipsAfterHooks() {
        List<String> calls = new ArrayList<>();
        try (ResqueClient hooked = ResqueClient.builder(client.config()).hook(new ClientHook() {
            @Override
            public boolean beforeEnqueue(String queue, Job job) {
                calls.add("before1 " + job.className());
                return !job.className().equals("Vetoed");
            }

            @Override
            public void afterEnqueue(String queue, Job job) {
                calls.add("after " + job.className());
            }
        }).hook(new ClientHook() {
            @Override
            public boolean beforeEnqueue(String queue, Job job) {
                calls.add("before2 " + job.className());
                return true;
            }
        }).build()) {
            assertThat(hooked.enqueue("q", "Vetoed")).isFalse();
            assertThat(hooked.enqueue("q", "Allowed")).isTrue();
        }
        // Like Ruby, every before hook runs even after one said no.
        assertThat(calls).containsExactly("before1 Vetoed", "before2 Vetoed", "before1 Allowed", "before2 Allowed",
                "after Allowed");
        assertThat(raw.call("LRANGE", ns.key("queue:q"), "0", "-1"))
                .isEqualTo(List.of("{\"class\":\"Allowed\",\"args\":[]}"));
    }

    @Test
    void batchEnqueueWritesAllInOrderAcrossChunks() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            jobs.add(Job.of("NoopJob", i));
        }
        assertThat(client.enqueueAll("bulk", jobs)).isEqualTo(2500);
        assertThat(client.size("bulk")).isEqualTo(2500);
        assertThat(raw.call("LINDEX", ns.key("queue:bulk"), "1999")).isEqualTo("{\"class\":\"NoopJob\",\"args\":[1999]}");
        assertThat(raw.call("LINDEX", ns.key("queue:bulk"), "2499")).isEqualTo("{\"class\":\"NoopJob\",\"args\":[2499]}");
        assertThat(client.queues()).containsExactly("bulk");
    }

    @Test
    void batchWithOneUnencodableJobWritesNothing() {
        List<Job> jobs = List.of(Job.of("A", 1), Job.of("B", Double.NaN), Job.of("C", 3));
        assertThatThrownBy(() -> client.enqueueAll("bulk", jobs)).isInstanceOf(JsonEncodingException.class)
                .hasMessageContaining("NaN");
        assertThat(raw.call("EXISTS", ns.key("queue:bulk"))).isEqualTo(0L);
        assertThat(raw.call("EXISTS", ns.key("queues"))).isEqualTo(0L);
    }

    @Test
    void invalidNamesAndArgsAreRefusedBeforeWriting() {
        assertThatThrownBy(() -> client.enqueue("a:b", "J")).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("a:b");
        assertThatThrownBy(() -> client.enqueue("a,b", "J")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> client.enqueue("", "J")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> client.enqueue(null, "J")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> client.enqueue("q", "")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> client.enqueue("q", (String) null)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> client.enqueue("q", "J", Double.POSITIVE_INFINITY))
                .isInstanceOf(JsonEncodingException.class);
        Map<String, Object> cyclic = new LinkedHashMap<>();
        cyclic.put("self", cyclic);
        assertThatThrownBy(() -> client.enqueue("q", "J", cyclic)).isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> client.enqueue("q", "J", new Object())).isInstanceOf(JsonEncodingException.class);
        assertThat(raw.call("KEYS", ns.name() + ":*")).isEqualTo(List.of());
    }

    @Test
    void dequeueWithArgsIsAByteMatchAndClassOnlyMatchesAnyLayout() {
        client.enqueue("default", "SimpleJob", 1, "a");
        client.enqueue("default", "SimpleJob", 1, "a");
        client.enqueue("default", "SimpleJob", 2, "b");
        client.enqueue("default", "OtherJob", 9);
        raw.call("RPUSH", ns.key("queue:default"), "{\"args\":[1,\"a\"],\"class\":\"SimpleJob\"}");
        raw.call("RPUSH", ns.key("queue:default"), "{\"class\":\"SimpleJob\", \"args\":[2,\"b\"]}");
        raw.call("RPUSH", ns.key("queue:default"), "not json at all");

        assertThat(client.dequeue("default", "SimpleJob", 1, "a")).isEqualTo(2);
        assertThat(client.size("default")).isEqualTo(5);
        assertThat(client.dequeue("default", "SimpleJob")).isEqualTo(3);
        assertThat(client.peekRaw("default", 0, 10)).containsExactly("{\"class\":\"OtherJob\",\"args\":[9]}",
                "not json at all");
    }

    @Test
    void dequeueExactHandlesEmptyArgsAndHooksCanVeto() {
        client.enqueue("q", "J");
        client.enqueue("q", "J", 1);
        assertThat(client.dequeueExact("q", Job.of("J"))).isEqualTo(1);
        assertThat(client.size("q")).isEqualTo(1);
        List<String> after = new ArrayList<>();
        try (ResqueClient hooked = ResqueClient.builder(client.config()).hook(new ClientHook() {
            @Override
            public boolean beforeDequeue(String queue, Job job) {
                return false;
            }

            @Override
            public void afterDequeue(String queue, Job job) {
                after.add(job.className());
            }
        }).build()) {
            assertThat(hooked.dequeue("q", "J")).isZero();
        }
        assertThat(after).isEmpty();
        assertThat(client.size("q")).isEqualTo(1);
    }

    @Test
    void peekOfMalformedEntryNamesIndexButPeekRawShowsIt() {
        client.enqueue("q", "J", 1);
        raw.call("RPUSH", ns.key("queue:q"), "[1,2]");
        raw.call("RPUSH", ns.key("queue:q"), "{\"class\":\"J\",\"args\":{\"k\":1}}");
        assertThatThrownBy(() -> client.peek("q", 0, 2)).isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("entry 1").hasMessageContaining("not a JSON object")
                .satisfies(e -> assertThat(((PayloadFormatException) e).rawPayload()).isEqualTo("[1,2]"));
        assertThatThrownBy(() -> client.peek("q", 2, 1)).isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("args must be a JSON array");
        assertThat(client.peekRaw("q", 0, 3)).hasSize(3);
    }

    @Test
    void pushKeepsCallerKeyOrderAndExtraKeys() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("class", "RawJob");
        item.put("args", List.of(1));
        item.put("extra", "kept");
        client.push("raw", item);
        assertThat(client.peekRaw("raw", 0, 1)).containsExactly("{\"class\":\"RawJob\",\"args\":[1],\"extra\":\"kept\"}");
        assertThat(client.peek("raw").orElseThrow().fields()).containsEntry("extra", "kept");
    }

    @Test
    void queueSizesRemoveQueueAndInfo() {
        client.enqueue("a", "J", 1);
        client.enqueue("a", "J", 2);
        client.enqueue("b", "J", BigInteger.TWO.pow(70));
        raw.call("INCRBY", ns.key("stat:processed"), "10");
        raw.call("SADD", ns.key("workers"), "javahost:1:a", "javahost:2:b");
        raw.call("SET", ns.key("worker:javahost:1:a"), "{\"queue\":\"a\"}");
        raw.call("SET", ns.key("worker:javahost:2:b"), "");
        raw.call("RPUSH", ns.key("failed"), "{}", "{}", "{}");

        assertThat(client.queueSizes()).containsOnly(Map.entry("a", 2L), Map.entry("b", 1L));
        ResqueInfo info = client.info();
        assertThat(info.pending()).isEqualTo(3);
        assertThat(info.processed()).isEqualTo(10);
        assertThat(info.queues()).isEqualTo(2);
        assertThat(info.workers()).isEqualTo(2);
        assertThat(info.working()).isEqualTo(1);
        assertThat(info.failed()).isEqualTo(3);
        assertThat(info.servers()).singleElement().asString().endsWith("/" + ns.name());

        client.removeQueue("b");
        assertThat(client.queues()).containsExactly("a");
        assertThat(raw.call("EXISTS", ns.key("queue:b"))).isEqualTo(0L);
    }

    @Test
    void infoOnEmptyNamespaceIsAllZero() {
        ResqueInfo info = client.info();
        assertThat(info.pending()).isZero();
        assertThat(info.processed()).isZero();
        assertThat(info.queues()).isZero();
        assertThat(info.workers()).isZero();
        assertThat(info.working()).isZero();
        assertThat(info.failed()).isZero();
    }
}
