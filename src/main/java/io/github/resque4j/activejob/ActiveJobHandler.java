package io.github.resque4j.activejob;

/**
 * Runs ActiveJob jobs of one {@code job_class} in Java: the counterpart of the Ruby job's {@code perform}.
 * Register it with {@link ActiveJobDispatcher.Builder#register}.
 *
 * <p>A handler is shared by every job of its class and called from several worker threads at once, so it must be
 * thread-safe.
 */
@FunctionalInterface
public interface ActiveJobHandler {

    /**
     * Performs the job.
     *
     * @param job the decoded job and the Resque context it runs in
     * @throws Exception any failure; the job is recorded in Resque's failed list (with the JobWrapper payload, as
     *     a failing Ruby ActiveJob job is), and nothing is retried unless the handler re-enqueues it
     */
    void perform(ActiveJobContext job) throws Exception;
}
