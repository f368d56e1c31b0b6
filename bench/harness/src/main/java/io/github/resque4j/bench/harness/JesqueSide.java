package io.github.resque4j.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.client.Client;
import net.greghaines.jesque.client.ClientImpl;
import net.greghaines.jesque.worker.MapBasedJobFactory;
import net.greghaines.jesque.worker.WorkerEvent;
import net.greghaines.jesque.worker.WorkerImpl;
import net.greghaines.jesque.worker.WorkerPool;

/**
 * Jesque's side: {@link ClientImpl#enqueue} / {@link ClientImpl#batchEnqueue} and Jesque's {@link WorkerPool} of
 * {@code workers} {@link WorkerImpl}s (one Jedis connection each), with Jesque's own bookkeeping (worker set,
 * status keys, stats, in-flight list). Jesque's worker sleeps 500 ms when its queues are empty (a constant of
 * {@code WorkerImpl}); that is left as it is.
 */
public final class JesqueSide extends Side {
    private static final AtomicInteger LATENCY_COUNT = new AtomicInteger();
    private static long[] enqueued = new long[0];
    private static long[] latency = new long[0];
    private static volatile long sleepMs;

    private JesqueSide(String[] args) {
        super(args);
    }

    /** @param args {@code key=value} parameters, see {@link Side} */
    public static void main(String[] args) {
        new JesqueSide(args).main();
    }

    /** The no-op job, constructed from its arguments as Jesque does. */
    public static final class NoopJob implements Runnable {
        /**
         * @param a first argument
         * @param b second argument
         * @param c third argument
         */
        public NoopJob(Integer a, String b, Map<?, ?> c) {
        }

        @Override
        public void run() {
        }
    }

    /** Sleeps {@code sleepMs}. */
    public static final class SleepJob implements Runnable {
        /** @param ms how long */
        public SleepJob(Integer ms) {
        }

        @Override
        public void run() {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records perform start minus the enqueue time it carries. */
    public static final class LatencyJob implements Runnable {
        private final long sent;

        /** @param sent wall-clock enqueue time, microseconds */
        public LatencyJob(Long sent) {
            this.sent = sent;
        }

        @Override
        public void run() {
            long start = wallMicros();
            int i = LATENCY_COUNT.getAndIncrement();
            enqueued[i] = sent;
            latency[i] = start - sent;
        }
    }

    private Config config(String namespace) {
        return new ConfigBuilder().withHost("127.0.0.1").withPort(port()).withNamespace(namespace).build();
    }

    /** A started-later pool whose successes are counted in {@code done}. */
    private WorkerPool pool(Config config, AtomicLong done) {
        MapBasedJobFactory factory = new MapBasedJobFactory(
                Map.of("NoopJob", NoopJob.class, "SleepJob", SleepJob.class, "LatencyJob", LatencyJob.class));
        WorkerPool pool = new WorkerPool(() -> new WorkerImpl(config, List.of(QUEUE), factory), workers());
        pool.getWorkerEventEmitter().addListener((event, worker, queue, job, runner, result, t) -> done.incrementAndGet(),
                WorkerEvent.JOB_SUCCESS, WorkerEvent.JOB_FAILURE);
        return pool;
    }

    private static void stop(WorkerPool pool) throws InterruptedException {
        pool.end(false);
        pool.join(10_000);
    }

    private static List<Job> jobs(String className, int n, Object... args) {
        List<Job> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Job(className, args));
        }
        return list;
    }

    @Override
    void run() throws Exception {
        int n = jobs();
        int warmup = Math.min(n, intParam("warmup", 5000));
        sleepMs = intParam("sleepMs", 0);
        Config config = config(ns());
        Object[] noopArgs = {1, "two", Map.of("three", 3)};
        switch (workload()) {
            case "enqueue-seq" -> {
                Client client = new ClientImpl(config);
                for (int i = 0; i < warmup; i++) {
                    client.enqueue("warmup", new Job("NoopJob", noopArgs));
                }
                ready();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    client.enqueue(QUEUE, new Job("NoopJob", 1, "two", Map.of("three", 3)));
                }
                result((System.nanoTime() - t0) / 1e9, n, Map.of());
                client.end();
            }
            case "enqueue-batch" -> {
                Client client = new ClientImpl(config);
                client.batchEnqueue("warmup", jobs("NoopJob", warmup, noopArgs));
                List<Job> batch = jobs("NoopJob", n, noopArgs);
                ready();
                long t0 = System.nanoTime();
                client.batchEnqueue(QUEUE, batch);
                result((System.nanoTime() - t0) / 1e9, n, Map.of());
                client.end();
            }
            case "drain" -> {
                boolean sleep = sleepMs > 0;
                String cls = sleep ? "SleepJob" : "NoopJob";
                Object[] args = sleep ? new Object[] {(int) sleepMs} : noopArgs;
                if (warmup > 0) {
                    Config warm = config(ns() + "-warmup");
                    Client client = new ClientImpl(warm);
                    client.batchEnqueue(QUEUE, jobs(cls, warmup, args));
                    client.end();
                    AtomicLong done = new AtomicLong();
                    WorkerPool pool = pool(warm, done);
                    pool.run();
                    await(done::get, warmup);
                    stop(pool);
                }
                Client client = new ClientImpl(config);
                client.batchEnqueue(QUEUE, jobs(cls, n, args));
                client.end();
                AtomicLong done = new AtomicLong();
                WorkerPool pool = pool(config, done);
                ready();
                long t0 = System.nanoTime();
                pool.run(); // starts the worker threads and returns
                await(done::get, n);
                result((System.nanoTime() - t0) / 1e9, n, Map.of());
                stop(pool);
            }
            case "latency" -> {
                enqueued = new long[n];
                latency = new long[n];
                int rate = intParam("rate", 1000);
                AtomicLong done = new AtomicLong();
                WorkerPool pool = pool(config, done);
                pool.run();
                Client client = new ClientImpl(config);
                ready();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    sleepUntil(t0 + i * 1_000_000_000L / rate);
                    client.enqueue(QUEUE, new Job("LatencyJob", wallMicros()));
                }
                await(LATENCY_COUNT::get, n);
                double secs = (System.nanoTime() - t0) / 1e9;
                result(secs, n, latencyStats(enqueued, latency, n, intParam("skip", 0)));
                client.end();
                stop(pool);
            }
            case "idle" -> {
                AtomicLong done = new AtomicLong();
                WorkerPool pool = pool(config, done);
                pool.run();
                ready();
                long t0 = System.nanoTime();
                Thread.sleep(intParam("seconds", 3) * 1000L);
                result((System.nanoTime() - t0) / 1e9, 0, Map.of());
                stop(pool);
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload());
        }
    }
}
