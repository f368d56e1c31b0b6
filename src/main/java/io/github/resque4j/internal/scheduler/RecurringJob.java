package io.github.resque4j.internal.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.resque4j.ResqueException;
import io.github.resque4j.cron.CronSchedule;
import io.github.resque4j.cron.EveryDuration;

/**
 * One entry of a resque-scheduler schedule ({@code load_schedule_job} + {@code enqueue_from_config}): when it
 * fires (fugit cron or rufus {@code every}) and what it enqueues. An expression we cannot parse exactly as
 * fugit does is rejected at load time, never run on a guessed schedule.
 */
final class RecurringJob {
    private final String name;
    private final Map<String, Object> config;
    private final String className;
    private final String queue;
    private final List<Object> args;
    private final CronSchedule cron;
    private final Duration every;
    private final Instant loadedAt;

    private RecurringJob(String name, Map<String, Object> config, String className, String queue, List<Object> args,
            CronSchedule cron, Duration every, Instant loadedAt) {
        this.name = name;
        this.config = config;
        this.className = className;
        this.queue = queue;
        this.args = args;
        this.cron = cron;
        this.every = every;
        this.loadedAt = loadedAt;
    }

    /**
     * @param name schedule name
     * @param config its config hash as stored (JSON object) or loaded from a file
     * @param zone the scheduler's zone (rufus uses the process's local zone)
     * @param classQueues queues for classes whose config names none (Ruby would ask the class)
     * @param loadedAt when it was (re)loaded: {@code every} counts from here, like rufus
     * @return the job, or empty when it has neither cron nor every (Ruby logs "skipping")
     * @throws ResqueException naming the schedule when it cannot be honoured exactly
     */
    @SuppressWarnings("unchecked")
    static Optional<RecurringJob> of(String name, Map<String, Object> config, ZoneId zone,
            Map<String, String> classQueues, Instant loadedAt) {
        Object cls = config.get("class");
        Object custom = config.get("custom_job_class");
        String className = custom instanceof String && !"Resque::Job".equals(custom) ? (String) custom
                : cls instanceof String ? (String) cls : name; // prepare_schedules: class defaults to the name
        Object q = config.get("queue");
        String queue = q instanceof String && !((String) q).isEmpty() ? (String) q
                : classQueues.get(cls instanceof String ? (String) cls : name);
        if (queue == null) {
            throw new ResqueException("schedule " + name + ": no queue given and none configured for class "
                    + className + " (a Java scheduler cannot ask a Ruby class for its @queue)");
        }
        List<Object> args = DelayedItems.normaliseArgs(config.get("args"));
        CronSchedule cron = null;
        Duration every = null;
        Object c = config.get("cron");
        Object e = config.get("every");
        if (c instanceof String && !((String) c).isEmpty()) {
            cron = CronSchedule.parse((String) c, zone);
        } else if (c instanceof List && !((List<?>) c).isEmpty()) {
            cron = CronSchedule.parse(String.valueOf(((List<?>) c).get(0)), zone);
        } else if (e instanceof String && !((String) e).isEmpty()) {
            every = EveryDuration.parse((String) e).duration();
        } else if (e instanceof List && !((List<?>) e).isEmpty()) {
            // [interval, {opts}]: rufus options such as first_in change the first run; we refuse what we do not model.
            List<?> l = (List<?>) e;
            if (l.size() > 1 && l.get(1) instanceof Map && !((Map<?, ?>) l.get(1)).isEmpty()) {
                throw new ResqueException("schedule " + name + ": every options " + l.get(1)
                        + " are not supported by the Java scheduler");
            }
            every = EveryDuration.parse(String.valueOf(l.get(0))).duration();
        } else {
            return Optional.empty();
        }
        return Optional.of(new RecurringJob(name, new LinkedHashMap<>(config), className, queue, args, cron, every,
                loadedAt));
    }

    String name() {
        return name;
    }

    Map<String, Object> config() {
        return config;
    }

    String className() {
        return className;
    }

    String queue() {
        return queue;
    }

    List<Object> args() {
        return args;
    }

    /**
     * @param after a moment (the scheduler's Redis-based clock)
     * @return the next fire time strictly after it
     */
    Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        if (cron != null) {
            return cron.nextAfter(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
        }
        // rufus `every`: first run one interval after scheduling, then every interval.
        long periods = Math.max(0, Duration.between(loadedAt, after).toMillis() / every.toMillis());
        Instant next = loadedAt.plus(every.multipliedBy(periods + 1));
        return Optional.of(next);
    }
}
