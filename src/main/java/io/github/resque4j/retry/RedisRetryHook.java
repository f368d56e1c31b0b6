package io.github.resque4j.retry;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.worker.JobContext;

/** resque-retry's {@code before_perform_retry}, {@code after_perform_retry} and {@code on_failure_retry}. */
final class RedisRetryHook implements RetryHook {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRetryHook.class);

    private final RedisRetries retries;
    private final RetryPolicy policy;
    /**
     * The job this worker thread is running and its attempt (Ruby keeps it in the class's {@code @retry_attempt},
     * one job per process): the worker calls every hook of a job on the thread that runs it.
     */
    private final ThreadLocal<Running> running = new ThreadLocal<>();

    private record Running(JobContext job, String key, int attempt) {
    }

    RedisRetryHook(RedisRetries retries, RetryPolicy policy) {
        this.retries = retries;
        this.policy = policy;
    }

    @Override
    public RetryPolicy policy() {
        return policy;
    }

    @Override
    public boolean beforePerform(JobContext job) {
        String key = retries.key(policy, job.className(), job.args());
        int attempt = toInt(retries.begin(key));
        running.set(new Running(job, key, attempt));
        LOG.debug("{}: attempt {} ({})", job.className(), attempt, key);
        if (policy.expireKeyAfter().isPresent()) {
            // Ruby: retry_delay + expire_retry_key_after, the delay drawn again (with its own jitter)
            long ttl = policy.delay(attempt, retries.random()).getSeconds()
                    + policy.expireKeyAfter().get().getSeconds();
            retries.expire(key, ttl);
        }
        return true;
    }

    @Override
    public void afterPerform(JobContext job) {
        Running r = take(job);
        retries.delete(r != null ? r.key() : retries.key(policy, job.className(), job.args()));
    }

    @Override
    public void onFailure(JobContext job, Throwable error) {
        Running r = take(job);
        String key;
        int attempt;
        if (r != null) {
            key = r.key();
            attempt = r.attempt();
        } else {
            // beforePerform did not run for this job (an earlier hook threw): read the count, as the plugin does
            // for a DirtyExit reported by the parent process
            key = retries.key(policy, job.className(), job.args());
            attempt = toInt(retries.get(key).orElse(0));
        }
        if (policy.ignores(error)) {
            attempt = toInt(retries.decrement(key));
        }
        if (policy.shouldRetry(attempt, error, job.args())) {
            tryAgain(job, error, key, attempt);
        } else {
            LOG.debug("{}: giving up after attempt {}: {}", job.className(), attempt, error.toString());
            for (RetryListener l : policy.listeners()) {
                l.onGiveUp(job, error, attempt);
            }
            retries.delete(key);
        }
    }

    private void tryAgain(JobContext job, Throwable error, String key, int attempt) {
        Duration delay = policy.delay(attempt, retries.random());
        String queue = policy.queue().orElse(job.queue());
        LOG.debug("{}: retrying attempt {} on {} in {}", job.className(), attempt, queue, delay);
        for (RetryListener l : policy.listeners()) {
            l.onRetry(job, error, attempt, delay, queue);
        }
        retries.markRetrying(key);
        retries.enqueue(delay, queue, job.className(), job.args());
    }

    @Override
    public OptionalInt attempt(JobContext job) {
        Running r = running.get();
        return r != null && r.job() == job ? OptionalInt.of(r.attempt()) : OptionalInt.empty();
    }

    @Override
    public OptionalLong storedAttempt(String className, List<Object> args) {
        return retries.get(retries.key(policy, className, args));
    }

    private Running take(JobContext job) {
        Running r = running.get();
        if (r == null || r.job() != job) {
            return null;
        }
        running.remove();
        return r;
    }

    private static int toInt(long n) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }

    @Override
    public String toString() {
        return "RetryHook[" + policy + "]";
    }
}
