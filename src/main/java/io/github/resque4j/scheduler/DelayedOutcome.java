package io.github.resque4j.scheduler;

/** What {@link DelayedJobs#enqueueAt} did with a job. */
public enum DelayedOutcome {
    /**
     * The time was in the future: the job was stored as a delayed job ({@code RPUSH delayed:<ts>},
     * {@code SADD timestamps:<json>}, {@code ZADD delayed_queue_schedule}) for a scheduler to move later.
     */
    DELAYED,
    /**
     * The time was not in the future ({@code ts <= now}, compared in whole seconds as resque-scheduler ≥ 4.5
     * does): the job was enqueued immediately like {@code Resque.enqueue_to}, and no delayed keys were written.
     */
    ENQUEUED_NOW
}
