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

    /** @param workerId a worker found its queues empty after having worked */
    default void onQueueEmpty(String workerId) {
    }

    /** @param workerId a worker is about to unregister */
    default void onShutdown(String workerId) {
    }
}
