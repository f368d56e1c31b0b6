package io.github.resque4j.retry;

import java.time.Duration;

import io.github.resque4j.worker.JobContext;

/**
 * Told what a {@link RetryHook} decided for a failed job: resque-retry's {@code try_again_callback} and
 * {@code give_up_callback}. Runs on the worker thread, inside the job's failure hooks.
 */
public interface RetryListener {
    /**
     * The job will run again.
     *
     * @param job the failed job
     * @param error what it threw
     * @param attempt the attempt that failed (0 = first run)
     * @param delay how long until the retry is due (zero: enqueued at once)
     * @param queue where the retry goes
     */
    default void onRetry(JobContext job, Throwable error, int attempt, Duration delay, String queue) {
    }

    /**
     * The job will not run again: its failure is final.
     *
     * @param job the failed job
     * @param error what it threw
     * @param attempt the attempt that failed
     */
    default void onGiveUp(JobContext job, Throwable error, int attempt) {
    }
}
