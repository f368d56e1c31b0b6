package io.github.resque4j.worker;

import java.util.List;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.worker.RedisWorkerPool;

/**
 * N Resque workers in one JVM, each registered under its own Ruby-parseable id, taking jobs from Ruby's
 * queues and keeping Ruby's registry, heartbeats, stats and failure list exactly as a Ruby worker does.
 * Close it to stop fetching, let running jobs finish (up to the shutdown timeout) and unregister.
 */
public interface WorkerPool extends AutoCloseable {

    /**
     * @param config connection and namespace
     * @param options queues, handlers, concurrency
     * @return a pool, not yet started
     */
    static WorkerPool create(ResqueConfig config, WorkerOptions options) {
        return new RedisWorkerPool(config, options);
    }

    /** Prunes dead workers (Ruby's rules), registers every worker and starts working. Idempotent. */
    void start();

    /** @return the worker ids as registered in {@code workers} */
    List<String> workerIds();

    /** Stops reserving new jobs in this pool (like Ruby's USR2); running jobs finish. */
    void pause();

    /** Resumes after {@link #pause()} (like Ruby's CONT). */
    void resume();

    /** @return whether this pool is paused locally */
    boolean isPaused();

    /** @return jobs finished by this pool since start (failures included, as {@code stat:processed}) */
    long processedCount();

    /** @return jobs failed in this pool since start */
    long failedCount();

    /** @return current health: status, busy workers, workers retrying an unreachable Redis, counts */
    PoolHealth health();

    /** Graceful shutdown: stop fetching, wait for running jobs, deal with stragglers, unregister. */
    @Override
    void close();
}
