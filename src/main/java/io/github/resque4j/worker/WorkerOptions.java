package io.github.resque4j.worker;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.lang3.Validate;

import io.github.resque4j.Names;

/**
 * How a {@link WorkerPool} works: its queues, concurrency, handlers, hooks and Ruby's timing settings.
 * Immutable; made with {@link #builder(JobRegistry, String...)}.
 */
public final class WorkerOptions {
    /** Ruby's {@code INTERVAL}: longest wait for a job in one blocking poll. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(5);
    /** Ruby's {@code Resque.heartbeat_interval}. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(60);
    /** Ruby's {@code Resque.prune_interval}: a heartbeat older than this marks a dead worker. */
    public static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofSeconds(300);
    /** How long shutdown lets running jobs finish. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> queues;
    private final int concurrency;
    private final JobRegistry registry;
    private final Duration pollTimeout;
    private final Duration heartbeatInterval;
    private final Duration pruneInterval;
    private final Duration shutdownTimeout;
    private final InFlightPolicy inFlightPolicy;
    private final FailureBackend failureBackend;
    private final ZoneId zone;
    private final String hostname;
    private final boolean pruneAtStartup;
    private final boolean installShutdownHook;
    private final List<JobHook> hooks;
    private final Map<String, List<JobHook>> classHooks;
    private final List<WorkerListener> listeners;
    private final Duration jobTimeout;
    private final Map<String, Duration> classTimeouts;
    private final boolean crashSafeFetch;
    private final InFlightPolicy deadWorkerJobs;
    private final boolean requeueOrphanedJobs;
    private final Duration idlePollInterval;
    private final boolean periodicPrune;
    private final boolean virtualThreads;

    private WorkerOptions(Builder b) {
        Validate.notEmpty(b.queues, "a worker needs at least one queue");
        this.queues = List.copyOf(b.queues);
        Validate.isTrue(b.concurrency >= 1, "concurrency must be at least 1");
        this.concurrency = b.concurrency;
        this.registry = Objects.requireNonNull(b.registry, "registry");
        this.pollTimeout = atLeast(b.pollTimeout, Duration.ofMillis(100), "pollTimeout");
        this.heartbeatInterval = atLeast(b.heartbeatInterval, Duration.ofMillis(100), "heartbeatInterval");
        this.pruneInterval = atLeast(b.pruneInterval, Duration.ofSeconds(1), "pruneInterval");
        this.shutdownTimeout = atLeast(b.shutdownTimeout, Duration.ZERO, "shutdownTimeout");
        this.inFlightPolicy = Objects.requireNonNull(b.inFlightPolicy, "inFlightPolicy");
        this.failureBackend = Objects.requireNonNull(b.failureBackend, "failureBackend");
        this.zone = Objects.requireNonNull(b.zone, "zone");
        Validate.isTrue(b.hostname == null || (!b.hostname.isEmpty() && b.hostname.indexOf(':') < 0),
                "hostname must be non-empty and contain no ':'");
        this.hostname = b.hostname;
        this.pruneAtStartup = b.pruneAtStartup;
        this.installShutdownHook = b.installShutdownHook;
        this.hooks = List.copyOf(b.hooks);
        Map<String, List<JobHook>> ch = new LinkedHashMap<>();
        b.classHooks.forEach((k, v) -> ch.put(k, List.copyOf(v)));
        this.classHooks = Map.copyOf(ch);
        this.listeners = List.copyOf(b.listeners);
        Validate.isTrue(b.jobTimeout == null || !b.jobTimeout.isNegative() && !b.jobTimeout.isZero(),
                "jobTimeout must be positive");
        this.jobTimeout = b.jobTimeout;
        this.classTimeouts = Map.copyOf(b.classTimeouts);
        this.crashSafeFetch = b.crashSafeFetch;
        this.deadWorkerJobs = Objects.requireNonNull(b.deadWorkerJobs, "deadWorkerJobs");
        this.requeueOrphanedJobs = b.requeueOrphanedJobs;
        this.idlePollInterval = atLeast(b.idlePollInterval, Duration.ofMillis(10), "idlePollInterval");
        this.periodicPrune = b.periodicPrune;
        this.virtualThreads = b.virtualThreads;
    }

    /** @return whether workers run on virtual threads (Java 21+; platform threads otherwise) */
    public boolean virtualThreads() {
        return virtualThreads;
    }

    /** @return whether reserved jobs are kept in a processing list until their outcome is recorded */
    public boolean crashSafeFetch() {
        return crashSafeFetch;
    }

    /** @return what the pruner does with a dead worker's held job (crash-safe fetch) */
    public InFlightPolicy deadWorkerJobs() {
        return deadWorkerJobs;
    }

    /** @return whether a held job whose worker another client (Ruby) pruned is also put back (at-least-once) */
    public boolean requeueOrphanedJobs() {
        return requeueOrphanedJobs;
    }

