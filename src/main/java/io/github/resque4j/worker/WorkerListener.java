package io.github.resque4j.worker;

/**
 * Worker lifecycle events, the Java side of Ruby's process-local worker hooks ({@code before_first_fork},
 * {@code queue_empty}, {@code shutdown}, {@code worker_exit}). Called on worker threads: keep them short.
 */
public interface WorkerListener {
    /** @param workerId a worker just registered */
    default void onStart(String workerId) {
    }

    /**
     * @param workerId the worker
     * @param job the job it is about to run
     */
    default void beforeJob(String workerId, JobContext job) {
    }

    /**
     * Called after a job ran (hooks included), before its outcome is written to Redis.
     *
     * @param workerId the worker
     * @param job the job that ran
     * @param elapsed time spent performing it (hooks included)
     * @param failure what made it fail (then it lands in the failed list), or {@code null} on success
     */
    default void afterJob(String workerId, JobContext job, java.time.Duration elapsed, Throwable failure) {
    }

    /**
     * Called when a reserved payload cannot be decoded into a job at all (it lands in the failed list with
     * its raw bytes).
     *
     * @param workerId the worker
     * @param queue the queue it came from
     * @param error why it was refused
     */
    default void onMalformedJob(String workerId, String queue, Throwable error) {
    }

    /** @param workerId a worker found its queues empty after having worked */
    default void onQueueEmpty(String workerId) {
    }

    /** @param workerId a worker is about to unregister */
    default void onShutdown(String workerId) {
    }
}
