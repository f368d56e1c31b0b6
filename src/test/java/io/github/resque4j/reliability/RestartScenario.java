package io.github.resque4j.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * A producer enqueues jobs with unique ids at a steady pace while a 4-worker pool drains them and
 * {@code redis-server} (persisting every write: AOF, fsync always) is killed with SIGKILL and started again
 * on the same port. Afterwards every id is looked up in the processed set, the failed list and the queue.
 * Shared by {@link RedisRestartTest} (CI size) and {@link RedisRestartSoak} (long runs).
 */
final class RestartScenario {
    static final String QUEUE = "restart";
    static final String NS = "reliability-restart";

    final int jobs;
    final int restarts;
    final int ratePerSecond;
    final int concurrency;

    private final Map<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();
    /** id → enqueue attempts executed (the attempt number travels in the job's args). */
    private final Map<Integer, Set<Integer>> executedAttempts = new ConcurrentHashMap<>();
    private final AtomicLong executedTotal = new AtomicLong();
    private final ThreadLocal<RawResp> handlerConn = new ThreadLocal<>();
    private final List<long[]> outages = new ArrayList<>();
    private final List<Long> timeline = new ArrayList<>();
    /** Acknowledged enqueues, sampled with {@link #timeline}. */
    private final List<Long> ackTimeline = new ArrayList<>();
    private final Map<String, AtomicLong> enqueueErrors = new ConcurrentHashMap<>();
    private final AtomicLong handlerSaddRetries = new AtomicLong();
    private LocalRedisProcess redis;
    private long t0;

    RestartScenario(int jobs, int restarts, int ratePerSecond, int concurrency) {
        this.jobs = jobs;
        this.restarts = restarts;
        this.ratePerSecond = ratePerSecond;
        this.concurrency = concurrency;
    }

    /** The accounting printed at the end. */
    record Ledger(int enqueuedAcknowledged, int enqueueAttempts, Map<String, Long> enqueueErrors, int processed,
            int failed, int queued, int lost, int foundMoreThanOnce, int executedTwice, int executedTwiceRetry,
            long executions, long statProcessed, long statFailed, long handlerSaddRetries, List<Integer> lostIds,
            List<String> outages, double seconds, double jobsPerSecond, long maxStallMs, long maxProducerStallMs, Map<String, Long> logs) {

        String print() {
            StringBuilder b = new StringBuilder();
            b.append("==== restart ledger ====\n");
            b.append(String.format("enqueued (acknowledged ids) : %d%n", enqueuedAcknowledged));
            b.append(String.format("enqueue calls               : %d (failed and retried with the same id: %d, by error %s)%n",
                    enqueueAttempts, enqueueAttempts - enqueuedAcknowledged, enqueueErrors));
            b.append(String.format("processed (ids in the set)  : %d%n", processed));
            b.append(String.format("failed (ids in failed list) : %d%n", failed));
            b.append(String.format("still queued (ids)          : %d%n", queued));
            b.append(String.format("lost                        : %d %s%n", lost, lostIds));
            b.append(String.format("found in >1 place / twice   : %d%n", foundMoreThanOnce));
            b.append(String.format("executed twice              : %d (stored twice by a producer retry: %d; by one "
                    + "acknowledged enqueue call, i.e. Redisson re-sent the batch: %d)%n", executedTwice,
                    executedTwiceRetry, executedTwice - executedTwiceRetry));
            b.append(String.format("handler executions          : %d%n", executions));
            b.append(String.format("stat:processed / stat:failed: %d / %d (stat:processed - executions = %d)%n",
                    statProcessed, statFailed, statProcessed - executions));
            b.append(String.format("handler SADD retries        : %d%n", handlerSaddRetries));
            b.append(String.format("identity                    : %d = %d + %d + %d  -> %s%n", enqueuedAcknowledged,
                    processed, failed, queued, enqueuedAcknowledged == processed + failed + queued ? "holds" : "BROKEN"));
            b.append(String.format("run                         : %.1f s, %.0f jobs/s through %d restarts, longest stall: workers %d ms, producer %d ms%n",
                    seconds, jobsPerSecond, outages.size(), maxStallMs, maxProducerStallMs));
            b.append("outages (killed at s / down ms / workers stalled ms / producer stalled ms): ").append(outages).append('\n');
            b.append("log lines: ").append(logs).append('\n');
            return b.toString();
        }
    }