    /** @return the longest idle wait between polls when crash-safe fetch cannot block (several queues) */
    public Duration idlePollInterval() {
        return idlePollInterval;
    }

    /** @return whether the pool prunes dead workers after every heartbeat, not only at startup */
    public boolean periodicPrune() {
        return periodicPrune;
    }

    private static Duration atLeast(Duration d, Duration min, String name) {
        Validate.isTrue(d != null && d.compareTo(min) >= 0, "%s must be at least %s", name, min);
        return d;
    }

    /**
     * @param registry the job handlers
     * @param queues queue names and patterns in priority order (Ruby's {@code QUEUES}), e.g.
     *        {@code "critical", "*", "!skip*"}
     * @return a builder with Ruby's defaults
     */
    public static Builder builder(JobRegistry registry, String... queues) {
        Builder b = new Builder();
        b.registry = registry;
        b.queues = new ArrayList<>(List.of(queues));
        return b;
    }

    /** @return queue names and patterns in priority order */
    public List<String> queues() {
        return queues;
    }

    /** @return number of workers (each a Resque worker of its own in the registry) */
    public int concurrency() {
        return concurrency;
    }

    /** @return the handlers */
    public JobRegistry registry() {
        return registry;
    }

    /** @return longest wait of one blocking poll */
    public Duration pollTimeout() {
        return pollTimeout;
    }

    /** @return heartbeat period */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** @return heartbeat age after which a worker counts as dead */
    public Duration pruneInterval() {
        return pruneInterval;
    }

    /** @return how long shutdown waits for running jobs */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** @return what happens to jobs still running after the shutdown timeout */
    public InFlightPolicy inFlightPolicy() {
        return inFlightPolicy;
    }

    /** @return the failure backend */
    public FailureBackend failureBackend() {
        return failureBackend;
    }

    /** @return zone for Ruby's local-time spellings ({@code started}, heartbeat, {@code failed_at}) */
    public ZoneId zone() {
        return zone;
    }

    /** @return host name override for worker ids; empty = the kernel host name */
    public Optional<String> hostname() {
        return Optional.ofNullable(hostname);
    }

    /** @return whether to prune dead workers at startup as Ruby does */
    public boolean pruneAtStartup() {
        return pruneAtStartup;
    }

    /** @return whether SIGTERM/SIGINT (JVM shutdown) closes the pool gracefully */
    public boolean installShutdownHook() {
        return installShutdownHook;
    }

    /** @return hooks for every job */
    public List<JobHook> hooks() {
        return hooks;
    }

    /** @param className Ruby class name @return hooks for that class only */
    public List<JobHook> hooksFor(String className) {
        return classHooks.getOrDefault(className, List.of());
    }

    /** @return lifecycle listeners */
    public List<WorkerListener> listeners() {
        return listeners;
    }

    /**
     * @param className Ruby class name
     * @return how long a job of this class may run before it is interrupted and failed, if limited
     */
    public Optional<Duration> jobTimeout(String className) {
        Duration d = classTimeouts.get(className);
        return Optional.ofNullable(d != null ? d : jobTimeout);
    }

    /** Builder for {@link WorkerOptions}; not thread-safe. */
    public static final class Builder {
        private List<String> queues;
        private JobRegistry registry;
        private int concurrency = 1;
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration pruneInterval = DEFAULT_PRUNE_INTERVAL;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private InFlightPolicy inFlightPolicy = InFlightPolicy.FAIL;
        private FailureBackend failureBackend = FailureBackend.REDIS;
        private ZoneId zone = ZoneId.systemDefault();
        private String hostname;
        private boolean pruneAtStartup = true;
        private boolean installShutdownHook;
        private final List<JobHook> hooks = new ArrayList<>();
        private final Map<String, List<JobHook>> classHooks = new LinkedHashMap<>();
        private final List<WorkerListener> listeners = new ArrayList<>();
        private Duration jobTimeout;
        private final Map<String, Duration> classTimeouts = new LinkedHashMap<>();
        private boolean crashSafeFetch = true;
        private InFlightPolicy deadWorkerJobs = InFlightPolicy.REQUEUE;
        private boolean requeueOrphanedJobs;
        private Duration idlePollInterval = Duration.ofMillis(200);
        private boolean periodicPrune = true;
        private boolean virtualThreads;

        private Builder() {
        }

        /**
         * @param d default limit for every job: past it the job is interrupted and recorded as a
         *        {@link io.github.resque4j.JobTimeoutException} failure (none by default)
         * @return this
         */
        public Builder jobTimeout(Duration d) {
            this.jobTimeout = d;
            return this;
        }

        /**
         * @param className Ruby class name
         * @param d limit for jobs of that class, overriding {@link #jobTimeout(Duration)}
         * @return this
         */
        public Builder jobTimeout(String className, Duration d) {
            Names.requireClassName(className);
            Validate.isTrue(d != null && !d.isNegative() && !d.isZero(), "timeout must be positive");
            classTimeouts.put(className, d);
            return this;
        }

