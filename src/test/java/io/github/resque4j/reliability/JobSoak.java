package io.github.resque4j.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Soak: N numbered jobs (1 % failing) through a crash-safe worker pool that is stopped and replaced midway;
 * then the ledger (enqueued = succeeded + failed + queued, executions per id) and the heap after a full GC,
 * measured once the first pool has warmed up and again at the end. Run by hand at full size:
 * {@code java -cp target/test-classes:target/classes:<deps> io.github.resque4j.reliability.JobSoak [jobs] [workers]}
 * (default 1,000,000 jobs, 16 workers); {@link JobSoakSmokeTest} runs a small one in CI.
 */
public final class JobSoak {
    /** The accounting. */
    record Result(int enqueued, long succeeded, long failedEntries, long statFailed, long queued, long executions,
            int executedTwice, int neverExecuted, long heapWarmBytes, long heapEndBytes, double seconds) {
        String print() {
            return String.format("==== soak ledger ====%n"
                    + "enqueued=%d  succeeded=%d  failed=%d (stat:failed %d)  queued=%d  -> sum=%d%n"
                    + "executions=%d  executed twice=%d  never executed=%d%n"
                    + "heap after full GC: warm %.1f MB, end %.1f MB (delta %+.1f MB)%n"
                    + "%.1f s, %.0f jobs/s%n", enqueued, succeeded, failedEntries, statFailed, queued,
                    succeeded + failedEntries + queued, executions, executedTwice, neverExecuted,
                    heapWarmBytes / 1e6, heapEndBytes / 1e6, (heapEndBytes - heapWarmBytes) / 1e6, seconds,
                    enqueued / seconds);
        }
    }

    private JobSoak() {
    }

    /**
     * @param jobs how many
     * @param workers pool concurrency
     * @return the ledger
     */
    static Result run(int jobs, int workers) throws Exception {
        try (LocalRedisProcess redis = LocalRedisProcess.start()) {
            ResqueConfig config = ResqueConfig.builder().redis(redis.uri()).namespace("soak").build();
            AtomicIntegerArray runs = new AtomicIntegerArray(jobs);
            JobRegistry reg = JobRegistry.builder().register("SoakJob", job -> {
                int id = job.arg(0, Integer.class);
                runs.incrementAndGet(id);
                if (id % 100 == 7) {
                    throw new IllegalStateException("soak failure " + id);
                }
            }).build();
            WorkerOptions options = WorkerOptions.builder(reg, "soak").concurrency(workers)
                    .pollTimeout(Duration.ofMillis(500)).build();
            long t0 = System.nanoTime();
            try (ResqueClient client = ResqueClient.create(config)) {
                List<io.github.resque4j.Job> batch = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    batch.add(io.github.resque4j.Job.of("SoakJob", i));
                    if (batch.size() == 10_000) {
                        client.enqueueAll("soak", batch);
                        batch.clear();
                    }
                }
                client.enqueueAll("soak", batch);

                long heapWarm;
                try (WorkerPool first = WorkerPool.create(config, options)) {
                    first.start();
                    waitUntil(() -> client.size("soak") <= jobs / 2L);
                    heapWarm = heapAfterGc();
                } // graceful stop midway: in-flight jobs finish, nothing is left held
                try (WorkerPool second = WorkerPool.create(config, options)) {
                    second.start();
                    waitUntil(() -> client.size("soak") == 0 && second.health().busy() == 0);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long heapEnd = heapAfterGc();
                long executions = 0;
                int twice = 0;
                int never = 0;
                for (int i = 0; i < jobs; i++) {
                    int r = runs.get(i);
                    executions += r;
                    twice += r > 1 ? 1 : 0;
                    never += r == 0 ? 1 : 0;
                }
                try (io.github.resque4j.failure.Failures f = io.github.resque4j.failure.Failures.builder(config)
                        .build()) {
                    long processed = client.info().processed();
                    long statFailed = client.info().failed();
                    return new Result(jobs, processed - statFailed, f.count(), statFailed, client.size("soak"),
                            executions, twice, never, heapWarm, heapEnd, seconds);
                }
            }
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(50);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** @param args [jobs] [workers] */
    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Result r = run(jobs, workers);
        System.out.print(r.print());
        boolean ok = r.neverExecuted() == 0 && r.succeeded() + r.failedEntries() + r.queued() == r.enqueued();
        System.exit(ok ? 0 : 1);
    }
}
