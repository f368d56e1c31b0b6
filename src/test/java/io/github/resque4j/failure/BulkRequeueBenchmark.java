package io.github.resque4j.failure;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.FailureBackend;

/**
 * Bulk requeue measurement, not a test: seeds N Ruby-layout failure entries (default 100,000) into a fresh
 * namespace and times {@code Failures.requeue(FailureFilter.all(), progress)}, then checks every entry got
 * {@code retried_at} and every job reached its queue, and deletes the namespace's keys. Arguments:
 * {@code redis-uri [entries] [batchSize]}. Use a Redis nobody else depends on.
 */
public final class BulkRequeueBenchmark {
    private BulkRequeueBenchmark() {
    }

    /**
     * @param args {@code redis-uri [entries] [batchSize]}
     */
    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : Failures.Builder.DEFAULT_BATCH_SIZE;
        String ns = "bench-failures-" + System.nanoTime();
        ResqueConfig config = ResqueConfig.builder().redis(uri).namespace(ns).build();
        RubyJson json = RubyJson.jsonGem();
        try (RedisConnection conn = RedisConnection.open(config, 0)) {
            RedissonClient redis = conn.client();
            long t0 = System.nanoTime();
            List<String> chunk = new ArrayList<>(1000);
            RBatch b = redis.createBatch();
            for (int i = 0; i < n; i++) {
                chunk.add(json.encode(entry(i)));
                if (chunk.size() == 1000 || i == n - 1) {
                    b.getList(ns + ":failed", StringCodec.INSTANCE).addAllAsync(new ArrayList<>(chunk));
                    chunk.clear();
                }
            }
            b.execute();
            System.out.printf("seeded %d entries in %.2f s%n", n, (System.nanoTime() - t0) / 1e9);

            try (Failures failures = Failures.builder(config).backend(FailureBackend.REDIS).zone(ZoneId.of("UTC"))
                    .batchSize(batch).build()) {
                long[] updates = {0};
                long start = System.nanoTime();
                BulkResult r = failures.requeue(FailureFilter.all(), (done, total) -> updates[0]++);
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("requeue(FailureFilter.all()) of %d entries, batch %d: %.2f s (%.0f entries/s), "
                        + "%d progress updates, %s%n", n, batch, secs, n / secs, updates[0], r);
                long queued = redis.getList(ns + ":queue:default", StringCodec.INSTANCE).size()
                        + redis.getList(ns + ":queue:other", StringCodec.INSTANCE).size();
                long retried = failures.count(FailureFilter.builder().retried(true).build());
                if (r.done() != n || queued != n || retried != n) {
                    throw new IllegalStateException("expected " + n + " requeued, got " + r + ", queued " + queued
                            + ", retried " + retried);
                }
                System.out.println("verified: " + queued + " jobs queued, " + retried + " entries with retried_at");
            } finally {
                redis.getKeys().delete(ns + ":failed", ns + ":queue:default", ns + ":queue:other", ns + ":queues");
            }
        }
    }

    private static Map<String, Object> entry(int i) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("class", i % 2 == 0 ? "SimpleJob" : "Mailer::Deliver");
        payload.put("args", List.of(i, "user-" + i, Map.of("attempt", 1, "note", "é")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failed_at", "2026/11/25 13:41:19 UTC");
        m.put("payload", payload);
        m.put("exception", "ArgumentError");
        m.put("error", "boom " + i);
        m.put("backtrace", List.of("/app/jobs/simple_job.rb:12:in `perform'", "/app/lib/worker.rb:40:in `run'"));
        m.put("worker", "vm:9273:default");
        m.put("queue", i % 2 == 0 ? "default" : "other");
        return m;
    }
}
