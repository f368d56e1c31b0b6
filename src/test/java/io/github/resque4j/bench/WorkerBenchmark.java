package io.github.resque4j.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resque4j.Job;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Drains N no-op jobs with full Resque bookkeeping using 1, 4 and 16 workers (or the counts given), printing
 * jobs/s and Redis commands per job (INFO commandstats, which counts commands run inside scripts too).
 * Not a test: run by {@code bench/worker.sh}. Arguments: {@code redis-uri [jobs] [workers...]}.
 */
public final class WorkerBenchmark {
    private WorkerBenchmark() {
    }

    /** One drain. */
    record Result(int workers, int jobs, double seconds, long commands, long roundTrips, double scriptUsec) {
        @Override
        public String toString() {
            return String.format("drain %6d no-op jobs, %2d workers: %8.3f s %9.0f jobs/s %6.2f cmds/job "
                    + "%5.2f round trips/job, Redis busy %4.1f us/job in the script (%2.0f%% of wall time)", jobs,
                    workers, seconds, jobs / seconds, (double) commands / jobs, (double) roundTrips / jobs,
                    scriptUsec / jobs, 100 * scriptUsec / 1e6 / seconds);
        }
    }

    /** @param args {@code redis-uri [jobs] [workers...]} */
    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<Integer> counts = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        if (counts.isEmpty()) {
            counts = List.of(1, 4, 16);
        }
        run(uri, Math.min(jobs, Integer.getInteger("bench.warmup", 20_000)), List.of(4)); // warm-up: JIT, scripts loaded
        for (Result r : run(uri, jobs, counts)) {
            System.out.println(r);
        }
    }

    /**
     * @param uri Redis
     * @param jobs jobs per drain
     * @param workerCounts pool sizes
     * @return one result per pool size
     */
    public static List<Result> run(String uri, int jobs, List<Integer> workerCounts) {
        List<Result> out = new ArrayList<>();
        URI u = URI.create(uri);
        long sleepMs = Long.getLong("bench.sleepMs", 0); // > 0: I/O-bound jobs
        JobRegistry reg = JobRegistry.builder().register("NoopJob", job -> {
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
        }).build();
        List<Job> batch = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            batch.add(new Job("NoopJob", List.of(1, "two", Map.of("three", 3))));
        }
        try (RespClient raw = RespClient.connect(u.getHost(), u.getPort())) {
            for (int workers : workerCounts) {
                ResqueConfig config = ResqueConfig.builder().redis(uri).namespace("bench-" + System.nanoTime())
                        .build();
                try (ResqueClient client = ResqueClient.create(config)) {
                    client.enqueueAll("bench", batch);
                }
                WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(reg, "bench").concurrency(workers)
                        .pollTimeout(Duration.ofMillis(200)).pruneAtStartup(false)
                        .virtualThreads(Boolean.getBoolean("bench.virtual")).build());
                long c0 = EnqueueBenchmark.totalCommands(raw);
                long calls0 = totalCalls(raw);
                long usec0 = scriptUsec(raw);
                long t0 = System.nanoTime();
                pool.start();
                while (pool.processedCount() < jobs) {
                    // Not a spin: on 2 cores a spinning waiter takes a core from Redis and the workers.
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                long commands = EnqueueBenchmark.totalCommands(raw) - c0 - 1;
                long roundTrips = totalCalls(raw) - calls0 - 2;
                long usec = scriptUsec(raw) - usec0;
                pool.close();
                out.add(new Result(workers, jobs, secs, commands, roundTrips, usec));
            }
        }
        return out;
    }

    /** Microseconds Redis spent in EVALSHA (the script and the commands it ran). */
    private static long scriptUsec(RespClient raw) {
        String info = (String) raw.call("INFO", "commandstats");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:")) {
                int i = line.indexOf("usec=") + 5;
                return Long.parseLong(line.substring(i, line.indexOf(',', i)));
            }
        }
        return 0;
    }

    /** Commands clients sent (scripts count once): total minus the commands run inside scripts. */
    private static long totalCalls(RespClient raw) {
        String info = (String) raw.call("INFO", "commandstats");
        long total = 0;
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring(8, line.indexOf(':'));
            long calls = Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls="))));
            boolean scripted = name.equals("evalsha") || name.equals("eval");
            total += scripted ? calls : 0;
            if (!scripted && !List.of("lpop", "set", "del", "incrby", "rpush", "sadd", "get", "smembers", "lindex")
                    .contains(name)) {
                total += calls; // blpop, batches of hset/sadd/...: sent by the client
            }
        }
        return total;
    }
}
