package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.resque4j.Payload;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerPool;

/** Failure entries written by one implementation and read (and retried) with the other. */
class NodeResqueFailuresTest extends NodeResqueTestBase {
    /** Ruby's failed_at ({@code %Y/%m/%d %H:%M:%S %Z}), as resque4j writes it. */
    private static final String RUBY_FAILED_AT = "\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+";


    @Test
    @SuppressWarnings("unchecked")
    void nodeFailureIsReadableAndRequeueableByJava() {
        Map<String, Object> w = node.startWorker("w", List.of("default"), Map.of("Boom", "fail"), Map.of());
        node.call("enqueue", "default", "Boom", List.of(7, Map.of("x", "ü")));
        await().atMost(WAIT).until(() -> Integer.valueOf(1).equals(node.counts("w").get("failures")));

        List<String> failed = kit.list("failed");
        assertThat(failed).hasSize(1);
        Map<String, Object> entry = json.decodeObject(failed.get(0));
        // node-resque's field order (worker.ts failurePayload) differs from Ruby's failed_at, payload, exception,
        // error, backtrace, worker, queue; the field set is the same.
        assertThat(new ArrayList<>(entry.keySet()))
                .containsExactly("worker", "queue", "payload", "exception", "error", "backtrace", "failed_at");
        assertThat(entry).containsEntry("worker", w.get("name")) // host:pid, not the worker id host:pid:queues
                .containsEntry("queue", "default")
                .containsEntry("payload",
                        Map.of("class", "Boom", "queue", "default", "args", List.of(7, Map.of("x", "ü"))))
                .containsEntry("exception", "InteropError") // err.name
                .containsEntry("error", "node failure: [7,{\"x\":\"ü\"}]"); // err.message
        assertThat((List<String>) entry.get("backtrace")).isNotEmpty().allMatch(f -> f.startsWith("    at "));
        assertThat((String) entry.get("failed_at")).matches(NodeResque.JS_DATE);
        assertThat(new ArrayList<>(((Map<String, Object>) entry.get("payload")).keySet()))
                .containsExactly("class", "queue", "args");

        // node-resque counts a failure in stat:failed only, never in stat:processed (Ruby and resque4j count both).
        assertThat(kit.get("stat:failed")).isEqualTo("1");
        assertThat(kit.get("stat:failed:" + w.get("name"))).isEqualTo("1");
        assertThat(kit.get("stat:processed")).isNull();
        node.stopWorker("w");

        // Java re-creates the job from the entry's payload (class and args only, as Ruby's requeue does).
        Payload payload = Payload.parse(json.encode(entry.get("payload")), json);
        kit.client().enqueue((String) entry.get("queue"), payload.toJob());
        List<List<Object>> seen = new CopyOnWriteArrayList<>();
        pool(JobRegistry.builder().register("Boom", job -> seen.add(job.args())).build(), "default");
        await().atMost(WAIT).until(() -> seen.size() == 1);
        assertThat(seen.get(0)).isEqualTo(List.of(7, Map.of("x", "ü")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void javaFailureIsReadableAndRetriedByNode() {
        AtomicInteger attempts = new AtomicInteger();
        List<List<Object>> seen = new CopyOnWriteArrayList<>();
        WorkerPool p = pool(JobRegistry.builder().register("Flaky", job -> {
            seen.add(job.args());
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("java failure é");
            }
        }).build(), "default");
        kit.client().enqueue("default", "Flaky", 7, Map.of("x", "ü"));
        await().atMost(WAIT).until(() -> "1".equals(kit.get("stat:processed")));

        assertThat(node.call("failedCount")).isEqualTo(1);
        List<Map<String, Object>> entries = (List<Map<String, Object>>) node.call("failed", 0, -1);
        assertThat(entries).hasSize(1);
        Map<String, Object> entry = entries.get(0);
        assertThat(new ArrayList<>(entry.keySet()))
                .containsExactly("failed_at", "payload", "exception", "error", "backtrace", "worker", "queue");
        assertThat(entry).containsEntry("payload", Map.of("class", "Flaky", "args", List.of(7, Map.of("x", "ü"))))
                .containsEntry("exception", "java.lang.IllegalStateException")
                .containsEntry("error", "java failure é")
                .containsEntry("worker", p.workerIds().get(0))
                .containsEntry("queue", "default");
        assertThat((String) entry.get("failed_at")).matches(RUBY_FAILED_AT);
        assertThat((List<String>) entry.get("backtrace")).isNotEmpty();

        // retryAndRemoveFailed = LREM failed 1 JSON.stringify(entry), then enqueue(queue, class, args): the byte
        // match succeeds because this entry has no floats and no integer-like object keys.
        node.call("retryAndRemoveFailed", entry);
        await().atMost(WAIT).until(() -> attempts.get() == 2);
        assertThat(seen.get(1)).isEqualTo(List.of(7, Map.of("x", "ü")));
        assertThat(kit.list("failed")).isEmpty();
        assertThat(node.call("failedCount")).isEqualTo(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void nodeRemovesFailuresByBytesSoJavaFloatsAreNotFound() {
        pool(JobRegistry.builder().register("Floaty", job -> {
            throw new IllegalStateException("always");
        }).build(), "default");
        kit.client().enqueue("default", "Floaty", 2.0, 1.0e20, Map.of("k", 0.5));
        await().atMost(WAIT).until(() -> "1".equals(kit.get("stat:failed")));
        String stored = kit.list("failed").get(0);
        assertThat(stored).contains("\"args\":[2.0,1.0e+20,{\"k\":0.5}]");

        Map<String, Object> entry = ((List<Map<String, Object>>) node.call("failed", 0, -1)).get(0);
        // JSON.stringify gives [2,100000000000000000000,{"k":0.5}]: LREM finds nothing.
        assertThat(node.call("removeFailed", entry)).isEqualTo(0);
        assertThatThrownBy(() -> node.call("retryAndRemoveFailed", entry))
                .hasMessageContaining("This job is not in failed queue");
        assertThat(kit.list("failed")).containsExactly(stored);
    }
}
