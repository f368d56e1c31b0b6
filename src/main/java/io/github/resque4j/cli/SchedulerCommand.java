package io.github.resque4j.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.github.resque4j.scheduler.ScheduleFiles;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;

/** {@code resque4j scheduler}: a resque-scheduler-compatible scheduler process. */
@Command(name = "scheduler", description = "Run a scheduler that shares resque-scheduler's master lock: moves due "
        + "delayed jobs and fires recurring schedules while master. Runs until SIGTERM/SIGINT.")
final class SchedulerCommand extends Base {
    @Option(names = "--schedule", paramLabel = "FILE", description = "Static schedule (resque-scheduler YAML/JSON).")
    Path schedule;

    @Option(names = "--interval", defaultValue = "5", paramLabel = "SECONDS",
            description = "Loop interval (RESQUE_SCHEDULER_INTERVAL, default ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--lock-timeout", defaultValue = "180", paramLabel = "SECONDS",
            description = "Master lock TTL (LOCK_TIMEOUT, default ${DEFAULT-VALUE}).")
    long lockTimeout;

    @Option(names = "--lock-prefix", defaultValue = "${env:RESQUE_SCHEDULER_MASTER_LOCK_PREFIX:-}",
            description = "RESQUE_SCHEDULER_MASTER_LOCK_PREFIX.")
    String lockPrefix;

    @Option(names = "--no-dynamic", description = "Ignore persistent_schedules (DYNAMIC_SCHEDULE off).")
    boolean noDynamic;

    @Option(names = "--class-queue", paramLabel = "CLASS=QUEUE",
            description = "Queue for a class whose jobs name none (Ruby would ask the class for @queue).")
    List<String> classQueues = new ArrayList<>();

    @Option(names = "--batch-size", defaultValue = "100", description = "DELAYED_REQUEUE_BATCH_SIZE.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        SchedulerOptions.Builder b = SchedulerOptions.builder().interval(Duration.ofMillis((long) (interval * 1000)))
                .lockTimeout(Duration.ofSeconds(lockTimeout)).lockPrefix(lockPrefix).dynamic(!noDynamic)
                .batchSize(batchSize);
        if (schedule != null) {
            b.schedules(ScheduleFiles.load(schedule));
        }
        for (String cq : classQueues) {
            int eq = cq.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--class-queue must be CLASS=QUEUE, got " + cq);
            }
            b.classQueue(cq.substring(0, eq), cq.substring(eq + 1));
        }
        Scheduler scheduler = Scheduler.create(config(), b.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.close(); // releases the master lock if held
            stopped.countDown();
        }, "resque4j-scheduler-shutdown"));
        StartupRetry.run(scheduler::start, err());
        err().println("resque4j: scheduler " + scheduler.lockValue() + " running with schedules "
                + scheduler.loadedSchedules());
        err().flush();
        stopped.await();
        return Main.OK;
    }
}
