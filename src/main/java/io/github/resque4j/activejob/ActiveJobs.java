package io.github.resque4j.activejob;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.DelayedOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Enqueues {@link ActiveJob}s the way Rails' Resque adapter does, so that a Rails worker runs them:
 * <ul>
 *   <li>{@code perform_later} → {@link #enqueue}: {@code Resque.enqueue_to(queue_name, JobWrapper, job_data)};</li>
 *   <li>{@code set(wait_until:).perform_later} → {@link #enqueueAt}, {@code set(wait:)} → {@link #enqueueIn}:
 *       resque-scheduler's {@code enqueue_at_with_queue(queue_name, time, JobWrapper, job_data)}, i.e. the
 *       delayed-job keys, or a plain enqueue when the time is not in the future.</li>
 * </ul>
 * The queue is always the job's {@link ActiveJob#queueName()}. A Rails worker reads the job under any
 * {@link io.github.resque4j.json.JsonProfile}; for the bytes Rails itself writes (which matters where Ruby compares
 * bytes, e.g. {@code Resque.dequeue} or resque-scheduler's {@code remove_delayed}) configure the client with
 * {@code ACTIVE_SUPPORT} for a Rails app on MultiJson's json_gem adapter, {@code OJ_COMPAT} for one with the
 * {@code oj} gem.
 *
 * <pre>{@code
 * ActiveJob job = ActiveJob.builder("WelcomeMailerJob").queue("mailers")
 *         .arguments(GlobalId.of("shop", "User", 42), RubySymbol.of("welcome"))
 *         .keywords(Map.of("locale", "de"))
 *         .build();
 * // Ruby: WelcomeMailerJob.set(queue: "mailers").perform_later(user, :welcome, locale: "de")
 * ActiveJobs.enqueue(client, job);
 * // Ruby: ....set(wait: 1.hour).perform_later(...)
 * ActiveJobs.enqueueIn(delayed, Duration.ofHours(1), job);
 * }</pre>
 */
public final class ActiveJobs {
    private ActiveJobs() {
    }

    /**
     * Enqueues the job now, as {@code perform_later} does.
     *
     * @param client the client
     * @param job the job
     * @return {@code false} if a client hook vetoed it
     */
    public static boolean enqueue(ResqueClient client, ActiveJob job) {
        Objects.requireNonNull(client, "client");
        return client.enqueue(queueOf(job), job.toJob());
    }

    /**
     * Schedules the job for {@code at}, as {@code set(wait_until: at).perform_later} does.
     *
     * @param delayed the delayed-jobs API
     * @param at when it should run (whole seconds count, as in resque-scheduler)
     * @param job the job
     * @return whether it was delayed or enqueued now (when {@code at} is not in the future)
     */
    public static DelayedOutcome enqueueAt(DelayedJobs delayed, Instant at, ActiveJob job) {
        Objects.requireNonNull(delayed, "delayed");
        return delayed.enqueueAt(at, queueOf(job), job.toJob());
    }

    /**
     * Schedules the job {@code wait} from now (the delayed-jobs clock), as {@code set(wait: …).perform_later} does.
     *
     * @param delayed the delayed-jobs API
     * @param wait how long from now
     * @param job the job
     * @return whether it was delayed or enqueued now
     */
    public static DelayedOutcome enqueueIn(DelayedJobs delayed, Duration wait, ActiveJob job) {
        Objects.requireNonNull(delayed, "delayed");
        return delayed.enqueueIn(wait, queueOf(job), ActiveJob.WRAPPER_CLASS, job.toJobData());
    }

    private static String queueOf(ActiveJob job) {
        Objects.requireNonNull(job, "job");
        if (job.queueName() == null) {
            throw new IllegalArgumentException("the job has no queue_name");
        }
        return job.queueName();
    }
}
