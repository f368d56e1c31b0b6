package io.github.resque4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.WorkerProcess;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Crash-safe fetch under fire: a steady stream of numbered jobs (1 % failing) while the worker JVM (4 workers)
 * is killed with SIGKILL 50 times, each time mid-stream. Then a fresh pool prunes the dead workers, which puts
 * every held job back, and drains. The ledger must add up exactly: enqueued = succeeded + failed + queued,
 * and no id is missing. A job killed mid-run runs again (at-least-once), so executions may exceed jobs by at
 * most one per killed worker. {@code -Dresque4j.sigkill.kills=N} changes the number of kills.
 */
@ExtendWith(RedisExtension.class)
class SigkillLedgerTest {
    private static final int KILLS = Integer.getInteger("resque4j.sigkill.kills", 50);
    private final RubyJson json = RubyJson.jsonGem();

    @Test
    void fiftySigkillsLoseNoJob(RedisKit kit) throws Exception {
        ResqueClient client = kit.client();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger enqueued = new AtomicInteger();
        Thread producer = new Thread(() -> {
            while (!stop.get()) {
                int id = enqueued.get();
                client.enqueue("ledger", "LedgerJob", id, id % 100 == 0);
                enqueued.incrementAndGet(); // counted once acknowledged
                try {
                    Thread.sleep(1); // ~800 jobs/s: a steady stream the workers keep up with
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ledger-producer");
        producer.start();
        int heldAtKill = 0;
        long started = System.nanoTime();
        try {
            for (int k = 0; k < KILLS; k++) {
                // Each JVM prunes its dead predecessor at startup; the previous one's 60 s prune lock stands
                // for the time that would pass between restarts.
                kit.raw().call("DEL", kit.ns().key("pruning_dead_workers_in_progress"));
                WorkerProcess w = WorkerProcess.start(kit.server(), kit.ns().name(), "ledger", 4);
                long before = ranCount(kit);
                int target = 20 + ThreadLocalRandom.current().nextInt(200);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> ranCount(kit) - before >= target);
                w.kill9();
                for (String id : w.ids()) {
                    heldAtKill += kit.list("resque4j:processing:" + id).isEmpty() ? 0 : 1;
                }
            }
        } finally {
            stop.set(true);
            producer.join();
        }
        long killPhaseMs = (System.nanoTime() - started) / 1_000_000;

        kit.raw().call("DEL", kit.ns().key("pruning_dead_workers_in_progress"));
        JobRegistry reg = JobRegistry.builder().register("LedgerJob", job -> {
            client.push("ledger-ran", Map.of("class", "Ran", "args", List.of(job.args().get(0))));
            if (Boolean.TRUE.equals(job.args().get(1))) {
                throw new IllegalStateException("ledger failure " + job.args().get(0));
            }
        }).build();
        try (WorkerPool drain = WorkerPool.create(kit.config(), WorkerOptions.builder(reg, "ledger").concurrency(4)
                .pollTimeout(Duration.ofMillis(200)).build())) {
            drain.start(); // prunes every dead worker: their held jobs go back to the head of the queue
            await().atMost(Duration.ofSeconds(120)).until(() -> client.size("ledger") == 0
                    && kit.members("resque4j:processing-workers").stream()
                            .allMatch(id -> kit.list("resque4j:processing:" + id).isEmpty()));
        }

        int total = enqueued.get();
        List<String> ran = kit.list("queue:ledger-ran");
        Set<Integer> distinct = new HashSet<>();
        for (String r : ran) {
            distinct.add(((Number) ((List<?>) json.decodeObject(r).get("args")).get(0)).intValue());
        }
        Set<Integer> lost = new TreeSet<>();
        for (int i = 0; i < total; i++) {
            if (!distinct.contains(i)) {
                lost.add(i);
            }
        }
        long processed = Long.parseLong(kit.get("stat:processed"));
        long failedStat = Long.parseLong(kit.get("stat:failed"));
        List<String> failedList = kit.list("failed");
        Set<Integer> failedIds = new TreeSet<>();
        for (String f : failedList) {
            Map<String, Object> entry = json.decodeObject(f);
            failedIds.add(((Number) ((List<?>) ((Map<?, ?>) entry.get("payload")).get("args")).get(0)).intValue());
        }
        long queued = client.size("ledger");
        long succeeded = processed - failedStat;
        System.out.printf("SIGKILL ledger: kills=%d (kill phase %d ms, %d workers held a job when killed)%n"
                + "  enqueued=%d  succeeded=%d  failed=%d  queued=%d  -> sum=%d%n"
                + "  executions=%d  distinct=%d  run again after a kill=%d  lost=%d %s%n",
                KILLS, killPhaseMs, heldAtKill, total, succeeded, failedList.size(), queued,
                succeeded + failedList.size() + queued, ran.size(), distinct.size(), ran.size() - distinct.size(),
                lost.size(), lost.isEmpty() ? "" : lost);

        assertThat(lost).as("lost ids").isEmpty();
        assertThat(succeeded + failedList.size() + queued).as("enqueued = succeeded + failed + queued")
                .isEqualTo(total);
        assertThat(failedList).as("failed list matches stat:failed").hasSize((int) failedStat);
        Set<Integer> expectedFailures = new TreeSet<>();
        for (int i = 0; i < total; i += 100) {
            expectedFailures.add(i);
        }
        assertThat(failedIds).as("exactly the 1 %% failing jobs failed, once each").isEqualTo(expectedFailures);
        assertThat(kit.list("failed")).noneMatch(f -> f.contains("DirtyExit"));
        assertThat(ran.size() - distinct.size()).as("re-runs: at most one per killed worker")
                .isLessThanOrEqualTo(KILLS * 4);
    }

    private static long ranCount(RedisKit kit) {
        return ((Number) kit.raw().call("LLEN", kit.ns().key("queue:ledger-ran"))).longValue();
    }
}
