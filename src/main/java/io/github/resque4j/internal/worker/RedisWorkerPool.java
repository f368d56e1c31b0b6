package io.github.resque4j.internal.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.InFlightPolicy;
import io.github.resque4j.worker.PoolHealth;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * {@link WorkerPool} over Redisson: one thread per worker, a heartbeat thread, Ruby's startup (heartbeat,
 * prune, register) and shutdown (drain, record or requeue stragglers, unregister) sequences.
 */
public final class RedisWorkerPool implements WorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(RedisWorkerPool.class);

    private final ResqueConfig config;
    private final WorkerOptions options;
    private final QueuePatterns patterns;
    private final WorkerIdentity identity;
    private final List<String> ids;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Object pauseLock = new Object();
    final AtomicLong processed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    private RedisConnection connection;
    private Registry registry;
    private ScheduledExecutorService heartbeat;
    /** Interrupts jobs that exceed their timeout; its own thread so a slow heartbeat cannot delay it. */
    ScheduledExecutorService watchdog;
    private final List<Worker> workers = new ArrayList<>();
    private Thread shutdownHook;

    /**
     * @param config connection and namespace
     * @param options what and how to work
     */
    public RedisWorkerPool(ResqueConfig config, WorkerOptions options) {
        this.config = config;
        this.options = options;
        this.patterns = QueuePatterns.of(options.queues());
        this.identity = WorkerIdentity.detect(options.hostname());
        this.ids = identity.workerIds(options.concurrency(), patterns.idPart());
    }

    @Override
    public synchronized void start() {
        if (started.get()) {
            return;
        }
        // One connection per blocking poller plus a few for heartbeats and finishing jobs. If Redis is
        // unreachable this throws and the pool stays unstarted, so start() can be called again.
        connection = RedisConnection.open(config, options.concurrency() + 2);
        try {
            startRegistered();
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        started.set(true);
        if (options.installShutdownHook()) {
            shutdownHook = new Thread(this::close, "resque4j-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        for (Worker w : workers) {
            w.start();
        }
        LOG.info("started {} worker(s) on {} as {}{}", ids.size(), patterns.patterns(), ids.get(0),
                identity.marker() ? "" : " (no ps marker on the JVM command line: host parts carry -w<n>)");
    }

    /** Ruby's startup sequence; the worker threads start only once it has all succeeded. */
    private void startRegistered() {
        Keys keys = new Keys(config.namespace());
        RubyJson json = RubyJson.of(config.jsonProfile());
        RubyTime time = new RubyTime(options.zone());
        FailureEntries failures = new FailureEntries(json, time);
        FailureTarget target = new FailureTarget(options.failureBackend(), keys, connection);
        registry = new Registry(connection, keys, json, time, failures, target, options.deadWorkerJobs());

        // Ruby's startup order: remove our old heartbeat, beat, prune, register (worker.rb:393-405).
        registry.removeHeartbeats(ids);
        registry.heartbeat(ids);
        pruner = new Pruner(connection, keys, registry, identity, patterns, options.pruneInterval(),
                options.heartbeatInterval(), options.requeueOrphanedJobs());
        if (options.pruneAtStartup()) {
            pruner.prune(ids.get(0));
        }
        // A reused id (same host, pid and queues) may still hold a job from its previous life.
        if (options.crashSafeFetch()) {
            for (String id : ids) {
                registry.recoverRegistered(id);
            }
        }
        registry.register(ids, options.crashSafeFetch());
        blockingMove = options.crashSafeFetch() && supportsBlockingMove(connection, keys);
        long beat = options.heartbeatInterval().toMillis();
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resque4j-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resque4j-job-watchdog");
            t.setDaemon(true);
            return t;
        });

        workers.clear();
        for (String id : ids) {
            workers.add(new Worker(this, id, connection, keys, json, failures, target, patterns, options));
        }
    }

    private volatile boolean heartbeatFailing;
    private Pruner pruner;
    /** Crash-safe fetch may block with BLMOVE (Redis 6.2+); otherwise idle workers poll. */
    boolean blockingMove;

    /** LMOVE on a key that does not exist: nil where LMOVE/BLMOVE exist (6.2+), an error before. */
    private static final io.github.resque4j.internal.LuaScript LMOVE_PROBE = new io.github.resque4j.internal.LuaScript(
            "local r = redis.pcall('LMOVE', KEYS[1], KEYS[1], 'LEFT', 'RIGHT')\n"
            + "if type(r) == 'table' and r.err then return 0 end return 1");

    private boolean supportsBlockingMove(RedisConnection connection, Keys keys) {
        try {
            Long ok = connection.call("LMOVE probe", () -> LMOVE_PROBE.<Long>eval(connection.client(),
                    org.redisson.api.RScript.ReturnType.LONG, List.of(keys.processing(ids.get(0)))));
            if (ok == null || ok == 0L) {
                LOG.info("Redis has no LMOVE (before 6.2, or refused by ACL): idle crash-safe workers will poll");
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.info("could not probe for LMOVE ({}); idle crash-safe workers will poll", e.getMessage());
            return false;
        }
    }

    private void beat() {
        try {
            registry.heartbeat(ids);
            if (heartbeatFailing) {
                heartbeatFailing = false;
                LOG.info("heartbeat written again");
            }
        } catch (RuntimeException e) {
            if (!heartbeatFailing) { // log state changes, not every attempt
                heartbeatFailing = true;
                LOG.warn("heartbeat failed: {}", e.getMessage());
            }
            return;
        }
        if (options.periodicPrune()) {
            try {
                pruner.prune(ids.get(0));
            } catch (RuntimeException e) {
                LOG.warn("pruning dead workers failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public List<String> workerIds() {
        return ids;
    }

    @Override
    public void pause() {
        paused.set(true);
    }

    @Override
    public void resume() {
        paused.set(false);
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
    }

    @Override
    public boolean isPaused() {
        return paused.get();
    }

    /** Waits while the pool is paused locally, at most {@code max}. */
    void awaitResume(Duration max) throws InterruptedException {
        synchronized (pauseLock) {
            if (paused.get()) {
                pauseLock.wait(max.toMillis());
            }
        }
    }

    @Override
    public PoolHealth health() {
        if (!started.get() || closed.get()) {
            return new PoolHealth(PoolHealth.Status.STOPPED, ids.size(), 0, 0, processed.get(), failed.get(),
                    paused.get(), java.util.Optional.empty(), java.util.Optional.empty());
        }
        int busy = 0;
        int down = 0;
        Worker newest = null;
        for (Worker w : workers) {
            busy += w.busy() ? 1 : 0;
            down += w.redisDown() ? 1 : 0;
            if (w.lastRedisErrorAt() != null && (newest == null || w.lastRedisErrorAt().isAfter(newest.lastRedisErrorAt()))) {
                newest = w;
            }
        }
        PoolHealth.Status status = down == 0 ? PoolHealth.Status.UP
                : down == workers.size() ? PoolHealth.Status.DOWN : PoolHealth.Status.DEGRADED;
        return new PoolHealth(status, workers.size(), busy, down, processed.get(), failed.get(), paused.get(),
                java.util.Optional.ofNullable(newest == null ? null : newest.lastRedisError()),
                java.util.Optional.ofNullable(newest == null ? null : newest.lastRedisErrorAt()));
    }

    @Override
    public long processedCount() {
        return processed.get();
    }

    @Override
    public long failedCount() {
        return failed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!started.get()) {
            return;
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting; the hook is running or will run this method, which is idempotent
            }
        }
        for (Worker w : workers) {
            w.requestStop();
        }
        resume(); // wake paused workers so they see the stop
        long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
        for (Worker w : workers) {
            w.awaitJob(deadline);
        }
        if (options.inFlightPolicy() == InFlightPolicy.FAIL) {
            // Like TERM_CHILD: interrupt, give the job a moment to end through the normal failure path.
            for (Worker w : workers) {
                w.interruptIfRunning();
            }
            long grace = System.nanoTime() + Math.min(TimeUnit.SECONDS.toNanos(1),
                    Math.max(TimeUnit.MILLISECONDS.toNanos(100), options.shutdownTimeout().toNanos()));
            for (Worker w : workers) {
                w.awaitJob(grace);
            }
        }
        for (Worker w : workers) {
            w.abandonIfRunning();
        }
        // A worker not running a job is at most in a blocking poll; let it return so a job it pops is put back.
        long pollDeadline = System.nanoTime() + options.pollTimeout().toNanos() + config.commandTimeout().toNanos();
        for (Worker w : workers) {
            w.join(pollDeadline);
        }
        heartbeat.shutdownNow();
        watchdog.shutdownNow();
        for (Worker w : workers) {
            try {
                w.unregister(registry);
            } catch (RuntimeException e) {
                LOG.error("could not unregister worker {}: {}", w.id(), e.getMessage());
            }
        }
        connection.close();
        LOG.info("stopped {} worker(s): {} processed, {} failed", ids.size(), processed.get(), failed.get());
    }
}
