package io.github.resque4j.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.testsupport.WorkerProcess;

/** A real worker JVM killed with SIGKILL or SIGTERM mid-job: where does the job end up? */
@ExtendWith(RedisExtension.class)
class WorkerCrashTest {
    private final RubyJson json = RubyJson.jsonGem();
    private RedisKit kit;
    private ResqueConfig config;
    private ResqueClient client;
    private RespClient raw;
    private RedisServer server;
    private TestNamespace ns;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
        this.config = kit.config();
        this.client = kit.client();
        this.raw = kit.raw();
        this.server = kit.server();
        this.ns = kit.ns();
    }

    private String get(String key) {
        return kit.get(key);
    }

    private List<String> workers() {
        return kit.members("workers");
    }

    private List<String> failed() {
        return kit.list("failed");
    }

    private WorkerPool pool(String queue, Duration pruneInterval) {
        return pool(queue, pruneInterval, InFlightPolicy.FAIL, false, job -> { });
    }

    private WorkerPool pool(String queue, Duration pruneInterval, InFlightPolicy deadJobs, boolean requeueOrphans,
            JobHandler sleepy) {
        JobRegistry reg = JobRegistry.builder().register("NoopJob", job -> { }).register("Sleepy", sleepy).build();
        return WorkerPool.create(config, WorkerOptions.builder(reg, queue).pollTimeout(Duration.ofMillis(200))
                .pruneInterval(pruneInterval).deadWorkerJobs(deadJobs).requeueOrphanedJobs(requeueOrphans).build());
    }

    @Test
    void failPolicyKilledMidJobTheJobStaysInTheRegistryUntilPrunedThenItIsAFailure() throws Exception {
        WorkerProcess worker = WorkerProcess.start(server, ns.name(), "crash", 1);
        String id = worker.ids().get(0);
        // With the marker on its command line the JVM uses Ruby's exact host:pid:queues id.
        assertThat(id).isEqualTo(io.github.resque4j.internal.worker.WorkerIdentity.detect(java.util.Optional.empty())
                .hostname() + ":" + worker.pid() + ":crash");
        client.enqueue("crash", "Sleepy", 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("worker:" + id) != null);
        worker.kill9();

        // Nothing ran after SIGKILL: the job is neither queued nor failed; it is recorded as what the dead
        // worker was doing (exactly Ruby's behaviour), and held in its crash-safe processing list.
        assertThat(client.size("crash")).isZero();
        assertThat(failed()).isEmpty();
        assertThat((String) json.decodeObject(get("worker:" + id)).get("queue")).isEqualTo("crash");
        List<String> held = kit.list("resque4j:processing:" + id);
        assertThat(held).hasSize(2);
        assertThat(held.get(0)).isEqualTo("{\"class\":\"Sleepy\",\"args\":[30]}");
        assertThat(held.get(1)).as("meta: queue, the reserving call's token, announced").matches("crash\n[^\n]+\nA");
        System.out.println("after kill -9: queue=0 failed=0 worker:" + id + "=" + get("worker:" + id));

        // A worker starting on the same host with the same queues prunes it by Ruby's pid check, once the
        // dead worker's 60 s pruning lock (taken at its own start) has expired; we expire it now.
        raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
        try (WorkerPool next = pool("crash", WorkerOptions.DEFAULT_PRUNE_INTERVAL)) {
            next.start();
            assertThat(workers()).doesNotContain(id);
        }
        List<String> failures = failed();
        assertThat(failures).hasSize(1);
        Map<String, Object> entry = json.decodeObject(failures.get(0));
        assertThat(entry.get("exception")).isEqualTo("Resque::DirtyExit");
        assertThat(entry.get("error")).isEqualTo("Job still being processed");
        assertThat(entry.get("worker")).isEqualTo(id);
        assertThat(entry.get("payload")).isEqualTo(Map.of("class", "Sleepy", "args", List.of(30)));
        System.out.println("after prune: failed=" + failures.get(0));
        assertThat(kit.list("resque4j:processing:" + id)).isEmpty();
        assertThat(client.size("crash")).isZero();
    }

    @Test
    void crashSafeKilledMidJobTheJobGoesBackToTheHeadOfItsQueueAndRunsAgain() throws Exception {
        WorkerProcess worker = WorkerProcess.start(server, ns.name(), "crash", 1);
        String id = worker.ids().get(0);
        client.enqueue("crash", "Sleepy", 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("worker:" + id) != null);
        client.enqueue("crash", "NoopJob", "behind");
        worker.kill9();
        raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
        List<Object> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        try (WorkerPool next = pool("crash", WorkerOptions.DEFAULT_PRUNE_INTERVAL, InFlightPolicy.REQUEUE, false,
                job -> {
                    ran.add(job.args());
                    hold.await();
                })) {
            next.start(); // prunes the dead worker (pid check): its job goes back to the head, ahead of NoopJob
            await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);
            assertThat(ran.get(0)).isEqualTo(List.of(30));
            assertThat(client.peekRaw("crash", 0, 10)).containsExactly("{\"class\":\"NoopJob\",\"args\":[\"behind\"]}");
            assertThat(workers()).doesNotContain(id);
            assertThat(failed()).isEmpty();
            assertThat(kit.list("resque4j:processing:" + id)).isEmpty();
            assertThat(kit.members("resque4j:processing-workers")).doesNotContain(id);
            hold.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(get("stat:processed")));
        }
        assertThat(client.size("crash")).isZero();
    }

    @Test
    void crashSafeWorkerPrunedByRubyFirstIsNotRequeuedUnlessAtLeastOnce() throws Exception {
        String id = killedMidJob("otherhost");
        // What Ruby's prune_dead_workers → unregister_worker writes (recorded in compat/wire): a failure from
        // worker:<id>, then the unregister pipeline. Ruby knows nothing of the processing list.
        rubyUnregister(id);
        assertThat(failed()).hasSize(1);
        raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
        try (WorkerPool next = pool("crash", WorkerOptions.DEFAULT_PRUNE_INTERVAL, InFlightPolicy.REQUEUE, false,
                job -> { })) {
            next.start(); // the orphaned list: Ruby recorded the job, so the copy is dropped (exactly once)
        }
        assertThat(kit.list("resque4j:processing:" + id)).isEmpty();
        assertThat(client.size("crash")).isZero();
        assertThat(failed()).hasSize(1);
    }

    @Test
    void crashSafeAtLeastOnceRequeuesAJobRubyAlreadyRecorded() throws Exception {
        String id = killedMidJob("otherhost");
        rubyUnregister(id);
        raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
        try (WorkerPool next = pool("other", WorkerOptions.DEFAULT_PRUNE_INTERVAL, InFlightPolicy.REQUEUE, true,
                job -> { })) {
            next.start();
        }
        assertThat(client.peekRaw("crash", 0, 10)).containsExactly("{\"class\":\"Sleepy\",\"args\":[30]}");
        assertThat(failed()).hasSize(1);
        assertThat(kit.list("resque4j:processing:" + id)).isEmpty();
    }

    /** @return the id of a one-worker JVM killed with SIGKILL while running {@code Sleepy(30)} */
    private String killedMidJob(String... extra) throws InterruptedException {
        WorkerProcess worker = WorkerProcess.start(server, ns.name(), "crash", 1, extra);
        String id = worker.ids().get(0);
        client.enqueue("crash", "Sleepy", 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("worker:" + id) != null);
        worker.kill9();
        return id;
    }

    /** Ruby 3.0's unregister_worker for a dead worker (worker.rb), as raw commands. */
    private void rubyUnregister(String id) {
        String state = get("worker:" + id);
        Map<String, Object> s = json.decodeObject(state);
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("failed_at", "2026/11/25 12:00:00 UTC");
        entry.put("payload", s.get("payload"));
        entry.put("exception", "Resque::PruneDeadWorkerDirtyExit");
        entry.put("error", "Worker " + id + " did not gracefully exit while processing Sleepy");
        entry.put("backtrace", List.of());
        entry.put("worker", id);
        entry.put("queue", s.get("queue"));
        raw.call("RPUSH", ns.key("failed"), json.encode(entry));
        raw.call("SREM", ns.key("workers"), id);
        raw.call("DEL", ns.key("worker:" + id));
        raw.call("DEL", ns.key("worker:" + id + ":started"));
        raw.call("HDEL", ns.key("workers:heartbeat"), id);
        raw.call("DEL", ns.key("stat:processed:" + id));
        raw.call("DEL", ns.key("stat:failed:" + id));
    }

    @Test
    void killedWorkerOnAnotherHostIsPrunedByHeartbeatExpiry() throws Exception {
        String id = killedMidJob("otherhost");
        try (WorkerPool early = pool("crash", Duration.ofSeconds(2))) {
            early.start(); // heartbeat still fresh: kept
        }
        assertThat(workers()).contains(id);
        raw.call("DEL", ns.key("pruning_dead_workers_in_progress"));
        Thread.sleep(3_100); // let the heartbeat age past the 2 s prune interval (Redis TIME, whole seconds)
        try (WorkerPool late = pool("crash", Duration.ofSeconds(2))) {
            late.start();
        }
        assertThat(workers()).doesNotContain(id);
        Map<String, Object> entry = json.decodeObject(failed().get(0));
        assertThat(entry.get("exception")).isEqualTo("Resque::PruneDeadWorkerDirtyExit");
        assertThat(entry.get("error")).isEqualTo("Worker " + id + " did not gracefully exit while processing Sleepy");
    }

    @Test
    void sigtermLetsTheJobEndAndUnregisters() throws Exception {
        WorkerProcess worker = WorkerProcess.start(server, ns.name(), "crash", 2);
        client.enqueue("crash", "Sleepy", 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> worker.ids().stream()
                .anyMatch(id -> get("worker:" + id) != null));
        worker.terminate();
        assertThat(workers()).isEmpty();
        Map<String, Object> entry = json.decodeObject(failed().get(0));
        assertThat(entry.get("exception")).isEqualTo("java.lang.InterruptedException");
        assertThat(get("stat:processed")).isEqualTo("1");
        assertThat(get("stat:failed")).isEqualTo("1");
    }
}
