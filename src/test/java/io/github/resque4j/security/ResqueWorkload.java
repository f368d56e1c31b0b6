package io.github.resque4j.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resque4j.Job;
import io.github.resque4j.admin.Workers;
import io.github.resque4j.cli.Main;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.failure.Failures;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.DelayedOutcome;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;
import io.github.resque4j.scheduler.Schedules;
import io.github.resque4j.worker.FailureBackend;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Everything resque4j does against one namespace, run end to end: the client, the worker pool (startup
 * prune, heartbeats, blocking pops, a failure), the failure API (requeue, remove, clear), delayed jobs, the
 * scheduler (master lock, moving a due delayed job, a recurring schedule, dynamic schedules), worker admin and
 * the CLI. Used to find and prove the minimal Redis ACL; it asserts as it goes, so a refused command fails it.
 */
final class ResqueWorkload {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ResqueConfig config;
    private final String redisUri;
    private final List<String> ran = new CopyOnWriteArrayList<>();

    /**
     * @param config the configuration to run as (credentials in its URI)
     * @param redisUri the same URI, for the CLI
     */
    ResqueWorkload(ResqueConfig config, String redisUri) {
        this.config = config;
        this.redisUri = redisUri;
    }

    void run() {
        try (ResqueClient client = ResqueClient.create(config);
                Failures failures = Failures.create(config, FailureBackend.REDIS);
                Workers workers = Workers.create(config);
                DelayedJobs delayed = DelayedJobs.create(config);
                Schedules schedules = Schedules.create(config)) {
            clientOperations(client);
            workerAdmin(workers);
            JobRegistry registry = JobRegistry.builder()
                    .register("Ok", job -> ran.add("Ok" + job.args()))
                    .register("Boom", job -> {
                        throw new IllegalStateException("boom " + job.args());
                    })
                    .register("Tick", job -> ran.add("Tick"))
                    .build();
            for (int i = 0; i < 9; i++) {
                client.enqueue("work", "Ok", i);
            }
            client.enqueue("work", "Boom", 9);
            try (WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry, "work", "delayed*")
                    .concurrency(2).pollTimeout(POLL).heartbeatInterval(Duration.ofMillis(200))
                    .pruneInterval(Duration.ofSeconds(1)).pruneAtStartup(true).build())) {
                pool.start();
                await().atMost(WAIT).until(() -> pool.processedCount() >= 10);
                assertThat(pool.failedCount()).isEqualTo(1);
                assertThat(workers.list()).hasSize(2);
                assertThat(workers.get(pool.workerIds().get(0))).isPresent();
                assertThat(workers.prune(false)).isEmpty();
                pausedPopIsPushedBack(client, workers);

                failureOperations(failures, pool);
                delayedAndScheduler(client, delayed, schedules, pool);
                cli();
            }
            assertThat(workers.list()).isEmpty();
            assertThat(ran).contains("Ok[0]", "Ok[8]", "Ok[paused]", "Ok[delayed]", "Tick");
        }
    }

    private static void clientOperations(ResqueClient client) {
        client.enqueue("work", "Ok", "dequeue-me");
        assertThat(client.dequeue("work", "Ok", "dequeue-me")).isEqualTo(1);
        assertThat(client.enqueueAll("scratch", List.of(Job.of("Ok", 1), Job.of("Ok", 2)))).isEqualTo(2);
        assertThat(client.size("scratch")).isEqualTo(2);
        assertThat(client.peek("scratch")).isPresent();
        assertThat(client.peekRaw("scratch", 0, 10)).hasSize(2);
        assertThat(client.queues()).contains("scratch", "work");
        assertThat(client.queueSizes()).containsEntry("scratch", 2L);
        assertThat(client.info().pending()).isEqualTo(2);
        client.removeQueue("scratch");
        assertThat(client.queues()).doesNotContain("scratch");
    }

    private static void workerAdmin(Workers workers) {
        workers.pauseAll();
        assertThat(workers.isPausedAll()).isTrue();
        workers.resumeAll();
        assertThat(workers.isPausedAll()).isFalse();
        assertThat(workers.list()).isEmpty();
    }

    /** An idle worker pops a job while pause-all-workers is set: the job goes back to the head (LPUSH). */
    private void pausedPopIsPushedBack(ResqueClient client, Workers workers) {
        workers.pauseAll();
        client.enqueue("work", "Ok", "paused");
        await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> client.size("work") == 1);
        assertThat(ran).doesNotContain("Ok[paused]");
        workers.resumeAll();
        await().atMost(WAIT).until(() -> ran.contains("Ok[paused]"));
    }

    private void failureOperations(Failures failures, WorkerPool pool) {
        assertThat(failures.count()).isEqualTo(1);
        FailureEntry entry = failures.all(0, 10).get(0);
        assertThat(entry.exception()).isEqualTo("java.lang.IllegalStateException");
        failures.requeue(entry); // runs (and fails) again
        await().atMost(WAIT).until(() -> pool.failedCount() == 2);
        assertThat(failures.count()).isEqualTo(2);
        failures.remove(failures.all(1, 1).get(0));
        assertThat(failures.requeueAll().done()).isEqualTo(1);
        await().atMost(WAIT).until(() -> pool.failedCount() == 3);
        assertThat(failures.clearRetried().done()).isGreaterThanOrEqualTo(1);
        failures.clear();
        assertThat(failures.count()).isZero();
        try (Failures multi = Failures.create(config, FailureBackend.REDIS_MULTI_QUEUE)) {
            assertThat(multi.count()).isZero();
            assertThat(multi.all(0, 10)).isEmpty();
        }
    }

    private void delayedAndScheduler(ResqueClient client, DelayedJobs delayed, Schedules schedules, WorkerPool pool) {
        // Stored as delayed by a client whose clock is a minute behind, so it is already due for the scheduler.
        Instant due = Instant.now().minusSeconds(5);
        try (DelayedJobs skewed = DelayedJobs.builder(config).clock(Clock.fixed(due.minusSeconds(60), ZoneOffset.UTC))
                .build()) {
            assertThat(skewed.enqueueAt(due, "delayed", "Ok", "delayed")).isEqualTo(DelayedOutcome.DELAYED);
        }
        assertThat(delayed.enqueueIn(Duration.ofHours(1), "later", "Ok", "later")).isEqualTo(DelayedOutcome.DELAYED);
        assertThat(delayed.delayedQueueScheduleSize()).isEqualTo(2);
        assertThat(delayed.removeDelayed("later", "Ok", "later")).isEqualTo(1);
        schedules.set("dynamic", Map.of("class", "Tick", "every", "1h", "queue", "ticks"));
        assertThat(schedules.list()).containsKey("dynamic");
        assertThat(schedules.remove("dynamic")).isTrue();
        try (Scheduler scheduler = Scheduler.create(config, SchedulerOptions.builder().interval(Duration.ofMillis(100))
                .zone(ZoneId.of("UTC")).dynamic(true)
                .schedule("tick", Map.of("class", "Tick", "every", "1s", "queue", "delayed_ticks")).build())) {
            scheduler.start();
            await().atMost(WAIT).until(scheduler::isMaster);
            await().atMost(WAIT).until(() -> scheduler.movedCount() >= 1 && scheduler.firedCount() >= 1);
            // A dynamic schedule changed while the scheduler runs is picked up (schedules_changed).
            schedules.set("dynamic_tick", Map.of("class", "Tick", "every", "1h", "queue", "delayed_ticks"));
            await().atMost(WAIT).until(() -> scheduler.loadedSchedules().contains("dynamic_tick"));
        }
        await().atMost(WAIT).until(() -> ran.contains("Ok[delayed]") && ran.contains("Tick"));
        assertThat(delayed.countAllDelayed()).isZero();
        assertThat(schedules.lastEnqueuedAt()).containsKey("tick");
        assertThat(client.size("delayed")).isZero();
    }

    private void cli() {
        String ns = config.namespace();
        for (String[] args : List.of(
                new String[] {"info"},
                new String[] {"--json", "info"},
                new String[] {"--json", "queues"},
                new String[] {"--json", "workers", "list"},
                new String[] {"--json", "failed", "list"},
                new String[] {"enqueue", "cli_queue", "Ok", "[1]"},
                new String[] {"--json", "peek", "cli_queue"},
                new String[] {"dequeue", "cli_queue", "Ok", "[1]"})) {
            List<String> full = new ArrayList<>(List.of("--redis", redisUri, "--namespace", ns));
            full.addAll(List.of(args));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(full.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("resque4j %s: %s %s", List.of(args), out, err).isEqualTo(Main.OK);
        }
    }
}
