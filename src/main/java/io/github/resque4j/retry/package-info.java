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
 * {@code MultipleWithRetrySuppression} backend (which keeps retried attempts out of it) is not mirrored.
 */
package io.github.resque4j.retry;
