package io.github.resque4j.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;
import io.github.resque4j.testsupport.RespClient;

/**
 * Moves N due delayed jobs spread over T past timestamps ({@code N / T} per timestamp) to {@code queue:default}
 * with the Java {@link Scheduler}, printing jobs/s and Redis commands per job (INFO commandstats, which counts
 * the commands run inside scripts too). {@code bench/ruby/move_delayed.rb} runs Ruby's resque-scheduler over the
 * same data and prints the same line. Not a test: run by {@code bench/scheduler.sh}.
 *
 * <p>The data, in a fresh namespace, is what {@code Resque.enqueue_at} writes: job {@code i} is
 * {@code {"class":"NoopJob","args":[i],"queue":"default"}} at timestamp {@code base + i / (N / T)} (the last
 * timestamp takes any remainder), seeded raw and pipelined: {@code RPUSH delayed:<ts>},
 * {@code SADD timestamps:<json> delayed:<ts>}, {@code ZADD delayed_queue_schedule ts ts}.
 *
 * <p>What is timed is one scheduler loop iteration ({@link Scheduler#tick()}: Redis TIME, the master check, then
 * every due timestamp in batches of {@code DELAYED_REQUEUE_BATCH_SIZE}, default 100), on a started scheduler that
 * is already master with its connection open, until all N jobs are in {@code queue:default} and
 * {@code delayed_queue_schedule} is empty. A warm-up run of up to 20,000 jobs in another namespace goes first
 * (JIT, scripts loaded) unless {@code -Dbench.warmup=false}. Every run is then checked: each job exactly once in
 * the queue, with Ruby's bytes, and nothing left behind; any difference throws.
 *
 * <p>Arguments: {@code redis-uri [jobs] [timestamps] [base-epoch-seconds]}.
 */
public final class SchedulerBenchmark {
    private static final String QUEUE = "default";
    private static final String QUEUED_PREFIX = "{\"class\":\"NoopJob\",\"args\":[";

    private SchedulerBenchmark() {
    }

    /**
     * One measured move.
     *
     * @param jobs delayed jobs moved
     * @param timestamps timestamps they were spread over
     * @param batchSize items per batch
     * @param seconds time from the start of the loop iteration until everything had moved
     * @param commands Redis commands run (INFO commandstats delta, scripted commands included)
     * @param perCommand the same delta per command name, largest first
     * @param moved the scheduler's own count
     * @param namespace where it ran ({@code queue:default} is still full; see {@link #cleanUp})
     */
    record Result(int jobs, int timestamps, int batchSize, double seconds, long commands, Map<String, Long> perCommand,
            long moved, String namespace) {
        double jobsPerSecond() {
            return jobs / seconds;
        }

        @Override
        public String toString() {
            return line("java", jobs, timestamps, batchSize, seconds, commands);
        }

        /** @return the Redis commands per job, by command */
        String breakdown() {
            StringJoiner j = new StringJoiner(", ", "      per job: ", "");
            perCommand.forEach((name, calls) -> j.add(String.format("%s %.2f", name, (double) calls / jobs)));
            return j.toString();
        }
    }

    /** The line both implementations print (move_delayed.rb formats the same). */
    static String line(String impl, int jobs, int timestamps, int batch, double seconds, long commands) {
        return String.format("%-4s move %7d delayed jobs over %5d timestamps, batch %4d: %8.3f s %9.0f jobs/s "
                + "%6.2f cmds/job", impl, jobs, timestamps, batch, seconds, jobs / seconds, (double) commands / jobs);
    }