        /** @param n number of workers @return this */
        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /** @param d longest wait of one blocking poll (Ruby's {@code INTERVAL}) @return this */
        public Builder pollTimeout(Duration d) {
            this.pollTimeout = d;
            return this;
        }

        /** @param d heartbeat period (Ruby: 60 s) @return this */
        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = d;
            return this;
        }

        /** @param d heartbeat age that marks a dead worker (Ruby: 300 s) @return this */
        public Builder pruneInterval(Duration d) {
            this.pruneInterval = d;
            return this;
        }

        /** @param d how long shutdown waits for running jobs @return this */
        public Builder shutdownTimeout(Duration d) {
            this.shutdownTimeout = d;
            return this;
        }

        /** @param p what to do with jobs still running after the shutdown timeout @return this */
        public Builder inFlightPolicy(InFlightPolicy p) {
            this.inFlightPolicy = p;
            return this;
        }

        /** @param b failure backend @return this */
        public Builder failureBackend(FailureBackend b) {
            this.failureBackend = b;
            return this;
        }

        /** @param z zone of the Ruby processes ({@code TZ}) @return this */
        public Builder zone(ZoneId z) {
            this.zone = z;
            return this;
        }

        /** @param name host name to put in worker ids instead of the kernel's @return this */
        public Builder hostname(String name) {
            this.hostname = name;
            return this;
        }

        /** @param prune whether to prune dead workers at startup @return this */
        public Builder pruneAtStartup(boolean prune) {
            this.pruneAtStartup = prune;
            return this;
        }

        /** @param install close the pool gracefully on JVM shutdown (SIGTERM/SIGINT) @return this */
        public Builder installShutdownHook(boolean install) {
            this.installShutdownHook = install;
            return this;
        }

        /** @param hook runs around every job, in registration order @return this */
        public Builder hook(JobHook hook) {
            hooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /**
         * @param className Ruby class name
         * @param hook runs around jobs of that class only, after the global hooks
         * @return this
         */
        public Builder hook(String className, JobHook hook) {
            Names.requireClassName(className);
            classHooks.computeIfAbsent(className, k -> new ArrayList<>()).add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /** @param listener lifecycle listener @return this */
        public Builder listener(WorkerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Crash-safe fetch (on by default): a reserved job is moved atomically from its queue into the
         * worker's list {@code <ns>:resque4j:processing:<id>} and leaves it in the script that records its
         * outcome, so a worker killed mid-job (kill -9, lost host) loses nothing: whoever prunes it puts the
         * job back ({@link #deadWorkerJobs}). {@code worker:<id>} still shows the job as Ruby writes it. Costs
         * two Redis commands per job inside the same script call; with several queues an idle worker polls
         * (up to {@link #idlePollInterval}) instead of blocking, since Redis cannot block-move from several lists.
         *
         * @param on false for Ruby's at-most-once fetch (a killed worker's job is only recorded as failed)
         * @return this
         */
        public Builder crashSafeFetch(boolean on) {
            this.crashSafeFetch = on;
            return this;
        }

        /**
         * @param policy what the pruner does with the job a dead worker held: {@code REQUEUE} (default) puts it
         *        back at the head of its queue, {@code FAIL} records it as Ruby's prune does
         *        ({@code Resque::PruneDeadWorkerDirtyExit} / {@code Resque::DirtyExit})
         * @return this
         */
        public Builder deadWorkerJobs(InFlightPolicy policy) {
            this.deadWorkerJobs = policy;
            return this;
        }

        /**
         * When Ruby pruned a dead Java worker first, Ruby already recorded its job as failed; by default the
         * held copy is then dropped (exactly once). True puts it back as well (at-least-once: it is then both
         * in the failed list and queued again).
         *
         * @param requeue whether to requeue jobs of workers another client pruned
         * @return this
         */
        public Builder requeueOrphanedJobs(boolean requeue) {
            this.requeueOrphanedJobs = requeue;
            return this;
        }

        /** @param d longest idle wait between polls under crash-safe fetch with several queues @return this */
        public Builder idlePollInterval(Duration d) {
            this.idlePollInterval = d;
            return this;
        }

        /** @param on prune dead workers (and recover their jobs) after every heartbeat, default true @return this */
        public Builder periodicPrune(boolean on) {
            this.periodicPrune = on;
            return this;
        }

        /**
         * Runs each worker on a virtual thread when the JVM has them (Java 21+), else on a platform thread (logged
         * once). Worth it for many workers whose jobs mostly wait (HTTP calls, sleeps): a parked virtual thread
         * costs no OS thread. Jobs that block inside {@code synchronized} pin their carrier on Java 21-23.
         *
         * @param on default false
         * @return this
         */
        public Builder virtualThreads(boolean on) {
            this.virtualThreads = on;
            return this;
        }

        /** @return the options */
        public WorkerOptions build() {
            return new WorkerOptions(this);
        }
    }
}
