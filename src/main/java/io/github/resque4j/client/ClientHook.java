package io.github.resque4j.client;

import io.github.resque4j.Job;

/**
 * Java counterpart of Ruby's {@code before_enqueue}/{@code after_enqueue}/{@code before_dequeue}/
 * {@code after_dequeue} job hooks. Ruby hooks are per job class; a hook here sees every job and can filter on
 * {@link Job#className()}. Returning {@code false} from a {@code before} hook cancels the operation and
 * nothing is written, as in Ruby.
 */
public interface ClientHook {
    /**
     * @param queue target queue
     * @param job the job about to be written
     * @return {@code false} to cancel this job's enqueue
     */
    default boolean beforeEnqueue(String queue, Job job) {
        return true;
    }

    /**
     * @param queue target queue
     * @param job the job just written
     */
    default void afterEnqueue(String queue, Job job) {
    }

    /**
     * @param queue the queue to remove from
     * @param job class and args being removed (empty args for a class-only dequeue)
     * @return {@code false} to cancel the dequeue
     */
    default boolean beforeDequeue(String queue, Job job) {
        return true;
    }

    /**
     * Called after a dequeue that was not cancelled, whether or not anything matched (as Ruby does).
     *
     * @param queue the queue
     * @param job class and args that were removed
     */
    default void afterDequeue(String queue, Job job) {
    }
}
