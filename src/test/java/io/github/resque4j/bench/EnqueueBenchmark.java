package io.github.resque4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resque4j.Job;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testsupport.RespClient;

/**
 * Enqueue throughput: sequential single-job enqueue and batch enqueue of the same job, printed as jobs/s and
 * Redis commands per job (from INFO commandstats). Not a test: run by {@code bench/enqueue.sh}, which also
 * runs {@code redis-benchmark} on the same Redis. Arguments: {@code redis-uri [jobs]}.
 */
public final class EnqueueBenchmark {
    private EnqueueBenchmark() {
    }

    /** Result of one workload. */
    record Result(String name, int jobs, double seconds, long commands) {
        double jobsPerSecond() {
            return jobs / seconds;
        }

        @Override
        public String toString() {
            return String.format("%-28s %9d jobs %8.3f s %11.0f jobs/s %7.3f cmds/job", name, jobs, seconds,
                    jobsPerSecond(), (double) commands / jobs);
        }
    }

    /**
     * @param args {@code redis-uri [jobs]}
     */
    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        for (Result r : run(uri, jobs)) {
            System.out.println(r);
        }
    }

    /**
     * @param uri Redis URI
     * @param jobs jobs per workload
     * @return sequential and batch results
     */
    public static List<Result> run(String uri, int jobs) {
        ResqueConfig config = ResqueConfig.builder().redis(uri).namespace("bench-" + System.nanoTime()).build();
        List<Object> args = List.of(1, "two", Map.of("three", 3));
        List<Result> out = new ArrayList<>();
        java.net.URI u = java.net.URI.create(uri);
        try (ResqueClient client = ResqueClient.create(config); RespClient raw = RespClient.connect(u.getHost(), u.getPort())) {
            // Warm-up so JIT and connection pool are ready.
            for (int i = 0; i < Math.min(jobs, 5_000); i++) {
                client.enqueue("warmup", "NoopJob", args.toArray());
            }
            client.removeQueue("warmup");

            long c0 = totalCommands(raw);
            long t0 = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                client.enqueue("seq", "NoopJob", args.toArray());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            out.add(new Result("sequential enqueue", jobs, secs, totalCommands(raw) - c0 - 1));
            check(client, "seq", jobs);

            List<Job> batch = new ArrayList<>(jobs);
            for (int i = 0; i < jobs; i++) {
                batch.add(new Job("NoopJob", args));
            }
            c0 = totalCommands(raw);
            t0 = System.nanoTime();
            client.enqueueAll("batch", batch);
            secs = (System.nanoTime() - t0) / 1e9;
            out.add(new Result("batch enqueue (enqueueAll)", jobs, secs, totalCommands(raw) - c0 - 1));
            check(client, "batch", jobs);
            client.removeQueue("seq");
            client.removeQueue("batch");
        }
        return out;
    }

    private static void check(ResqueClient client, String queue, int jobs) {
        if (client.size(queue) != jobs) {
            throw new IllegalStateException("expected " + jobs + " jobs in " + queue + ", found " + client.size(queue));
        }
    }

    /** Sum of calls over INFO commandstats (the INFO call itself counts one). */
    static long totalCommands(RespClient raw) {
        String info = (String) raw.call("INFO", "commandstats");
        long total = 0;
        for (String line : info.split("\r?\n")) {
            int i = line.indexOf("calls=");
            if (line.startsWith("cmdstat_") && i > 0) {
                int end = line.indexOf(',', i);
                total += Long.parseLong(line.substring(i + 6, end));
            }
        }
        return total;
    }
}
