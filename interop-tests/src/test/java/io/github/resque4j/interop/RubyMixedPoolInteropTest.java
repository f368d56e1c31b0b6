package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.Job;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.testsupport.RubyResque.RubyWorker;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Two real Ruby Resque 3.0 worker processes and a Java {@link WorkerPool} (4 workers) drain one queue together:
 * Ruby's LPOP-based reservation and Java's BLPOP take from the same list, both keep the same stats.
 */
@ExtendWith(RedisExtension.class)
class RubyMixedPoolInteropTest {
    private static final Logger LOG = LoggerFactory.getLogger(RubyMixedPoolInteropTest.class);
    private static final int JOBS = 1_000;

    private static long asLong(Object reply) {
        return reply == null ? 0 : Long.parseLong(reply.toString());
    }

    private static long stats(RedisKit kit, List<String> workerIds) {
        return workerIds.stream().mapToLong(id -> asLong(kit.get("stat:processed:" + id))).sum();
    }

    @Test
    void rubyAndJavaWorkersDrainOneQueueEachJobExactlyOnce(RedisKit kit) throws Exception {
        RubyResque.assumeAvailable();
        String ns = kit.ns().name();
        List<RubyWorker> ruby = new ArrayList<>();
        // The Java side of RecordJob: the same three writes as ruby-fixtures/jobs/interop_jobs.rb, on a raw connection.
        try (RespClient record = RespClient.connect(kit.server())) {
            JobRegistry registry = JobRegistry.builder().register("RecordJob", job -> {
                String id = job.args().get(0).toString();
                synchronized (record) {
                    record.send("SADD", ns + ":interop:done", id);
                    record.send("RPUSH", ns + ":interop:done:list", id);
                    record.send("RPUSH", ns + ":interop:done:java", id);
                    record.read();
                    record.read();
                    record.read();
                }
                Thread.sleep(2); // about a Ruby job's cost, so that Ruby's share is not left to luck
            }).build();
            for (int i = 0; i < 2; i++) {
                // INTERVAL 0.05: an idle Ruby worker polls 20 times a second, so it joins a drain quickly.
                ruby.add(RubyResque.startWorker(kit.server(), ns, "mixed", Map.of("INTERVAL", "0.05")));
            }
            List<String> rubyIds = ruby.stream().map(RubyWorker::id).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> kit.members("workers").containsAll(rubyIds));
            try (WorkerPool pool = WorkerPool.create(kit.config(), WorkerOptions.builder(registry, "mixed")
                    .concurrency(4).pollTimeout(Duration.ofMillis(200)).build())) {
                pool.start();
                List<String> javaIds = pool.workerIds();
                assertThat(javaIds).hasSize(4);
                assertThat(kit.members("workers")).containsAll(javaIds).containsAll(rubyIds);

                List<Job> jobs = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    jobs.add(Job.of("RecordJob", String.format("job-%04d", i)));
                }
                assertThat(kit.client().enqueueAll("mixed", jobs)).isEqualTo(JOBS);

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                        .until(() -> asLong(kit.get("stat:processed")) >= JOBS && kit.list("queue:mixed").isEmpty());
                // Per-worker stats, read while every worker is still registered (they go away on unregister).
                // Each worker increments its own and the global counter in one pipeline, so wait for it to settle.
                List<String> all = new ArrayList<>(rubyIds);
                all.addAll(javaIds);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stats(kit, all))
                        .as("sum of per-worker stat:processed").isEqualTo(JOBS));
                long rubyStats = stats(kit, rubyIds);
                long javaStats = stats(kit, javaIds);
                long rubyDone = kit.list("interop:done:ruby").size();
                long javaDone = kit.list("interop:done:java").size();
                LOG.info("mixed drain of {} jobs: Ruby workers ran {}, Java workers {}", JOBS, rubyDone, javaDone);

                assertThat(asLong(kit.call("SCARD", ns + ":interop:done"))).as("distinct jobs run").isEqualTo(JOBS);
                assertThat(kit.list("interop:done:list")).as("runs (a duplicate would make it longer)").hasSize(JOBS);
                assertThat(asLong(kit.get("stat:processed"))).isEqualTo(JOBS);
                assertThat(rubyDone + javaDone).as("sum of both sides' counts").isEqualTo(JOBS);
                assertThat(rubyStats).as("Ruby workers' stats = Ruby's runs").isEqualTo(rubyDone);
                assertThat(javaStats).as("Java workers' stats = Java's runs").isEqualTo(javaDone)
                        .isEqualTo(pool.processedCount());
                assertThat(rubyDone).as("jobs run by Ruby").isPositive();
                assertThat(javaDone).as("jobs run by Java").isPositive();
                assertThat(asLong(kit.get("stat:failed"))).isZero();
                assertThat(kit.list("failed")).isEmpty();
            }
        } finally {
            ruby.forEach(RubyWorker::close);
        }
    }
}
