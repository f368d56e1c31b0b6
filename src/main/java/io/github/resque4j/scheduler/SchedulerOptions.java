package io.github.resque4j.scheduler;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.lang3.Validate;

/**
 * How a Java {@link Scheduler} runs: resque-scheduler's settings with its defaults. Immutable; made with
 * {@link #builder()}.
 */
public final class SchedulerOptions {
    /** {@code RESQUE_SCHEDULER_INTERVAL}: 5 s between loop iterations. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** {@code LOCK_TIMEOUT}: master lock TTL, 180 s. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(180);
    /** {@code DELAYED_REQUEUE_BATCH_SIZE}: 100. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    private final Duration interval;
    private final Duration lockTimeout;
    private final String lockPrefix;
    private final int batchSize;
    private final boolean dynamic;
    private final boolean legacyScheduleLayout;
    private final Map<String, Map<String, Object>> staticSchedule;
    private final Map<String, String> classQueues;
    private final String env;
    private final ZoneId zone;
    private final String lockValue;

    private SchedulerOptions(Builder b) {
        Validate.isTrue(b.interval != null && b.interval.toMillis() >= 10, "interval must be at least 10 ms");
        Validate.isTrue(b.lockTimeout != null && b.lockTimeout.getSeconds() >= 1, "lockTimeout must be >= 1 s");
        Validate.isTrue(b.batchSize >= 1, "batchSize must be >= 1");
        this.interval = b.interval;
        this.lockTimeout = b.lockTimeout;
        this.lockPrefix = b.lockPrefix == null ? "" : b.lockPrefix;
        this.batchSize = b.batchSize;
        this.dynamic = b.dynamic;
        this.legacyScheduleLayout = b.legacyScheduleLayout;
        Map<String, Map<String, Object>> s = new LinkedHashMap<>();
        b.staticSchedule.forEach((k, v) -> s.put(k, Map.copyOf(v)));
        this.staticSchedule = s;
        this.classQueues = Map.copyOf(b.classQueues);
        this.env = b.env;
        this.zone = Objects.requireNonNull(b.zone, "zone");
        this.lockValue = b.lockValue;
    }

    /** @return a builder with resque-scheduler's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return loop interval */
    public Duration interval() {
        return interval;
    }

    /** @return master lock TTL */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /** @return {@code RESQUE_SCHEDULER_MASTER_LOCK_PREFIX}, empty for none */
    public String lockPrefix() {
        return lockPrefix;
    }

    /** @return delayed items moved per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return {@code DYNAMIC_SCHEDULE}: read and follow {@code persistent_schedules} */
    public boolean dynamic() {
        return dynamic;
    }

    /** @return read the pre-4.2 {@code schedules} hash instead of {@code persistent_schedules} */
    public boolean legacyScheduleLayout() {
        return legacyScheduleLayout;
    }

    /** @return schedules from a file or code (name → config, resque-scheduler's format), in order */
    public Map<String, Map<String, Object>> staticSchedule() {
        return staticSchedule;
    }

    /** @return queue for a class name, for schedules and delayed jobs that name no queue */
    public Map<String, String> classQueues() {
        return classQueues;
    }

    /** @return {@code Resque::Scheduler.env} (RAILS_ENV): entries with {@code rails_env}/{@code env} load only if it matches */
    public Optional<String> env() {
        return Optional.ofNullable(env);
    }

    /** @return the zone cron expressions without a zone use, and the zone of {@code last_enqueued_at} values */
    public ZoneId zone() {
        return zone;
    }

    /** @return master lock value override (default {@code <host>:<pid>}) */
    public Optional<String> lockValue() {
        return Optional.ofNullable(lockValue);
    }

    /** Builder for {@link SchedulerOptions}. */
    public static final class Builder {
        private Duration interval = DEFAULT_INTERVAL;
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        private String lockPrefix = "";
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean dynamic = true;
        private boolean legacyScheduleLayout;
        private final Map<String, Map<String, Object>> staticSchedule = new LinkedHashMap<>();
        private final Map<String, String> classQueues = new LinkedHashMap<>();
        private String env = System.getenv("RAILS_ENV");
        private ZoneId zone = ZoneId.systemDefault();
        private String lockValue;

        private Builder() {
        }

        /** @param d loop interval @return this */
        public Builder interval(Duration d) {
            this.interval = d;
            return this;
        }

        /** @param d master lock TTL @return this */
        public Builder lockTimeout(Duration d) {
            this.lockTimeout = d;
            return this;
        }

        /** @param prefix lock key prefix @return this */
        public Builder lockPrefix(String prefix) {
            this.lockPrefix = prefix;
            return this;
        }

        /** @param n batch size @return this */
        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** @param on follow dynamic schedules @return this */
        public Builder dynamic(boolean on) {
            this.dynamic = on;
            return this;
        }

        /** @param on use the pre-4.2 {@code schedules} hash @return this */
        public Builder legacyScheduleLayout(boolean on) {
            this.legacyScheduleLayout = on;
            return this;
        }

        /** @param name schedule name @param config its config (cron/every, class, queue, args…) @return this */
        public Builder schedule(String name, Map<String, Object> config) {
            staticSchedule.put(Objects.requireNonNull(name, "name"), new LinkedHashMap<>(config));
            return this;
        }

        /** @param all schedules (name → config), e.g. from {@link ScheduleFiles#load} @return this */
        public Builder schedules(Map<String, Map<String, Object>> all) {
            all.forEach(this::schedule);
            return this;
        }

        /** @param className Ruby class @param queue its {@code @queue} @return this */
        public Builder classQueue(String className, String queue) {
            classQueues.put(className, queue);
            return this;
        }

        /** @param e RAILS_ENV of this scheduler @return this */
        public Builder env(String e) {
            this.env = e;
            return this;
        }

        /** @param z zone @return this */
        public Builder zone(ZoneId z) {
            this.zone = z;
            return this;
        }

        /** @param value master lock value @return this */
        public Builder lockValue(String value) {
            this.lockValue = value;
            return this;
        }

        /** @return the options */
        public SchedulerOptions build() {
            return new SchedulerOptions(this);
        }
    }
}
