package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerPool;

/**
 * node-resque workers in the worker registry that Ruby and resque4j share: the keys they write, the job state
 * a Java pruner reads, and Ruby's same-host pruning rule applied to them.
 */
class NodeResqueWorkersTest extends NodeResqueTestBase {


    private static JobRegistry noop(String className) {
        return JobRegistry.builder().register(className, job -> { }).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void killedNodeWorkerIsPrunedByTheJavaPoolWithItsReencodedJobState() {
        Map<String, Object> w = node.startWorker("w", List.of("default", "low"), Map.of("Hold", "block"), Map.of());
        String name = (String) w.get("name");
        String id = (String) w.get("id");
        // The registry entry has Ruby's id shape host:pid:queues, with os.hostname() and the node pid.
        assertThat(name).endsWith(":" + node.pid());
        assertThat(id).isEqualTo(name + ":default,low");
        assertThat(kit.members("workers")).containsExactly(id);
        // started = epoch seconds (Ruby: Time#to_s); liveness = worker:ping:<name>, never workers:heartbeat.
        assertThat(kit.get("worker:" + id + ":started")).matches("\\d{10}");
        Map<String, Object> ping = json.decodeObject(kit.get("worker:ping:" + name));
        assertThat(new ArrayList<>(ping.keySet())).containsExactly("time", "name", "queues");
        assertThat(ping).containsEntry("name", name).containsEntry("queues", "default,low");
        assertThat(kit.call("HLEN", kit.ns().key("workers:heartbeat"))).isEqualTo(0L);

        node.call("enqueue", "low", "Hold", List.of(List.of(), 1.2345678901234567, "a/b", 9007199254740991L));
        await().atMost(WAIT).until(() -> kit.get("worker:" + id) != null);
        // worker:<id> is written by a Lua script that re-encodes the payload with cjson: [] becomes {}, numbers keep
        // 14 significant digits, "/" is escaped, key order is cjson's; run_at is a JS date; "worker" is added.
        String state = kit.get("worker:" + id);
        assertThat(state).contains("\"args\":[{},1.2345678901235,\"a\\/b\",9.007199254741e+15]");
        Map<String, Object> decoded = json.decodeObject(state);
        assertThat(decoded).containsOnlyKeys("run_at", "queue", "payload", "worker")
                .containsEntry("queue", "low").containsEntry("worker", name);
        assertThat((String) decoded.get("run_at")).matches(NodeResque.JS_DATE);
        assertThat((Map<String, Object>) decoded.get("payload")).containsEntry("class", "Hold")
                .containsEntry("queue", "low")
                .containsEntry("args", List.of(Map.of(), 1.2345678901235, "a/b", 9.007199254741e15));

        node.kill();
        // Same host, same queue set, pid not listed by Ruby's ps grep: pruned at pool startup, in-flight job failed.
        WorkerPool p = pool(noop("Other"), "low", "default");
        assertThat(kit.members("workers")).doesNotContain(id).containsAll(p.workerIds());
        Map<String, Object> entry = json.decodeObject(kit.list("failed").get(0));
        assertThat(entry).containsEntry("exception", "Resque::DirtyExit").containsEntry("worker", id)
                .containsEntry("queue", "low")
                .containsEntry("payload", decoded.get("payload")); // the cjson-mangled copy, not the queued bytes
        assertThat(kit.get("worker:" + id)).isNull();
        assertThat(kit.get("worker:" + id + ":started")).isNull();
        // resque4j (like Ruby) does not know node-resque's ping key: it stays behind.
        assertThat(kit.get("worker:ping:" + name)).isNotNull();
    }

    @Test
    void javaPoolStartupUnregistersALiveSameHostNodeWorkerWithTheSameQueues() {
        Map<String, Object> w = node.startWorker("w", List.of("default"), Map.of("Echo", "echo"), Map.of());
        String id = (String) w.get("id");
        assertThat(kit.members("workers")).containsExactly(id);

        // node's command line lacks Ruby's ps marker, so Ruby's prune rule (and resque4j's copy of it) takes the
        // live node worker for dead: the registry entry goes although the process still works the queue.
        WorkerPool p = pool(noop("Other"), "default");
        assertThat(kit.members("workers")).doesNotContain(id).containsAll(p.workerIds());
        p.close();
        node.call("enqueue", "default", "Echo", List.of(1));
        await().atMost(WAIT).until(() -> node.received("w").size() == 1);
        assertThat(kit.members("workers")).doesNotContain(id);

        // A worker name whose host part is not this host's name keeps it out of that rule.
        node.stopWorker("w");
        Map<String, Object> w2 = node.startWorker("w2", List.of("default"), Map.of("Echo", "echo"),
                Map.of("name", "node-" + w.get("name")));
        kit.call("DEL", kit.ns().key("pruning_dead_workers_in_progress"));
        WorkerPool p2 = pool(noop("Other"), "default");
        assertThat(kit.members("workers")).contains((String) w2.get("id")).containsAll(p2.workerIds());
    }
}
