package io.github.resque4j.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.opentest4j.AssertionFailedError;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.github.resque4j.Job;
import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.Names;
import io.github.resque4j.Payload;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.failure.Failures;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.worker.QueuePatterns;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.EnqueuedDelayedJob;
import io.github.resque4j.worker.FailureBackend;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerListener;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * A real Redis under one namespace, with what a test of Resque-using code needs: a {@link #config()} and
 * {@link #client()} for the code under test, assertions on what it enqueued and what failed, and a way to run
 * the queued jobs ({@link #drain}) and the delayed ones ({@link #runDelayedUntil}) with real worker semantics.
 * Get one as a test parameter with {@link ResqueTest @ResqueTest} (or {@link ResqueExtension}), or make one
 * over any Redis with {@link #create(ResqueConfig)}.
 *
 * <h2>How jobs are compared</h2>
 * {@link #assertEnqueued(String, String, Object...)} and its relatives compare a job's class name and
 * arguments as Ruby's JSON encodes them (with the configured {@link io.github.resque4j.json.JsonProfile}):
 * the expected job is encoded, each queued job's class and arguments are re-encoded, and the bytes must be
 * equal. So {@code 42}, {@code 42L} and {@code BigInteger.valueOf(42)} are the same argument, {@code 42.0} is
 * not (Ruby would see a Float), and the key order of a hash argument matters (as for Ruby's
 * {@code Resque.dequeue}). Extra top-level payload keys are ignored.
 *
 * <h2>Failure messages</h2>
 * Assertions throw {@link AssertionFailedError} with the expected job and the queue's or failed list's actual
 * content, so IDEs show a diff. No assertion library is needed.
 *
 * <p>Thread-safe. Close it to release its connections (the keys stay; {@link #clear()} deletes them).
 */
public final class ResqueTestKit implements AutoCloseable {
    /** How long {@link #drain} waits for the queues to empty before it fails the test. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** Longest wait of the drain worker's blocking poll: how long closing it after a drain takes at most. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(100);
    /** Entries shown in a failure message before "... and N more". */
    private static final int SHOWN = 20;

    private final ResqueConfig config;
    private final ResqueConfig shared;
    private final RedisConnection ownConnection;
    private final RubyJson json;
    private final Duration drainTimeout;
    private ResqueClient client;
    private Failures failures;
    private DelayedJobs delayed;

    /**
     * @param config what the code under test gets from {@link #config()}
     * @param connection the Redis client the kit's own calls share
     * @param own whether closing the kit closes that connection
     * @param drainTimeout see {@link #DEFAULT_DRAIN_TIMEOUT}
     */
    private ResqueTestKit(ResqueConfig config, RedisConnection connection, boolean own, Duration drainTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.shared = sharing(config, connection.client());
        this.ownConnection = own ? connection : null;
        this.json = RubyJson.of(config.jsonProfile());
        if (drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new IllegalArgumentException("drainTimeout must be positive");
        }
        this.drainTimeout = drainTimeout;
    }

    /**
     * A kit over any Redis and namespace, for use without JUnit's extension (or with another test framework).
     * It does not clear the namespace; call {@link #clear()} when you want that.
     *
     * @param config the Redis and namespace to use; the code under test gets it from {@link #config()}
     * @return a kit with its own connection, closed by {@link #close()}
     */
    public static ResqueTestKit create(ResqueConfig config) {
        return create(config, DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * @param config the Redis and namespace to use
     * @param drainTimeout how long a {@link #drain} may take before it fails the test
     * @return a kit with its own connection, closed by {@link #close()}
     */
    public static ResqueTestKit create(ResqueConfig config, Duration drainTimeout) {
        return new ResqueTestKit(config, RedisConnection.open(config, 2), true, drainTimeout);
    }

    /** A kit whose own calls go through a client shared with other kits (owned by the extension). */
    static ResqueTestKit sharing(ResqueConfig config, RedisConnection connection, Duration drainTimeout) {
        return new ResqueTestKit(config, connection, false, drainTimeout);
    }

    private static ResqueConfig sharing(ResqueConfig config, RedissonClient client) {
        return ResqueConfig.builder().redissonClient(client).namespace(config.namespace())
                .jsonProfile(config.jsonProfile()).connectTimeout(config.connectTimeout())
                .commandTimeout(config.commandTimeout()).build();
    }

    /**
     * @return the Redis and namespace of this test, for the code under test: it opens its own connections
     *     (close what you create from it)
     */
    public ResqueConfig config() {
        return config;
    }

    /** @return this test's namespace */
    public String namespace() {
        return config.namespace();
    }

    /** @return a client on this test's namespace, closed with the kit */
    public synchronized ResqueClient client() {
        if (client == null) {
            client = ResqueClient.create(shared);
        }
        return client;
    }

    /** @return Ruby's {@code Resque::Failure} operations on this namespace (Redis backend), closed with the kit */
    public synchronized Failures failures() {
        if (failures == null) {
            failures = Failures.create(shared, FailureBackend.REDIS);
        }
        return failures;
    }

    /** @return resque-scheduler's delayed-job operations on this namespace (system clock), closed with the kit */
    public synchronized DelayedJobs delayedJobs() {
        if (delayed == null) {
            delayed = DelayedJobs.create(shared);
        }
        return delayed;
    }

    // ---------------------------------------------------------------- queues

    /**
     * @param queue queue name
     * @return every job in the queue, next to run first
     * @throws PayloadFormatException naming the index of an entry that is not a job payload
     */
    public List<Payload> enqueuedJobs(String queue) {
        Names.requireQueue(queue);
        List<String> raws = client().peekRaw(queue, 0, Integer.MAX_VALUE);
        List<Payload> out = new ArrayList<>(raws.size());
        for (int i = 0; i < raws.size(); i++) {
            try {
                out.add(Payload.parse(raws.get(i), json));
            } catch (PayloadFormatException e) {
                throw new PayloadFormatException("queue " + queue + " entry " + i + ": " + e.getMessage(),
                        e.rawPayload(), e);
            }
        }
        return out;
    }

    /**
     * Asserts that the queue holds at least one job of this class with these arguments. With no arguments,
     * any arguments match (as for Ruby's {@code Resque.dequeue(klass)}); to require an empty argument list use
     * {@link #assertEnqueued(String, Job)} with {@code Job.of(className)}.
     *
     * @param queue queue name
     * @param className Ruby class name
     * @param args the arguments, compared as Ruby's JSON encodes them (see the class description)
     * @return the first matching job
     * @throws AssertionFailedError if there is none, listing the queue
     */
    public Payload assertEnqueued(String queue, String className, Object... args) {
        return args == null || args.length == 0 ? assertEnqueued(queue, Matcher.anyArgs(className))
                : assertEnqueued(queue, Job.of(className, args));
    }

    /**
     * Asserts that the queue holds at least one job with exactly this class and these arguments.
     *
     * @param queue queue name
     * @param job class and arguments, compared as Ruby's JSON encodes them
     * @return the first matching job
     * @throws AssertionFailedError if there is none, listing the queue
     */
    public Payload assertEnqueued(String queue, Job job) {
        return assertEnqueued(queue, Matcher.exact(job, json));
    }

    private Payload assertEnqueued(String queue, Matcher m) {
        List<String> raws = raw(queue);
        for (String raw : raws) {
            Optional<Payload> p = m.match(raw, json);
            if (p.isPresent()) {
                return p.get();
            }
        }
        StringBuilder msg = new StringBuilder("expected queue \"").append(queue).append("\" of namespace \"")
                .append(namespace()).append("\" to hold ").append(m.description()).append(", but ");
        describeQueue(msg, raws, m);
        elsewhere(msg, queue, m);
        throw new AssertionFailedError(msg.toString(), m.expected(), String.join("\n", raws));
    }

    /**
     * Asserts that the queue holds no job of this class with these arguments. With no arguments, no job of
     * the class may be there at all, whatever its arguments.
     *
     * @param queue queue name
     * @param className Ruby class name
     * @param args the arguments, compared as Ruby's JSON encodes them
     * @throws AssertionFailedError if one is there, naming its index
     */
    public void assertNotEnqueued(String queue, String className, Object... args) {
        assertNotEnqueued(queue, args == null || args.length == 0 ? Matcher.anyArgs(className)
                : Matcher.exact(Job.of(className, args), json));
    }

    /**
     * Asserts that the queue holds no job with exactly this class and these arguments.
     *
     * @param queue queue name
     * @param job class and arguments, compared as Ruby's JSON encodes them
     * @throws AssertionFailedError if one is there, naming its index
     */
    public void assertNotEnqueued(String queue, Job job) {
        assertNotEnqueued(queue, Matcher.exact(job, json));
    }

    private void assertNotEnqueued(String queue, Matcher m) {
        List<String> raws = raw(queue);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < raws.size(); i++) {
            if (m.match(raws.get(i), json).isPresent()) {
                found.add("  [" + i + "] " + raws.get(i));
            }
        }
        if (!found.isEmpty()) {
            throw new AssertionFailedError("expected queue \"" + queue + "\" to hold no " + m.description()
                    + ", but it holds " + found.size() + ":\n" + String.join("\n", found),
                    "no " + m.expected(), String.join("\n", found));
        }
    }

    /**
     * @param queue queue name
     * @param expected the wanted length
     * @throws AssertionFailedError if the queue has another length, listing it
     */
    public void assertQueueSize(String queue, long expected) {
        List<String> raws = raw(queue);
        if (raws.size() != expected) {
            StringBuilder msg = new StringBuilder("expected queue \"").append(queue).append("\" to hold ")
                    .append(expected).append(" job(s), but ");
            describeQueue(msg, raws, null);
            throw new AssertionFailedError(msg.toString(), expected, (long) raws.size());
        }
    }

    private List<String> raw(String queue) {
        Names.requireQueue(queue);
        return client().peekRaw(queue, 0, Integer.MAX_VALUE);
    }

    private void describeQueue(StringBuilder msg, List<String> raws, Matcher m) {
        if (raws.isEmpty()) {
            msg.append("it is empty");
            return;
        }
        msg.append("it holds ").append(raws.size()).append(" job(s):");
        for (int i = 0; i < Math.min(SHOWN, raws.size()); i++) {
            msg.append("\n  [").append(i).append("] ").append(raws.get(i));
            if (m != null && m.sameClass(raws.get(i), json)) {
                msg.append("   <- same class, other arguments");
            }
        }
        if (raws.size() > SHOWN) {
            msg.append("\n  ... and ").append(raws.size() - SHOWN).append(" more");
        }
    }

    /** Names the other queues holding a matching job: the usual mistake is the queue, not the job. */
    private void elsewhere(StringBuilder msg, String queue, Matcher m) {
        List<String> others = new ArrayList<>();
        for (String q : new TreeSet<>(client().queues())) {
            if (!q.equals(queue) && raw(q).stream().anyMatch(r -> m.match(r, json).isPresent())) {
                others.add(q);
            }
        }
        if (!others.isEmpty()) {
            msg.append("\n(such a job is in queue(s) ").append(others).append(')');
        }
    }

    // ---------------------------------------------------------------- running jobs

    /**
     * Runs queued jobs until the queues are empty, with a real Resque worker (registered, counted in
     * {@code stat:processed}, failures written to the failed list in Ruby's format, hooks and listeners as
     * configured), then stops it. Jobs that the drained jobs enqueue run too. Blocks until done; the jobs run on
     * the worker's thread, one at a time, in Ruby's queue order.
     *
     * @param registry the handlers
     * @param queues queue names or patterns in Ruby's {@code QUEUES} syntax ({@code critical}, {@code *},
     *     {@code !low*}); none means every queue ({@code *})
     * @return what ran
     * @throws AssertionFailedError if the queues are not empty within the drain timeout (a job that keeps
     *     re-enqueueing itself, or {@code pause-all-workers} set), saying what ran and what is left
     */
    public DrainResult drain(JobRegistry registry, String... queues) {
        return drain(registry, b -> { }, queues);
    }

    /**
     * {@link #drain(JobRegistry, String...)} with worker settings, e.g. the application's hooks:
     * {@code kit.drain(jobs, w -> w.hook(new AuditHook()), "mailers")}. The kit then sets its own: one worker,
     * a 100 ms poll, no shutdown hook, its listener; unless {@code settings} says otherwise, no pruning at startup
     * and a 5 s shutdown timeout.
     *
     * @param registry the handlers
     * @param settings applied to the worker's options before the kit's own
     * @param queues queue names or patterns; none means every queue
     * @return what ran
     * @throws AssertionFailedError if the queues are not empty within the drain timeout
     */
    public DrainResult drain(JobRegistry registry, Consumer<WorkerOptions.Builder> settings, String... queues) {
        return drain(registry, settings, queues, System.nanoTime() + drainTimeout.toNanos());
    }

    private DrainResult drain(JobRegistry registry, Consumer<WorkerOptions.Builder> settings, String[] queues,
            long deadline) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(settings, "settings");
        String[] patterns = queues == null || queues.length == 0 ? new String[] {"*"} : queues.clone();
        if (pending(patterns).values().stream().mapToLong(Long::longValue).sum() == 0) {
            return new DrainResult(List.of()); // the worker would never report an empty queue after working
        }
        Recorder recorder = new Recorder();
        WorkerOptions.Builder b = WorkerOptions.builder(registry, patterns).pruneAtStartup(false)
                .shutdownTimeout(Duration.ofSeconds(5));
        settings.accept(b);
        // The end condition is the single worker's "queue empty after working" event, fired once the outcome of
        // its last job is written; with more workers one of them could still hold a job.
        b.concurrency(1).pollTimeout(DRAIN_POLL).installShutdownHook(false).listener(recorder);
        WorkerOptions options = b.build();
        boolean done;
        String wakeUp = null;
        String wakeUpKey = null;
        try (WorkerPool pool = WorkerPool.create(shared, options)) {
            recorder.pool = pool;
            pool.start();
            done = recorder.awaitEmpty(deadline);
            if (done) {
                // The worker is now (or soon) in a blocking poll that Redis rounds up to a whole second. A
                // paused worker puts back whatever that poll pops, so one marker entry ends the poll at once
                // without running anything; it is removed below.
                List<String> listened = QueuePatterns.of(List.of(patterns)).expand(client().queues());
                if (!listened.isEmpty()) {
                    wakeUp = "{\"class\":\"resque4j-drain-wake-up\",\"args\":[\"" + UUID.randomUUID() + "\"]}";
                    wakeUpKey = namespace() + ":queue:" + listened.get(0);
                    redis().<String>getDeque(wakeUpKey, StringCodec.INSTANCE).addFirst(wakeUp);
                }
            }
        } finally {
            if (wakeUp != null) {
                redis().<String>getList(wakeUpKey, StringCodec.INSTANCE).remove(wakeUp);
            }
        }
        DrainResult result = new DrainResult(recorder.runs());
        if (!done) {
            throw new AssertionFailedError("drain of " + List.of(patterns) + " did not empty the queues within "
                    + drainTimeout.toMillis() + " ms (" + result.processed() + " job(s) ran, " + result.failed()
                    + " failed); still queued: " + pending(patterns)
                    + (pausedAll() ? " (pause-all-workers is set)" : ""));
        }
        return result;
    }

    private Map<String, Long> pending(String[] patterns) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String q : QueuePatterns.of(List.of(patterns)).expand(client().queues())) {
            sizes.put(q, client().size(q));
        }
        return sizes;
    }

    private RedissonClient redis() {
        return shared.redissonClient().orElseThrow();
    }

    private boolean pausedAll() {
        return redis().getBucket(namespace() + ":pause-all-workers", StringCodec.INSTANCE).isExists();
    }

    /**
     * Moves every resque-scheduler delayed job due at or before {@code at} onto its queue, as the scheduler
     * would when that time comes (one {@link DelayedJobs#enqueueNextItem} per job, earliest timestamp first).
     * Nothing runs.
     *
     * @param at the moment to pretend it is
     * @return the jobs moved, in order
     * @throws PayloadFormatException for a delayed entry that cannot be enqueued (left in place)
     */
    public List<EnqueuedDelayedJob> moveDelayedUntil(Instant at) {
        Objects.requireNonNull(at, "at");
        List<EnqueuedDelayedJob> moved = new ArrayList<>();
        DelayedJobs d = delayedJobs();
        Optional<Long> ts;
        while ((ts = d.nextDelayedTimestamp(at)).isPresent()) {
            // enqueueNextItem also removes the emptied timestamp from the schedule, so this loop ends.
            Optional<EnqueuedDelayedJob> job;
            while ((job = d.enqueueNextItem(ts.get())).isPresent()) {
                moved.add(job.get());
            }
        }
        return moved;
    }

    /**
     * Moves the delayed jobs due by {@code at} ({@link #moveDelayedUntil}) and drains the queues they went to,
     * again until no delayed job is due by {@code at} (a job may schedule another one).
     *
     * @param at the moment to pretend it is
     * @param registry the handlers
     * @return every job that ran
     * @throws AssertionFailedError if this does not finish within the drain timeout
     */
    public DrainResult runDelayedUntil(Instant at, JobRegistry registry) {
        return runDelayedUntil(at, registry, b -> { });
    }

    /**
     * @param at the moment to pretend it is
     * @param registry the handlers
     * @param settings worker settings, as for {@link #drain(JobRegistry, Consumer, String...)}
     * @return every job that ran
     * @throws AssertionFailedError if this does not finish within the drain timeout
     */
    public DrainResult runDelayedUntil(Instant at, JobRegistry registry, Consumer<WorkerOptions.Builder> settings) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        List<JobRun> runs = new ArrayList<>();
        List<EnqueuedDelayedJob> moved;
        while (!(moved = moveDelayedUntil(at)).isEmpty()) {
            Set<String> queues = new LinkedHashSet<>();
            moved.forEach(j -> queues.add(j.queue()));
            runs.addAll(drain(registry, settings, queues.toArray(new String[0]), deadline).runs());
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("delayed jobs due by " + at + " kept coming for "
                        + drainTimeout.toMillis() + " ms (" + runs.size() + " job(s) ran)");
            }
        }
        return new DrainResult(runs);
    }

    // ---------------------------------------------------------------- failures

    /** @return the entries of the {@code failed} list, oldest first */
    public List<FailureEntry> failedJobs() {
        return failures().all(0, Integer.MAX_VALUE);
    }

    /**
     * @param className Ruby class name of the failed job
     * @return the first failure entry of that class
     * @throws AssertionFailedError if there is none, listing the failed list
     */
    public FailureEntry assertFailed(String className) {
        return assertFailed(className, (String) null);
    }

    /**
     * @param className Ruby class name of the failed job
     * @param exception the exception the failure records (a Java job records its exception's class name)
     * @return the first failure entry of that class with that exception
     * @throws AssertionFailedError if there is none, listing the failed list
     */
    public FailureEntry assertFailed(String className, Class<? extends Throwable> exception) {
        return assertFailed(className, exception.getName());
    }

    /**
     * @param className Ruby class name of the failed job
     * @param exception the recorded exception name, e.g. {@code java.lang.IllegalStateException}, or Ruby's
     *     {@code ArgumentError} for a failure a Ruby worker wrote; {@code null} for any
     * @return the first failure entry of that class with that exception
     * @throws AssertionFailedError if there is none, listing the failed list
     */
    public FailureEntry assertFailed(String className, String exception) {
        Names.requireClassName(className);
        List<FailureEntry> all = failedJobs();
        for (FailureEntry e : all) {
            if (className.equals(e.className()) && (exception == null || exception.equals(e.exception()))) {
                return e;
            }
        }
        String wanted = className + (exception == null ? "" : " with " + exception);
        StringBuilder msg = new StringBuilder("expected a failure of ").append(wanted)
                .append(" in the failed list of namespace \"").append(namespace()).append("\", but ");
        List<String> lines = describeFailures(msg, all);
        throw new AssertionFailedError(msg.toString(), wanted, String.join("\n", lines));
    }

    /**
     * @throws AssertionFailedError if the failed list holds anything, listing it
     */
    public void assertNoFailures() {
        List<FailureEntry> all = failedJobs();
        if (!all.isEmpty()) {
            StringBuilder msg = new StringBuilder("expected no failures in namespace \"").append(namespace())
                    .append("\", but ");
            List<String> lines = describeFailures(msg, all);
            throw new AssertionFailedError(msg.toString(), "", String.join("\n", lines));
        }
    }

    private static List<String> describeFailures(StringBuilder msg, List<FailureEntry> all) {
        if (all.isEmpty()) {
            msg.append("it is empty");
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (FailureEntry e : all) {
            lines.add(e.className() + " " + e.args() + " from " + e.queue() + ": " + e.exception() + ": "
                    + e.error());
        }
        msg.append("it holds ").append(all.size()).append(':');
        for (int i = 0; i < Math.min(SHOWN, lines.size()); i++) {
            msg.append("\n  [").append(i).append("] ").append(lines.get(i));
        }
        if (lines.size() > SHOWN) {
            msg.append("\n  ... and ").append(lines.size() - SHOWN).append(" more");
        }
        return lines;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Deletes every key of this namespace (queues, failures, stats, workers, delayed jobs, schedules).
     *
     * @return how many keys were deleted
     */
    public long clear() {
        return redis().getKeys().deleteByPattern(globEscape(namespace()) + ":*");
    }

    private static String globEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if ("*?[]\\^".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Closes the kit's clients (and its connection, if {@link #create(ResqueConfig)} made it). */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (AutoCloseable c : new AutoCloseable[] {client, failures, delayed}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                first = first == null ? new IllegalStateException("closing the test kit", e) : first;
            }
        }
        client = null;
        failures = null;
        delayed = null;
        if (ownConnection != null) {
            ownConnection.close();
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ResqueTestKit{" + config.describeEndpoint() + ", namespace=" + namespace() + "}";
    }

    /** Collects what the drain worker ran and signals when it found its queues empty after working. */
    private static final class Recorder implements WorkerListener {
        private final List<JobRun> runs = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch empty = new CountDownLatch(1);
        volatile WorkerPool pool;

        @Override
        public void afterJob(String workerId, JobContext job, Duration elapsed, Throwable failure) {
            runs.add(new JobRun(job.queue(), job.className(), job.args(), failure, elapsed));
        }

        @Override
        public void onMalformedJob(String workerId, String queue, Throwable error) {
            runs.add(new JobRun(queue, null, List.of(), error, Duration.ZERO));
        }

        @Override
        public void onQueueEmpty(String workerId) {
            // On the worker thread, before its next blocking poll: from now on it takes nothing more.
            pool.pause();
            empty.countDown();
        }

        boolean awaitEmpty(long deadlineNanos) {
            try {
                return empty.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        List<JobRun> runs() {
            synchronized (runs) {
                return new ArrayList<>(runs);
            }
        }
    }

    /** Which queued jobs an assertion looks for. */
    private static final class Matcher {
        private final String className;
        private final String expected; // class and args as Ruby encodes them; null = any args

        private Matcher(String className, String expected) {
            this.className = Names.requireClassName(className);
            this.expected = expected;
        }

        static Matcher anyArgs(String className) {
            return new Matcher(className, null);
        }

        static Matcher exact(Job job, RubyJson json) {
            Objects.requireNonNull(job, "job");
            return new Matcher(job.className(), json.encode(job.toPayload()));
        }

        String description() {
            return expected == null ? "a job of class " + className + " (any arguments)" : "the job " + expected;
        }

        String expected() {
            return expected == null ? className + " with any arguments" : expected;
        }

        Optional<Payload> match(String raw, RubyJson json) {
            Payload p;
            try {
                p = Payload.parse(raw, json);
            } catch (PayloadFormatException notAJob) {
                return Optional.empty();
            }
            if (!className.equals(p.className())) {
                return Optional.empty();
            }
            if (expected == null) {
                return Optional.of(p);
            }
            String actual;
            try {
                actual = json.encode(p.toJob().toPayload());
            } catch (JsonEncodingException e) {
                actual = raw; // cannot be re-encoded (e.g. too deep): compare what is stored
            }
            return expected.equals(actual) ? Optional.of(p) : Optional.empty();
        }

        boolean sameClass(String raw, RubyJson json) {
            try {
                return className.equals(Payload.parse(raw, json).className());
            } catch (PayloadFormatException e) {
                return false;
            }
        }
    }
}
