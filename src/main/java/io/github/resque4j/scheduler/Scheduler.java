package io.github.resque4j.scheduler;

import java.util.Set;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.scheduler.RedisScheduler;

/**
 * A resque-scheduler-compatible scheduler process in Java: it competes for the same master lock as Ruby's
 * {@code resque-scheduler}, and while master moves due delayed jobs to their queues and fires recurring
 * schedules (static ones given in {@link SchedulerOptions}, dynamic ones from {@code persistent_schedules}).
 * Ruby and Java schedulers can run side by side; only the master acts, and another takes over within the lock
 * TTL when the master dies.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * @param config connection and namespace
     * @param options scheduler settings
     * @return a scheduler, not yet started
     */
    static Scheduler create(ResqueConfig config, SchedulerOptions options) {
        return new RedisScheduler(config, options);
    }

    /** Starts the loop in a background thread. Idempotent. */
    void start();

    /** @return whether this process held the master lock at its last check */
    boolean isMaster();

    /** @return the master lock value this scheduler uses ({@code host:pid}) */
    String lockValue();

    /** @return names of the recurring schedules currently loaded */
    Set<String> loadedSchedules();

    /** @return delayed jobs moved (enqueued or set aside) since start */
    long movedCount();

    /** @return recurring jobs enqueued since start */
    long firedCount();

    /** Runs one loop iteration now (master check, due delayed jobs, schedule changes); for tests and tools. */
    void tick();

    /** Stops firing, releases the master lock if held, closes the connection. */
    @Override
    void close();
}
