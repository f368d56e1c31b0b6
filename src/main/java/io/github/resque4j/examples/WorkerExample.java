package io.github.resque4j.examples;

import java.time.Duration;
import java.util.List;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.client.ResqueInfo;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * The README's main job: enqueues a few jobs exactly as Ruby would, runs them on a pool of Java workers
 * registered in Resque (resque-web shows them), prints {@code Resque.info}'s figures, and stops. Set
 * {@code RESQUE_WORK_FOREVER=1} to keep working until SIGTERM/SIGINT. Launch the JVM with
 * {@code -Dresque:work=1} so a Ruby worker starting on this host recognises it as a live worker (the README
 * command does).
 */
public final class WorkerExample {
    private WorkerExample() {
    }

    /** @param args ignored */
    public static void main(String[] args) throws Exception {
        ResqueConfig config = ResqueConfig.fromEnvironment(System.getenv()).build();
        run(config, new java.io.PrintWriter(System.out, true), "1".equals(System.getenv("RESQUE_WORK_FOREVER")));
    }

    /**
     * Enqueues the example jobs, works them off with a pool of two Java workers, and reports.
     *
     * @param config where
     * @param out where to print
     * @param forever keep working until the JVM is terminated
     * @throws InterruptedException if interrupted while waiting
     */
    public static void run(ResqueConfig config, java.io.PrintWriter out, boolean forever) throws InterruptedException {
        try (ResqueClient resque = ResqueClient.create(config)) {
            resque.enqueue("examples", "Example::Greet", "Ruby fleet");
            resque.enqueue("examples", "Example::Sum", List.of(1, 2, 3, 4), "1+2+3+4");
            resque.enqueue("examples", "Example::Fail", 42);
            out.println("Enqueued 3 jobs on queue 'examples' at " + config.describeEndpoint() + ", namespace '"
                    + config.namespace() + "'");

            WorkerOptions options = WorkerOptions.builder(ExampleJobs.registry(), "examples").concurrency(2)
                    .pollTimeout(Duration.ofSeconds(1)).installShutdownHook(true).build();
            WorkerPool pool = WorkerPool.create(config, options);
            pool.start();
            out.println("Workers registered: " + pool.workerIds());
            if (forever) {
                out.println("Working until SIGTERM/SIGINT (RESQUE_WORK_FOREVER=1)");
                Thread.currentThread().join();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (pool.processedCount() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            pool.close();
            out.printf("Processed %d jobs (%d failed) in this run%n", pool.processedCount(), pool.failedCount());
            out.flush();
        }
    }
}
