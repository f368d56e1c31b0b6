/**
 * Retries for Java workers in the format of Ruby's resque-retry plugin (v1.8.1), so that Java and Ruby workers of
 * one fleet share each job's attempt count: the counter {@code <ns>:resque-retry:<class>:<SHA-1 of args.join('-')>}
 * ({@link io.github.resque4j.retry.RetryIdentifier}), the plugin's command order around it, and retries
 * re-enqueued at once or through resque-scheduler's delayed layout, exactly as the plugin does.
 *
 * <p>A {@link io.github.resque4j.retry.RetryPolicy} mirrors a Ruby class's settings (limit, delay or backoff
 * table, jitter, exception filters, key expiry, retry queue); {@link io.github.resque4j.retry.Retries} makes the
 * {@link io.github.resque4j.retry.RetryHook} that applies it, registered per job class on
 * {@link io.github.resque4j.worker.WorkerOptions.Builder#hook(String, io.github.resque4j.worker.JobHook)}.
 *
 * <p>Every failed attempt is recorded in {@code failed} as with Ruby's default failure backend; the plugin's
 * {@code MultipleWithRetrySuppression} backend (which keeps retried attempts out of it) is not mirrored. Nor is
 * the retry of a job lost with its worker: a Java worker records a killed or pruned job as
 * {@code Resque::DirtyExit} without running failure hooks, where Ruby's pruning runs them and the plugin retries it.
 *
 * <p>Differences from the plugin by design: one Java hook instance serves many threads, so a job's attempt is kept
 * per thread (the plugin keeps it in the class, one job per process); when the hook's {@code beforePerform} did
 * not run for a failed job, the attempt is read from Redis ({@code GET}) instead of a stale class variable; the
 * counter key's TTL uses whole seconds (Ruby sends {@code EXPIRE} a float for a fractional delay, which Redis
 * refuses).
 */
package io.github.resque4j.retry;