    Ledger run() throws Exception {
        redis = LocalRedisProcess.start("--appendonly", "yes", "--appendfsync", "always");
        try (LogCapture logs = LogCapture.start()) {
            Ledger l = drive(logs);
            return l;
        } finally {
            redis.close();
        }
    }

    private Ledger drive(LogCapture logs) throws Exception {
        ResqueConfig config = ResqueConfig.builder().redis("redis://127.0.0.1:" + redis.port() + "/0").namespace(NS)
                .build();
        JobRegistry registry = JobRegistry.builder().register("Ledger", this::perform).build();
        WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry, QUEUE).concurrency(concurrency)
                .pollTimeout(Duration.ofMillis(500)).shutdownTimeout(Duration.ofSeconds(10)).build());
        ResqueClient client = ResqueClient.create(config);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        t0 = System.nanoTime();
        pool.start();

        Thread producer = new Thread(() -> {
            for (int id = 0; id < jobs; id++) {
                long due = t0 + (long) (id * 1e9 / ratePerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
                for (int attempt = 0;; attempt++) {
                    attempts.incrementAndGet();
                    try {
                        client.enqueue(QUEUE, "Ledger", id, attempt);
                        acknowledged.incrementAndGet();
                        break;
                    } catch (RuntimeException e) {
                        String kind = e instanceof RedisUnavailableException ? "RedisUnavailableException"
                                : e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("\\d+", "N");
                        enqueueErrors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                        sleepNanos(50_000_000L);
                    }
                }
            }
            producing.set(false);
        }, "restart-producer");

        Thread sampler = new Thread(() -> {
            long lastSeen = -1;
            int same = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = executedTotal.get();
                same = now == lastSeen ? same + 1 : 0;
                lastSeen = now;
                if (same == 60 && Boolean.getBoolean("restart.debug")) {
                    dumpWorkers();
                }
                synchronized (timeline) {
                    timeline.add(executedTotal.get());
                    ackTimeline.add((long) acknowledged.get());
                }
                sleepNanos(50_000_000L);
            }
        }, "restart-sampler");
        sampler.setDaemon(true);
        sampler.start();
        producer.start();

        // Restarts spread over the production period (which lasts jobs / rate seconds).
        double produceSeconds = (double) jobs / ratePerSecond;
        for (int k = 0; k < restarts; k++) {
            long at = t0 + (long) ((0.08 + 0.84 * k / Math.max(1, restarts - 1)) * produceSeconds * 1e9);
            long wait = at - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            long down = System.nanoTime();
            redis.stopProcess();
            sleepNanos(ThreadLocalRandom.current().nextLong(200, 501) * 1_000_000L);
            redis.startProcess();
            long up = System.nanoTime();
            synchronized (outages) {
                outages.add(new long[] {down, up});
            }
        }
        producer.join(Duration.ofSeconds(120).toMillis());
        if (producer.isAlive()) {
            throw new IllegalStateException("producer did not finish");
        }
        // Drain: queue empty, nobody working, counts settled.
        try (RawResp raw = RawResp.connect("127.0.0.1", redis.port())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long lastExec = -1;
            int stable = 0;
            while (System.nanoTime() < deadline && stable < 10) {
                Object len = raw.call("LLEN", NS + ":queue:" + QUEUE);
                @SuppressWarnings("unchecked")
                List<Object> working = (List<Object>) raw.call("KEYS", NS + ":worker:*");
                long exec = executedTotal.get();
                boolean idle = Long.valueOf(0).equals(len) && working.stream()
                        .noneMatch(k -> !new String((byte[]) k, StandardCharsets.UTF_8).contains(":started"));
                stable = idle && exec == lastExec ? stable + 1 : 0;
                lastExec = exec;
                sleepNanos(100_000_000L);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.close();
        client.close();
        sampler.interrupt();
        closeHandlerConnections();
        return reconcile(acknowledged.get(), attempts.get(), seconds, logs);
    }

    /** The job: record the id in Redis (retrying until Redis answers; SADD is idempotent) and in memory. */
    private void perform(JobContext job) throws InterruptedException {
        int id = job.arg(0, int.class);
        int attempt = job.arg(1, int.class);
        executions.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        executedAttempts.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(attempt);
        executedTotal.incrementAndGet();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                RawResp c = handlerConn.get();
                if (c == null) {
                    c = RawResp.connect("127.0.0.1", redis.port());
                    handlerConn.set(c);
                    synchronized (allHandlerConns) {
                        allHandlerConns.add(c);
                    }
                }
                c.call("SADD", NS + ":ledger:processed", String.valueOf(id));
                return;
            } catch (RuntimeException e) {
                handlerSaddRetries.incrementAndGet();
                RawResp c = handlerConn.get();
                if (c != null) {
                    c.close();
                    handlerConn.remove();
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private final List<RawResp> allHandlerConns = new ArrayList<>();

    private void closeHandlerConnections() {
        synchronized (allHandlerConns) {
            allHandlerConns.forEach(RawResp::close);
        }
    }

    @SuppressWarnings("unchecked")
    private Ledger reconcile(int acknowledged, int attempts, double seconds, LogCapture logs) {
        RubyJson json = RubyJson.jsonGem();
        Set<Integer> inSet = new HashSet<>();
        Map<Integer, Integer> inFailed = new HashMap<>();
        Map<Integer, Integer> inQueue = new HashMap<>();
        long statProcessed;
        long statFailed;
        // The server is still up after the last restart; read everything over a raw connection.
        try (RawResp raw = RawResp.connect("127.0.0.1", redis.port())) {
            for (Object m : (List<Object>) raw.call("SMEMBERS", NS + ":ledger:processed")) {
                inSet.add(Integer.parseInt(new String((byte[]) m, StandardCharsets.UTF_8)));
            }
            for (byte[] f : raw.list(NS + ":failed")) {
                Map<String, Object> entry = json.decodeObject(new String(f, StandardCharsets.UTF_8));
                Map<String, Object> payload = (Map<String, Object>) entry.get("payload");
                inFailed.merge(((Number) ((List<Object>) payload.get("args")).get(0)).intValue(), 1, Integer::sum);
            }
            for (byte[] q : raw.list(NS + ":queue:" + QUEUE)) {
                Map<String, Object> payload = json.decodeObject(new String(q, StandardCharsets.UTF_8));
                inQueue.merge(((Number) ((List<Object>) payload.get("args")).get(0)).intValue(), 1, Integer::sum);
            }
            for (Object k : (List<Object>) raw.call("KEYS", NS + ":resque4j:processing:*")) {
                // Crash-safe fetch's held jobs: none should be left once the pool has closed.
                String key = new String((byte[]) k, StandardCharsets.UTF_8);
                List<byte[]> held = raw.list(key);
                if (!held.isEmpty()) {
                    System.out.println("left in " + key + ": " + held.stream()
                            .map(b -> new String(b, StandardCharsets.UTF_8)).toList());
                }
            }
            statProcessed = parse(raw.callString("GET", NS + ":stat:processed"));
            statFailed = parse(raw.callString("GET", NS + ":stat:failed"));
        }
        int processed = 0;
        int failed = 0;
        int queued = 0;
        int lost = 0;
        int more = 0;
        int twice = 0;
        int twiceRetry = 0;
        List<Integer> lostIds = new ArrayList<>();
        for (int id = 0; id < jobs; id++) {
            int s = inSet.contains(id) ? 1 : 0;
            int f = inFailed.getOrDefault(id, 0);
            int q = inQueue.getOrDefault(id, 0);
            int e = executions.getOrDefault(id, new AtomicInteger()).get();
            if (s + f + q == 0) {
                lost++;
                lostIds.add(id);
            } else if (s + f + q > 1) {
                more++;
            }
            if (s == 1 && f == 0 && q == 0) {
                processed++;
            } else if (f > 0 && s == 0 && q == 0) {
                failed++;
            } else if (q > 0 && s == 0 && f == 0) {
                queued++;
            }
            if (e > 1) {
                twice++;
                if (executedAttempts.get(id).size() > 1) {
                    twiceRetry++;
                }
            }
        }
        List<String> outageText = new ArrayList<>();
        long maxStall = 0;
        long maxProducerStall = 0;
        List<Long> tl;
        List<Long> al;
        synchronized (timeline) {
            tl = new ArrayList<>(timeline);
            al = new ArrayList<>(ackTimeline);
        }
        synchronized (outages) {
            for (long[] o : outages) {
                long stall = stallAround(tl, o[0]);
                long pstall = stallAround(al, o[0]);
                maxStall = Math.max(maxStall, stall);
                maxProducerStall = Math.max(maxProducerStall, pstall);
                outageText.add(String.format("%.1f/%d/%d/%d", (o[0] - t0) / 1e9, (o[1] - o[0]) / 1_000_000, stall,
                        pstall));
            }
        }
        Map<String, Long> logCounts = new LinkedHashMap<>();
        logCounts.put("captured", (long) logs.lines().size());
        logCounts.put("worker unavailable (WARN)", logs.count(l -> l.contains("Worker") && l.contains("retrying with backoff")));
        logCounts.put("worker reachable again (INFO)", logs.count(l -> l.contains("Worker") && l.contains("reachable again")));
        logCounts.put("worker unexpected error (ERROR)", logs.count(l -> l.contains("unexpected error, retrying")));
        logCounts.put("heartbeat failed", logs.count(l -> l.contains("heartbeat failed")));
        logCounts.put("org.redisson WARN/ERROR", logs.count(l -> l.contains("org.redisson") && (l.contains(" WARN ") || l.contains(" ERROR "))));
        Map<String, Long> errs = new TreeMap<>();
        enqueueErrors.forEach((k, v) -> errs.put(k, v.get()));
        long execs = executions.values().stream().mapToLong(AtomicInteger::get).sum();
        return new Ledger(acknowledged, attempts, errs, processed, failed, queued, lost, more, twice, twiceRetry, execs,
                statProcessed, statFailed, handlerSaddRetries.get(), lostIds, outageText, seconds,
                execs / seconds, maxStall, maxProducerStall, logCounts);
    }

    /** Longest run of 50 ms samples without a new execution, from 0.5 s before the kill to 10 s after. */
    private long stallAround(List<Long> tl, long down) {
        int start = (int) Math.max(1, (down - t0) / 50_000_000L - 10);
        int end = Math.min(tl.size() - 1, start + 210);
        long best = 0;
        long run = 0;
        for (int i = start; i <= end; i++) {
            run = tl.get(i).equals(tl.get(i - 1)) ? run + 50 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    private static void dumpWorkers() {
        StringBuilder b = new StringBuilder("---- workers stalled 3 s ----\n");
        Thread.getAllStackTraces().forEach((t, st) -> {
            if (t.getName().startsWith("resque4j-worker") || t.getName().equals("restart-producer")) {
                b.append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (int i = 0; i < Math.min(st.length, 14); i++) {
                    b.append("    ").append(st[i]).append('\n');
                }
            }
        });
        System.out.println(b);
    }

    private static long parse(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
