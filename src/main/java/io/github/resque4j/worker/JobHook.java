package io.github.resque4j.worker;

/**
 * Java counterpart of Ruby's job hooks ({@code before_perform*}, {@code around_perform*},
 * {@code after_perform*}, {@code on_failure*}). Register globally or for one Ruby class name on
 * {@link WorkerOptions.Builder#hook}.
 */
public interface JobHook {
    /**
     * Runs before the job. Returning {@code false} is Ruby's {@code Resque::Job::DontPerform}: the job is
     * skipped silently and still counted as processed. Throwing fails the job.
     *
     * @param job the job
     * @return {@code false} to skip the job
     * @throws Exception to fail the job
     */
    default boolean beforePerform(JobContext job) throws Exception {
        return true;
    }

    /**
     * Wraps the job (and the hooks registered after this one). Call {@code next.proceed()} exactly once to
     * run it; not calling it skips the job like Ruby's around hooks that do not yield.
     *
     * @param job the job
     * @param next the rest of the chain
     * @throws Exception to fail the job
     */
    default void aroundPerform(JobContext job, Invocation next) throws Exception {
        next.proceed();
    }

    /**
     * Runs after the job succeeded. Throwing fails the job.
     *
     * @param job the job
     * @throws Exception to fail the job
     */
    default void afterPerform(JobContext job) throws Exception {
    }

    /**
     * Runs when the job failed, before the failure is written to Redis.
     *
     * @param job the job
     * @param error why it failed
     */
    default void onFailure(JobContext job, Throwable error) {
    }

    /** The rest of an around-perform chain. */
    @FunctionalInterface
    interface Invocation {
        /** @throws Exception whatever the job or an inner hook threw */
        void proceed() throws Exception;
    }
}
