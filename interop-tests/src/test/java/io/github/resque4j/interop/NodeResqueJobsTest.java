package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.github.resque4j.Job;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerPool;

/**
 * Jobs crossing between node-resque and resque4j in both directions, and both draining one queue.
 *
 * <p>JSON numbers are where the two differ: JavaScript has one number type (IEEE double), so node-resque
 * writes an integral float as an integer ({@code 3.0} → {@code 3}, {@code 1.0e20} →
 * {@code 100000000000000000000}), switches to exponent form only from 1e21 and below 1e-6, and cannot carry
 * integers beyond 2^53 exactly; strings and structure pass unchanged.
 */
class NodeResqueJobsTest extends NodeResqueTestBase {


    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void nodeEnqueuedJobRunsOnTheJavaPool() {
        // Sent to node as JSON (Ruby spelling), parsed there with JSON.parse, enqueued with queue.enqueue.
        List<Object> sent = Arrays.asList(0, -7, 2147483648L, 9007199254740991L, 9007199254740993L,
                new BigInteger("18446744073709551617"), 1.5, 0.1, -2.5e-3, 3.0, 1.0e20, 1.0e21, 1.5e-7, 123456.789e3,
                "plain", "é日本", "😀 astral 𝄞", "\u2028\u2029", "tab\tnl\nctl\u0001\u001f", "q\" b\\ s/ </script>", "",
                null, true, false,
                map("b", 1, "a", Arrays.asList(1.5, null, "é", map("deep", List.of(List.of()))), "10", "int-like key",
                        "z", map()),
                List.of(), map());
        node.call("enqueue", "default", "Interop::Echo", sent);

        String expectedBytes = "{\"class\":\"Interop::Echo\",\"queue\":\"default\",\"args\":[0,-7,2147483648,"
                + "9007199254740991,9007199254740992,18446744073709552000,1.5,0.1,-0.0025,3,100000000000000000000,"
                + "1e+21,1.5e-7,123456789,\"plain\",\"é日本\",\"😀 astral 𝄞\",\"\u2028\u2029\","
                + "\"tab\\tnl\\nctl\\u0001\\u001f\",\"q\\\" b\\\\ s/ </script>\",\"\",null,true,false,"
                + "{\"10\":\"int-like key\",\"b\":1,\"a\":[1.5,null,\"é\",{\"deep\":[[]]}],\"z\":{}},[],{}]}";
        assertThat(kit.list("queue:default")).containsExactly(expectedBytes);
        assertThat(kit.members("queues")).containsExactly("default");
        // The Java read side sees it as any other job.
        assertThat(kit.client().queues()).containsExactly("default");
        assertThat(kit.client().size("default")).isEqualTo(1);
        assertThat(kit.client().peekRaw("default", 0, 1)).containsExactly(expectedBytes);
        assertThat(kit.client().peek("default").orElseThrow().className()).isEqualTo("Interop::Echo");
        assertThat(kit.client().info().pending()).isEqualTo(1);

        List<JobContext> seen = new CopyOnWriteArrayList<>();
        pool(JobRegistry.builder().register("Interop::Echo", seen::add).build(), 1, "default");
        await().atMost(WAIT).until(() -> seen.size() == 1);

        JobContext job = seen.get(0);
        List<Object> expected = Arrays.asList(0, -7, 2147483648L, 9007199254740991L,
                9007199254740992L, // 2^53+1 is not a double: node wrote 2^53
                new BigInteger("18446744073709552000"), // 2^64+1 as a double, printed with 17 digits and zeros
                1.5, 0.1, -0.0025,
                3, // an integral float is an integer in JavaScript
                new BigInteger("100000000000000000000"), // 1e20: still plain digits, so an integer for Java (and Ruby)
                1.0e21, 1.5e-7,
                123456789,
                "plain", "é日本", "😀 astral 𝄞", "\u2028\u2029", "tab\tnl\nctl\u0001\u001f", "q\" b\\ s/ </script>", "",
                null, true, false,
                // JavaScript objects list integer-like keys first, whatever the insertion order.
                map("10", "int-like key", "b", 1, "a", Arrays.asList(1.5, null, "é", map("deep", List.of(List.of()))),
                        "z", map()),
                List.of(), map());
        assertThat(job.args()).isEqualTo(expected);
        assertThat(json.encode(job.args())).isEqualTo(json.encode(expected));
        assertThat(job.className()).isEqualTo("Interop::Echo");
        assertThat(job.queue()).isEqualTo("default");
        // node-resque's extra "queue" key, between class and args, reaches the handler and is kept.
        assertThat(job.payload().fields()).containsOnlyKeys("class", "queue", "args");
        assertThat(new ArrayList<>(job.payload().fields().keySet())).containsExactly("class", "queue", "args");
        assertThat(job.payload().raw()).isEqualTo(expectedBytes);
        await().atMost(WAIT).until(() -> "1".equals(kit.get("stat:processed")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void javaEnqueuedJobRunsOnANodeWorker() {
        Map<String, Object> nested = map("b", 1, "10", "int-like key", "a", Arrays.asList(1.5, null, "é"), "z", map());
        List<Object> sent = Arrays.asList(1, -1, 9007199254740991L, Long.MAX_VALUE,
                new BigInteger("18446744073709551617"), 1.5, 0.1, 3.0, -0.0, 1.0e20, 1.5e-7, 1.0e-5,
                1.7976931348623157e308,
                "plain", "é日本", "😀 astral 𝄞", "\u2028\u2029", "tab\tnl\nctl\u0001", "q\" b\\ s/ </script>", "",
                null, true, false, nested, List.of(), map());
        kit.client().enqueue("default", "Interop::Echo", sent.toArray());
        String stored = kit.list("queue:default").get(0);
        assertThat(stored).isEqualTo("{\"class\":\"Interop::Echo\",\"args\":[1,-1,9007199254740991,"
                + "9223372036854775807,18446744073709551617,1.5,0.1,3.0,-0.0,1.0e+20,1.5e-07,1.0e-05,"
                + "1.7976931348623157e+308,\"plain\",\"é日本\",\"😀 astral 𝄞\",\"\u2028\u2029\",\"tab\\tnl\\nctl\\u0001\","
                + "\"q\\\" b\\\\ s/ </script>\",\"\",null,true,false,{\"b\":1,\"10\":\"int-like key\","
                + "\"a\":[1.5,null,\"é\"],\"z\":{}},[],{}]}");

        // node-resque's read side sees it too (queued() is JSON.parse of the stored text).
        assertThat(node.call("queues")).isEqualTo(List.of("default"));
        assertThat(node.call("length", "default")).isEqualTo(1);
        assertThat(node.call("queued", "default", 0, -1)).asInstanceOf(LIST).hasSize(1);

        Map<String, Object> w = node.startWorker("w", List.of("default"), Map.of("Interop::Echo", "echo"), Map.of());
        await().atMost(WAIT).until(() -> node.received("w").size() == 1);
        Map<String, Object> got = node.received("w").get(0);
        assertThat(got).containsEntry("class", "Interop::Echo").containsEntry("queue", "default");
        // The payload as node-resque parsed it: no "queue" key, which it does not need (it uses the polled queue).
        assertThat((Map<String, Object>) got.get("job")).containsOnlyKeys("class", "args");

        // What the node job received, as JSON.stringify reports it back.
        List<Object> expected = Arrays.asList(1, -1, 9007199254740991L,
                new BigInteger("9223372036854776000"), // Long.MAX_VALUE: the double 2^63, 16 digits and zeros
                new BigInteger("18446744073709552000"), // 2^64+1: the double 2^64, likewise
                1.5, 0.1,
                3, // 3.0 is the number 3
                0, // -0.0 arrives as -0, which JSON.stringify writes as 0
                new BigInteger("100000000000000000000"), 1.5e-7, 1.0e-5, 1.7976931348623157e308,
                "plain", "é日本", "😀 astral 𝄞", "\u2028\u2029", "tab\tnl\nctl\u0001", "q\" b\\ s/ </script>", "",
                null, true, false,
                map("10", "int-like key", "b", 1, "a", Arrays.asList(1.5, null, "é"), "z", map()), // keys reordered
                List.of(), map());
        assertThat((List<Object>) got.get("args")).isEqualTo(expected);

        await().atMost(WAIT).until(() -> "1".equals(kit.get("stat:processed")));
        // node-resque keys per-worker stats by worker *name* (host:pid), not by the worker id (host:pid:queues).
        assertThat(kit.get("stat:processed:" + w.get("name"))).isEqualTo("1");
        assertThat(kit.get("stat:processed:" + w.get("id"))).isNull();
        assertThat((List<String>) kit.call("LRANGE", kit.ns().key("failed"), "0", "-1")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void javaPoolAndNodeWorkerDrainOneQueueExactlyOnce() throws Exception {
        int n = 300;
        String done = kit.ns().key("interop:done");
        try (RespClient recorder = RespClient.connect(kit.server())) {
            JobRegistry reg = JobRegistry.builder().register("Mixed", job -> {
                int i = job.arg(0, Integer.class);
                synchronized (recorder) {
                    recorder.call("RPUSH", done, "java:" + i);
                }
            }).build();
            // Java first: a WorkerPool's startup prune unregisters a live same-host node worker with the same
            // queues (see NodeResqueWorkersTest), so the node worker registers after it.
            WorkerPool javaPool = pool(reg, 2, "mixed");
            Map<String, Object> w = node.startWorker("w", List.of("mixed"), Map.of("Mixed", "record"),
                    Map.of("tag", "node", "timeout", 20));
            assertThat(kit.members("workers")).contains((String) w.get("id")).containsAll(javaPool.workerIds());

            // Half enqueued by each implementation, interleaved in batches.
            for (int batch = 0; batch < n; batch += 50) {
                List<Job> evens = new ArrayList<>();
                List<List<Object>> odds = new ArrayList<>();
                for (int i = batch; i < batch + 50; i++) {
                    if (i % 2 == 0) {
                        evens.add(Job.of("Mixed", i));
                    } else {
                        odds.add(List.of(i));
                    }
                }
                kit.client().enqueueAll("mixed", evens);
                node.call("enqueueMany", "mixed", "Mixed", odds);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> (Long) kit.call("LLEN", done) >= n
                    && kit.client().size("mixed") == 0);
            await().atMost(WAIT).until(() -> String.valueOf(n).equals(kit.get("stat:processed")));
            List<String> entries = (List<String>) kit.call("LRANGE", done, "0", "-1");
            assertThat(entries).hasSize(n);
            List<Integer> indexes = entries.stream().map(e -> Integer.valueOf(e.substring(e.indexOf(':') + 1)))
                    .collect(Collectors.toList());
            assertThat(new HashSet<>(indexes)).hasSize(n) // no duplicates
                    .isEqualTo(IntStream.range(0, n).boxed().collect(Collectors.toSet())); // none missing
            long byJava = entries.stream().filter(e -> e.startsWith("java:")).count();
            long byNode = entries.stream().filter(e -> e.startsWith("node:")).count();
            assertThat(byJava + byNode).isEqualTo(n);
            assertThat(byJava).as("jobs run by Java").isPositive();
            assertThat(byNode).as("jobs run by node-resque").isPositive();

            // stat:processed: both implementations INCR it once per successful job.
            assertThat(javaPool.processedCount()).isEqualTo(byJava);
            Map<String, Object> counts = node.counts("w");
            assertThat(((Number) counts.get("successes")).longValue()).isEqualTo(byNode);
            assertThat(counts.get("failures")).isEqualTo(0);
            long javaPerWorker = javaPool.workerIds().stream().map(id -> kit.get("stat:processed:" + id))
                    .mapToLong(v -> v == null ? 0 : Long.parseLong(v)).sum();
            assertThat(javaPerWorker).isEqualTo(byJava);
            String nodePerWorker = kit.get("stat:processed:" + w.get("name")); // keyed by name, not id
            assertThat(nodePerWorker == null ? 0 : Long.parseLong(nodePerWorker)).isEqualTo(byNode);
            // node-resque's stats() lists every stat:* key of the namespace with its raw value.
            Map<String, Object> stats = (Map<String, Object>) node.call("stats");
            assertThat(stats).containsEntry("processed", String.valueOf(n));
            assertThat(kit.get("stat:failed")).isNull();

            // Both unregister cleanly, per-worker stats included.
            node.stopWorker("w");
            javaPool.close();
            Set<String> left = new HashSet<>(kit.members("workers"));
            assertThat(left).isEmpty();
            assertThat(kit.get("stat:processed:" + w.get("name"))).isNull();
        }
    }
}
