package io.github.resque4j.scheduler;

import java.util.Objects;

import io.github.resque4j.Job;

/**
 * A delayed job that was taken from its timestamp and pushed onto its queue ahead of time
 * ({@link DelayedJobs#enqueueNextItem(long)}).
 *
 * @param timestamp the epoch second it was scheduled for
 * @param queue the queue it was pushed to (the {@code queue} field of the delayed job)
 * @param job class and arguments as enqueued ({@code {"class":…,"args":[…]}}); the arguments are
 *     normalised as resque-scheduler does (a JSON object becomes the single argument, a scalar a one-element
 *     list, {@code null} an empty list)
 * @param raw the delayed job's text exactly as it was stored under {@code delayed:<ts>}
 */
public record EnqueuedDelayedJob(long timestamp, String queue, Job job, String raw) {
    /** Checks the components. */
    public EnqueuedDelayedJob {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(raw, "raw");
    }
}
