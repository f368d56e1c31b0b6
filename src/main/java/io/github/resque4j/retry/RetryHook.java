package io.github.resque4j.retry;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHook;

/**
 * A {@link JobHook} doing what resque-retry's hooks do for one {@link RetryPolicy}, on the plugin's Redis keys,
 * so Java and Ruby workers share each job's attempt count:
 * <ul>
 *   <li>{@code beforePerform} ({@code before_perform_retry}): {@code SETNX <key> -1}, {@code INCR <key>} (the
 *       result is this run's attempt, 0 for the first), and {@code EXPIRE} when the policy sets
 *       {@link RetryPolicy.Builder#expireKeyAfter};</li>
 *   <li>{@code afterPerform} ({@code after_perform_retry}): {@code DEL <key>};</li>
 *   <li>{@code onFailure} ({@code on_failure_retry}): {@code DECR} for an ignored exception; then either
 *       {@code SETNX <key> -1} and a re-enqueue of the same class and arguments — at once
 *       ({@code Resque.enqueue_to}) when the delay is zero, else into resque-scheduler's delayed layout
 *       ({@code enqueue_in_with_queue}) — or, when the job is given up, {@code DEL <key>}.</li>
 * </ul>
 * The failure itself is recorded by the worker as usual, on every attempt (Ruby's plain {@code Redis} failure
 * backend does the same); the last attempt's entry is the one left when no retry follows.
 *
 * <p>Register it for the Ruby class names it serves ({@link Retries#attach}); one instance may serve several
 * classes and all worker threads.
 */
public interface RetryHook extends JobHook {

    /** @return the policy */
    RetryPolicy policy();

    /**
     * @param job a job running on the calling thread (e.g. inside its handler)
     * @return its attempt number as counted in Redis (0 = first run), or empty if this hook has not started it
     */
    OptionalInt attempt(JobContext job);

    /**
     * Reads the shared counter ({@code GET}); what resque-web's retry tab shows.
     *
     * @param className Ruby class name
     * @param args the job's arguments
     * @return the last attempt started (-1: a retry is scheduled but has not started), or empty when there is no
     *     counter (never failed, succeeded, or given up)
     */
    OptionalLong storedAttempt(String className, List<Object> args);
}