    /** @param args {@code redis-uri [jobs] [timestamps] [base-epoch-seconds]} */
    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int timestamps = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        long base = args.length > 3 ? Long.parseLong(args[3]) : defaultBase(timestamps);
        String env = System.getenv("DELAYED_REQUEUE_BATCH_SIZE");
        int batch = env == null || env.isBlank() ? SchedulerOptions.DEFAULT_BATCH_SIZE : Integer.parseInt(env.trim());
        if (Boolean.parseBoolean(System.getProperty("bench.warmup", "true"))) {
            int warmJobs = Math.min(jobs, 20_000);
            cleanUp(uri, run(uri, warmJobs, Math.max(1, (int) ((long) timestamps * warmJobs / jobs)), base, batch));
        }
        Result r = run(uri, jobs, timestamps, base, batch);
        cleanUp(uri, r);
        System.out.println(r);
        System.out.println(r.breakdown());
    }

    /** @param timestamps how many @return a base an hour before the last timestamp would be due */
    static long defaultBase(int timestamps) {
        return System.currentTimeMillis() / 1000 - timestamps - 3600;
    }

    /**
     * Seeds, moves and checks one data set in a fresh namespace; the filled queue is left for the caller.
     *
     * @param uri Redis
     * @param jobs delayed jobs
     * @param timestamps distinct timestamps ({@code <= jobs})
     * @param base first timestamp (epoch seconds, in the past)
     * @param batchSize scheduler batch size
     * @return the measurement
     * @throws IllegalStateException if any job is missing, duplicated, altered or left behind
     */
    public static Result run(String uri, int jobs, int timestamps, long base, int batchSize) {
        if (timestamps < 1 || timestamps > jobs) {
            throw new IllegalArgumentException("need 1 <= timestamps <= jobs, got " + timestamps + " / " + jobs);
        }
        URI u = URI.create(uri);
        String ns = "bench-sched-" + System.nanoTime();
        ResqueConfig config = ResqueConfig.builder().redis(uri).namespace(ns).build();
        SchedulerOptions options = SchedulerOptions.builder().interval(Duration.ofHours(1)).batchSize(batchSize)
                .dynamic(false).build();
        try (RespClient raw = RespClient.connect(u.getHost(), u.getPort());
                Scheduler scheduler = Scheduler.create(config, options)) {
            // Started on the empty namespace: its own first loop iteration takes the lock and finds nothing due;
            // after that the loop sleeps for the hour-long interval and the timed tick() below is the only one.
            scheduler.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!scheduler.isMaster()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("scheduler did not become master within 30 s");
                }
                sleep(5);
            }
            sleep(300); // let that first iteration finish its (empty) ZRANGEBYSCORE

            seed(raw, ns, jobs, timestamps, base);
            check(raw.call("ZCARD", ns + ":delayed_queue_schedule"), timestamps, "seeded timestamps");
            if (scheduler.movedCount() != 0) {
                throw new IllegalStateException("the scheduler loop moved jobs before the timed run");
            }

            Map<String, Long> s0 = commandStats(raw);
            long t0 = System.nanoTime();
            scheduler.tick();
            double secs = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> perCommand = delta(s0, commandStats(raw));
            long commands = perCommand.values().stream().mapToLong(Long::longValue).sum();
            long moved = scheduler.movedCount();
            verify(raw, ns, jobs, timestamps, base, moved);
            return new Result(jobs, timestamps, batchSize, secs, commands, perCommand, moved, ns);
        }
    }

    /** @param uri Redis @param r a run whose queue (and {@code queues} set) to delete */
    static void cleanUp(String uri, Result r) {
        URI u = URI.create(uri);
        try (RespClient raw = RespClient.connect(u.getHost(), u.getPort())) {
            raw.call("DEL", r.namespace() + ":queue:" + QUEUE, r.namespace() + ":queues");
        }
    }

    /** Writes the delayed jobs as Resque.enqueue_at would (one RPUSH per timestamp), pipelined. */
    static void seed(RespClient raw, String ns, int jobs, int timestamps, long base) {
        int per = jobs / timestamps;
        int pending = 0;
        int i = 0;
        for (int t = 0; t < timestamps; t++) {
            int end = t == timestamps - 1 ? jobs : i + per;
            String ts = Long.toString(base + t);
            String member = "delayed:" + ts;
            List<String> rpush = new ArrayList<>(end - i + 2);
            rpush.add("RPUSH");
            rpush.add(ns + ":" + member);
            for (; i < end; i++) {
                String json = delayedJson(i);
                rpush.add(json);
                raw.send("SADD", ns + ":timestamps:" + json, member);
                pending++;
            }
            raw.send(rpush.toArray(String[]::new));
            raw.send("ZADD", ns + ":delayed_queue_schedule", ts, ts);
            pending += 2;
            if (pending >= 2_000) {
                drain(raw, pending);
                pending = 0;
            }
        }
        drain(raw, pending);
    }

    /** @param i job number @return the delayed item exactly as Ruby's enqueue_at encodes it */
    static String delayedJson(int i) {
        return "{\"class\":\"NoopJob\",\"args\":[" + i + "],\"queue\":\"" + QUEUE + "\"}";
    }

    private static void drain(RespClient raw, int replies) {
        for (int k = 0; k < replies; k++) {
            raw.read(); // an error reply throws
        }
    }

    /** Every job exactly once in queue:default with Ruby's bytes, and no delayed data left. */
    static void verify(RespClient raw, String ns, int jobs, int timestamps, long base, long moved) {
        check(moved, jobs, "scheduler.movedCount()");
        check(raw.call("LLEN", ns + ":queue:" + QUEUE), jobs, "LLEN queue:" + QUEUE);
        @SuppressWarnings("unchecked")
        List<Object> items = (List<Object>) raw.call("LRANGE", ns + ":queue:" + QUEUE, "0", "-1");
        BitSet seen = new BitSet(jobs);
        for (Object o : items) {
            String s = (String) o;
            int n = -1;
            if (s.startsWith(QUEUED_PREFIX) && s.endsWith("]}")) {
                try {
                    n = Integer.parseInt(s.substring(QUEUED_PREFIX.length(), s.length() - 2));
                } catch (NumberFormatException e) {
                    n = -1;
                }
            }
            if (n < 0 || n >= jobs) {
                throw new IllegalStateException("unexpected item in queue:" + QUEUE + ": " + s);
            }
            if (seen.get(n)) {
                throw new IllegalStateException("job " + n + " was enqueued twice");
            }
            seen.set(n);
        }
        if (seen.cardinality() != jobs) {
            throw new IllegalStateException("missing jobs: first is " + seen.nextClearBit(0));
        }
        check(raw.call("ZCARD", ns + ":delayed_queue_schedule"), 0, "ZCARD delayed_queue_schedule");
        check(raw.call("SISMEMBER", ns + ":queues", QUEUE), 1, "SISMEMBER queues " + QUEUE);
        check(raw.call("LLEN", ns + ":failed"), 0, "LLEN failed");
        List<String> keys = new ArrayList<>();
        for (int t = 0; t < timestamps; t++) {
            keys.add(ns + ":delayed:" + (base + t));
        }
        checkNoneExist(raw, keys, "delayed:<ts> lists");
        keys.clear();
        for (int i = 0; i < jobs; i++) {
            keys.add(ns + ":timestamps:" + delayedJson(i));
        }
        checkNoneExist(raw, keys, "timestamps:<job> sets");
    }

    private static void checkNoneExist(RespClient raw, List<String> keys, String what) {
        for (int from = 0; from < keys.size(); from += 1_000) {
            List<String> cmd = new ArrayList<>();
            cmd.add("EXISTS");
            cmd.addAll(keys.subList(from, Math.min(keys.size(), from + 1_000)));
            check(raw.call(cmd.toArray(String[]::new)), 0, what + " left behind");
        }
    }

    private static void check(Object actual, long expected, String what) {
        long a = actual instanceof Number ? ((Number) actual).longValue() : Long.MIN_VALUE;
        if (a != expected) {
            throw new IllegalStateException(what + ": expected " + expected + ", found " + actual);
        }
    }

    /** INFO commandstats as command → calls (the INFO itself shows up in the next read). */
    static Map<String, Long> commandStats(RespClient raw) {
        String info = (String) raw.call("INFO", "commandstats");
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int i = line.indexOf("calls=");
            if (line.startsWith("cmdstat_") && i > 0) {
                out.put(line.substring(8, line.indexOf(':')), Long.parseLong(line.substring(i + 6,
                        line.indexOf(',', i))));
            }
        }
        return out;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((name, calls) -> {
            // The first INFO (which read "before") is not the scheduler's; the second is not in "after" yet.
            long n = calls - before.getOrDefault(name, 0L) - (name.equals("info") ? 1 : 0);
            if (n > 0) {
                d.put(name, n);
            }
        });
        Map<String, Long> sorted = new LinkedHashMap<>();
        d.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEachOrdered(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
