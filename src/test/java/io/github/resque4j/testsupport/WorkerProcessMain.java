package io.github.resque4j.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * A worker JVM for process-level tests (kill -9, pruning by Ruby): args {@code redis-uri namespace
 * queues(comma) concurrency [hostname]}. Prints {@code READY <id> <id>…} once registered and runs until
 * SIGTERM. Jobs: {@code NoopJob}, {@code Sleepy(seconds)}, {@code FailingJob}, {@code EchoJob} (pushes
 * its args, as Java decoded and re-encoded them, to {@code <ns>:interop:java-echo}), {@code LedgerJob(id, fail)}
 * (pushes its id to {@code queue:ledger-ran}, then throws if fail).
 */
public final class WorkerProcessMain {
    private WorkerProcessMain() {
    }

    /** @param args see class comment */
    public static void main(String[] args) throws Exception {
        ResqueConfig config = ResqueConfig.builder().redis(args[0]).namespace(args[1]).build();
        ResqueClient client = ResqueClient.create(config);
        JobRegistry reg = JobRegistry.builder()
                .register("NoopJob", job -> { })
                .register("Sleepy", job -> Thread.sleep((long) (job.arg(0, Double.class) * 1000)))
                .register("FailingJob", job -> {
                    throw new IllegalStateException("java boom " + job.args());
                })
                .register("LedgerJob", job -> { // args [id, fail]: records the execution, then maybe fails
                    client.push("ledger-ran", Map.of("class", "Ran", "args", java.util.List.of(job.args().get(0))));
                    Thread.sleep(1);
                    if (Boolean.TRUE.equals(job.args().get(1))) {
                        throw new IllegalStateException("ledger failure " + job.args().get(0));
                    }
                })
                .register("EchoJob", job -> client.push("java-echo", Map.of("class", "Echo", "args", job.args())))
                .build();
        WorkerOptions.Builder options = WorkerOptions.builder(reg, args[2].split(","))
                .concurrency(Integer.parseInt(args[3])).pollTimeout(Duration.ofMillis(500))
                .shutdownTimeout(Duration.ofSeconds(2)).installShutdownHook(true);
        if (args.length > 4) {
            options.hostname(args[4]);
        }
        WorkerPool pool = WorkerPool.create(config, options.build());
        pool.start();
        System.out.println("READY " + String.join(" ", pool.workerIds()));
        System.out.flush();
        new CountDownLatch(1).await(); // until the JVM is terminated
    }
}
