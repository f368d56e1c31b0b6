package io.github.resque4j.scheduler;

import java.util.Map;
import java.util.Optional;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.scheduler.RedisSchedules;

/**
 * Dynamic recurring schedules shared with Ruby, as {@code Resque.set_schedule(name, config)} with
 * {@code persist: true} writes them: a running resque-scheduler started with {@code DYNAMIC_SCHEDULE} (or a
 * Java {@link Scheduler}) picks changes up from {@code schedules_changed} on its next loop. Schedules set
 * without {@code persist} live only in the Ruby process that set them, so Java cannot see or set those.
 */
public interface Schedules extends AutoCloseable {

    /**
     * @param config connection and namespace
     * @return schedules in resque-scheduler 4.2+'s layout ({@code persistent_schedules})
     */
    static Schedules create(ResqueConfig config) {
        return new RedisSchedules(config, false);
    }

    /**
     * @param config connection and namespace
     * @param legacyLayout use the pre-4.2 layout ({@code schedules} hash + {@code persisted_schedules} set)
     * @return schedules
     */
    static Schedules create(ResqueConfig config, boolean legacyLayout) {
        return new RedisSchedules(config, legacyLayout);
    }

    /**
     * Adds or replaces a schedule ({@code HSET persistent_schedules}, {@code SADD schedules_changed}). The config
     * is validated first (cron/every parse exactly as fugit does; a queue is required), and written in the
     * caller's key order without {@code persist}.
     *
     * @param name schedule name
     * @param config {@code cron} or {@code every}, {@code class}, {@code queue}, {@code args}, {@code description}…
     */
    void set(String name, Map<String, Object> config);

    /**
     * @param name schedule name
     * @return whether it existed ({@code HDEL persistent_schedules}, {@code SADD schedules_changed})
     */
    boolean remove(String name);

    /** @return every persisted schedule, name → config */
    Map<String, Map<String, Object>> list();

    /** @param name schedule name @return its config */
    Optional<Map<String, Object>> get(String name);

    /** @return {@code delayed:last_enqueued_at}: schedule name → Ruby {@code Time#to_s} of its last enqueue */
    Map<String, String> lastEnqueuedAt();

    /** Releases the connection. */
    @Override
    void close();
}
