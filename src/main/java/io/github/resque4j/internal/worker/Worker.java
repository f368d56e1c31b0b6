package io.github.resque4j.internal.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.redisson.api.Entry;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.Payload;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.internal.DirectLink;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.InFlightPolicy;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHook;
import io.github.resque4j.worker.WorkerListener;
import io.github.resque4j.worker.WorkerOptions;

/**
 * One Resque worker: its own id and thread. Busy: one script call per job finishes the previous job and
 * reserves the next. Idle: one blocking pop over its queues instead of Ruby's poll-and-sleep.
 */
final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final StringCodec S = StringCodec.INSTANCE;

    private final RedisWorkerPool pool;
    private final String id;
    private final RedisConnection connection;
    private final RedissonClient redis;
    /** The busy path's own connection (one script call per job), or null to use the pool. */
    private final DirectLink direct;
    private final Keys keys;
    private final RubyJson json;
    private final FailureEntries failures;
    private final FailureTarget target;
    private final QueuePatterns patterns;
    private final WorkerOptions options;
    private final Thread thread;
    /** KEYS 1-11 of FINISH_AND_RESERVE except 6 (the failure list, which depends on the job's queue). */
    private final List<Object> fixedKeys;
    private final List<String> staticQueueKeys;
    private final List<String> luaPatterns;
    /** Crash-safe fetch: on, and this worker's processing list. */
    private final boolean crashSafe;
    private final String processingKey;
    private final String crashSafeFlag;
    private long idleSleepMs;
    /** Worker thread only: the second {@link #runAt} last formatted, and its text. */
    private long runAtSecond = Long.MIN_VALUE;
    private String runAt;
    /** The last ACTIVATE's hex of a payload that is not UTF-8, or "". */
    private String activatedHex = "";
    /** A BLMOVE failed: jobs it may have moved wait in the processing list until reclaimed. */
    private boolean reclaimPending;

    private volatile boolean stopping;
    private final Object lock = new Object();
    /** Guarded by lock: the job running now, and whether shutdown has taken it over. */
    private InFlight current;
    private long jobSeq;
    private boolean timedOut;
    private boolean abandoned;
    private InFlight abandonedJob;

    /** The previous job's outcome, sent with the next reservation. Worker thread only. */
    private boolean finishPending;
    private String pendingFailure;
    private String pendingQueue;
    private volatile boolean redisDown;
    /** Tokens make a script call re-sent after a lost reply return its first outcome (see WorkerScripts). */
    private final String tokenPrefix = java.util.UUID.randomUUID().toString() + ":";
    private long calls;
    private String reserveToken;
    private String activateToken;
    private volatile String lastRedisError;
    private volatile java.time.Instant lastRedisErrorAt;

    /** A job being worked on. */
    record InFlight(String queue, String raw) {
    }

    Worker(RedisWorkerPool pool, String id, RedisConnection connection, Keys keys, RubyJson json,
            FailureEntries failures, FailureTarget target, QueuePatterns patterns, WorkerOptions options) {
        this.pool = pool;
        this.id = id;
        this.connection = connection;
        this.redis = connection.client();
        this.direct = connection.openDirect().orElse(null);
        this.keys = keys;
        this.json = json;
        this.failures = failures;
        this.target = target;
        this.patterns = patterns;
        this.options = options;
        this.fixedKeys = List.of(keys.worker(id), keys.stat("processed"), keys.stat("processed:" + id),
                keys.stat("failed"), keys.stat("failed:" + id), keys.failedQueues(), keys.pauseAllWorkers(),
                keys.queues(), keys.lastCall(id), keys.processing(id));
        List<String> qk = new ArrayList<>();
        for (String q : patterns.patterns()) {
            qk.add(keys.queue(q));
        }
        this.staticQueueKeys = List.copyOf(qk);
        List<String> lua = new ArrayList<>(QueuePatterns.toLua(patterns.patterns()));
        lua.addAll(QueuePatterns.toLua(patterns.skips()));
        this.luaPatterns = List.copyOf(lua);
        this.thread = WorkerThreads.create(this, "resque4j-worker-" + id, options.virtualThreads());
        this.crashSafe = options.crashSafeFetch();
        this.processingKey = keys.processing(id);
        this.crashSafeFlag = options.crashSafeFetch() ? "1" : "0";
    }

    String id() {
        return id;
    }

    void start() {
        thread.start();
    }

    boolean busy() {
        synchronized (lock) {
            return current != null;
        }
    }

    boolean redisDown() {
        return redisDown;
    }

    String lastRedisError() {
        return lastRedisError;
    }

    java.time.Instant lastRedisErrorAt() {
        return lastRedisErrorAt;
    }

    void requestStop() {
        stopping = true;
    }

    @Override
    public void run() {
        for (WorkerListener l : options.listeners()) {
            l.onStart(id);
        }
        boolean worked = false;
        long backoffMs = 100;
        while (!stopping) {
            try {
                if (pool.isPaused()) {
                    flushFinish();
                    pool.awaitResume(options.pollTimeout());
                    continue;
                }
                if (reclaimPending) {
                    reclaim();
                }
                List<Object> reply = finishAndReserve(true);
                String kind = (String) reply.get(0);
                if ("J".equals(kind)) {
                    worked = true;
                    idleSleepMs = 0;
                    handle((String) reply.get(1), (String) reply.get(2), "1".equals(reply.get(3)), hexOf(reply, 4));
                } else if ("P".equals(kind)) {
                    Thread.sleep(options.pollTimeout().toMillis()); // pause-all-workers: Ruby sleeps INTERVAL
                } else {
                    if (worked) {
                        worked = false;
                        for (WorkerListener l : options.listeners()) {
                            l.onQueueEmpty(id);
                        }
                    }
                    worked |= blockingPop();
                }
                if (redisDown) {
                    redisDown = false;
                    LOG.info("worker {}: Redis is reachable again", id);
                }
                backoffMs = 100;
            } catch (InterruptedException e) {
                if (!stopping) {
                    LOG.warn("worker {} interrupted while not stopping; stopping", id);
                }
                break;
            } catch (RedisUnavailableException e) {
                lastRedisError = e.getMessage();
                lastRedisErrorAt = java.time.Instant.now();
                if (!redisDown) {
                    redisDown = true;
                    LOG.warn("worker {}: {}; retrying with backoff", id, e.getMessage());
                }
                backoffMs = sleepBackoff(backoffMs);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // Keep the worker alive: a dead thread would silently stop this worker while it stays registered.
                LOG.error("worker {}: unexpected error, retrying: {}", id, e.toString(), e);
                backoffMs = sleepBackoff(backoffMs);
            }
        }
        try {
            flushFinish();
        } catch (RuntimeException e) {
            LOG.error("worker {}: could not record its last job's outcome: {}", id, e.getMessage());
        }
        if (direct != null) {
            direct.close();
        }
        for (WorkerListener l : options.listeners()) {
            l.onShutdown(id);
        }
    }

    private long sleepBackoff(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        return Math.min(ms * 2, 5_000);
    }

    private void flushFinish() {
        while (finishPending || reserveToken != null) {
            List<Object> reply = finishAndReserve(false);
            if ("J".equals(reply.get(0))) {
                // A retried call answered with the job its first attempt reserved: it is ours, run it.
                handle((String) reply.get(1), (String) reply.get(2), "1".equals(reply.get(3)), hexOf(reply, 4));
            }
        }
    }

    /** One script call: the previous job's done_working (and failure) commands, then a reservation. */
    @SuppressWarnings("unchecked")
    private List<Object> finishAndReserve(boolean reserve) {
        String failureList = pendingFailure == null ? keys.failed() : target.listKey(pendingQueue);
        List<Object> k = new ArrayList<>(fixedKeys.size() + 1 + staticQueueKeys.size());
        k.addAll(fixedKeys.subList(0, 5));
        k.add(failureList);
        k.addAll(fixedKeys.subList(5, 10));
        // A token still set is one whose call got no reply: this call re-sends it. A user's Redisson client may
        // re-send on its own (its retry settings are not ours), so then every call is checked.
        String resent = reserveToken == null && !connection.driverMayResend() ? "0" : "1";
        if (reserveToken == null) {
            reserveToken = tokenPrefix + (++calls);
        }
        List<Object> a = new ArrayList<>(12 + luaPatterns.size());
        a.add(finishPending ? "1" : "0");
        a.add(pendingFailure == null ? "" : pendingFailure);
        a.add(pendingFailure == null ? "" : target.queuesMember(pendingQueue));
        a.add(runAt());
        a.add(reserve ? "1" : "0");
        a.add(keys.key(""));
        if (patterns.dynamic()) {
            a.add("1");
            a.add(String.valueOf(patterns.patterns().size()));
            a.add(String.valueOf(patterns.skips().size()));
            a.add(reserveToken);
            a.add(crashSafeFlag);
            a.add(resent);
            a.addAll(luaPatterns);
        } else {
            k.addAll(staticQueueKeys);
            a.add("0");
            a.add("0");
            a.add("0");
            a.add(reserveToken);
            a.add(crashSafeFlag);
            a.add(resent);
            a.addAll(patterns.patterns());
        }
        List<Object> reply = (List<Object>) script("reserve", WorkerScripts.FINISH_AND_RESERVE,
                RScript.ReturnType.LIST, k, a);
        reserveToken = null; // the call is settled; a new one gets a new token
        finishPending = false;
        pendingFailure = null;
        pendingQueue = null;
        return reply;
    }

    /** Runs one of the worker's scripts over its own link, or the pool when it has none. */
    private Object script(String what, io.github.resque4j.internal.LuaScript script, RScript.ReturnType type,
            List<Object> k, List<Object> a) {
        if (direct != null) {
            return direct.eval(what, script, k, a);
        }
        return connection.call(what, () -> script.eval(redis, type, k, a.toArray()));
    }

    /** Ruby's {@code Time.now.utc.iso8601} (whole seconds): formatted once per second, not once per job. */
    private String runAt() {
        long second = System.currentTimeMillis() / 1000;
        if (second != runAtSecond) {
            runAt = RubyTime.iso8601Utc(Instant.ofEpochSecond(second));
            runAtSecond = second;
        }
        return runAt;
    }

    /** @return whether a job was worked on */
    private boolean blockingPop() throws InterruptedException {
        if (crashSafe) {
            return idleCrashSafe();
        }
        List<String> names = patterns.dynamic()
                ? patterns.expand(connection.call("queues", () -> redis.<String>getSet(keys.queues(), S).readAll()))
                : patterns.patterns();
        if (names.isEmpty()) {
            Thread.sleep(options.pollTimeout().toMillis());
            return false;
        }
        String[] others = new String[names.size() - 1];
        for (int i = 1; i < names.size(); i++) {
            others[i - 1] = keys.queue(names.get(i));
        }
        String first = keys.queue(names.get(0));
        Entry<String, String> popped = blpop(first, others);
        if (popped == null) {
            return false;
        }
        String queue = keys.strip(popped.getKey()).substring("queue:".length());
        String raw = popped.getValue();
        String state = activate(queue, raw);
        if (state == null || "0".equals(state)) {
            return false; // put back (stopping or paused), or given up while stopping (logged)
        }
        handle(queue, raw, "1".equals(state), activatedHex);
        return true;
    }

    /**
     * Crash-safe idle wait. One plain queue on Redis 6.2+: BLMOVE it into the processing list (the job is
     * never only in this JVM). Otherwise Redis cannot block-move from several lists, so sleep with a backoff
     * from 5 ms up to idlePollInterval and let the next reserve script look again.
     */
    private boolean idleCrashSafe() throws InterruptedException {
        if (pool.blockingMove && !patterns.dynamic() && patterns.patterns().size() == 1) {
            String queue = patterns.patterns().get(0);
            String raw = blmove(keys.queue(queue));
            if (raw == null) {
                return false;
            }
            String state = activate(queue, raw);
            if (state == null || "0".equals(state)) {
                return false;
            }
            handle(queue, raw, "1".equals(state), activatedHex);
            return true;
        }
        idleSleepMs = idleSleepMs == 0 ? 5 : Math.min(idleSleepMs * 2, options.idlePollInterval().toMillis());
        Thread.sleep(idleSleepMs);
        return false;
    }

    private void reclaim() {
        String queueKey = keys.queue(patterns.patterns().get(0));
        Long n = (Long) script("reclaim", WorkerScripts.RECLAIM, RScript.ReturnType.LONG,
                List.of(processingKey, queueKey), List.of());
        reclaimPending = false;
        if (n != null && n > 0) {
            LOG.warn("worker {}: a blocking move's reply was lost; put {} job(s) back at the head of {}", id, n,
                    queueKey);
        }
    }

    private String blmove(String queueKey) throws InterruptedException {
        reclaimPending = true; // until the reply arrives, a moved job may be in the list unknown to us
        try {
            // Redisson sends whole seconds and 0 would block forever: round up to at least 1 s.
            long secs = Math.max(1, (options.pollTimeout().toMillis() + 999) / 1000);
            String moved = redis.<String>getBlockingDeque(queueKey, S).move(java.time.Duration.ofSeconds(secs),
                    org.redisson.api.queue.DequeMoveArgs.pollFirst().addLastTo(processingKey));
            reclaimPending = false;
            return moved;
        } catch (RuntimeException e) {
            connection.call("blocking move", () -> {
                throw e;
            });
            throw e;
        }
    }

    /**
     * The popped job exists only in this JVM until ACTIVATE succeeds, so retry it (same token: a re-sent call
     * cannot push the job back twice) until Redis answers; only when stopping, give up after a while and log
     * the payload so an operator can re-enqueue it.
     */
    private String activate(String queue, String raw) throws InterruptedException {
        activatedHex = "";
        activateToken = tokenPrefix + (++calls);
        long backoff = 100;
        long giveUpAt = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                @SuppressWarnings("unchecked")
                List<Object> r = (List<Object>) script("activate", WorkerScripts.ACTIVATE, RScript.ReturnType.LIST,
                        List.of(fixedKeys.get(0), fixedKeys.get(6), keys.queue(queue), fixedKeys.get(8),
                                processingKey), List.of(raw, runAt(), queue, stopping || pool.isPaused() ? "1" : "0",
                                activateToken, crashSafeFlag));
                activatedHex = hexOf(r, 1);
                return (String) r.get(0);
            } catch (RedisUnavailableException e) {
                if (stopping && System.nanoTime() > giveUpAt && crashSafe) {
                    LOG.warn("worker {}: Redis unreachable while stopping; the job popped from {} stays in {} for"
                            + " recovery", id, queue, processingKey);
                    return null;
                }
                if (stopping && System.nanoTime() > giveUpAt) {
                    LOG.error("worker {}: Redis unreachable while stopping; job popped from {} NOT recorded, "
                            + "re-enqueue it by hand: {}", id, queue, raw);
                    return null;
                }
                LOG.warn("worker {}: holding a popped job until Redis answers: {}", id, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            } catch (io.github.resque4j.ResqueException e) {
                // Not transient (e.g. an ACL refusing LPUSH): the job exists only in memory, so run it rather
                // than drop it ("2": worker state not written); the next finish call records its outcome.
                LOG.error("worker {}: could not mark the popped job as running ({}); running it anyway", id,
                        e.getMessage());
                return "2";
            }
        }
    }

    private Entry<String, String> blpop(String first, String[] others) throws InterruptedException {
        try {
            return redis.<String>getBlockingQueue(first, S).pollFromAnyWithName(options.pollTimeout(), others);
        } catch (RuntimeException e) {
            // Route driver errors through the same translation as every other call.
            connection.call("blocking pop", () -> {
                throw e;
            });
            throw e;
        }
    }

    /** Runs one reserved job and records its outcome for the next script call. */
    private static String hexOf(List<Object> reply, int i) {
        return reply.size() > i && reply.get(i) != null ? (String) reply.get(i) : "";
    }

    /**
     * @param hex the stored bytes in hex when they are not UTF-8 (the Lua scripts check): then the job fails
     *        as a malformed payload and the failure keeps those bytes, escaped, instead of replacement characters
     */
    private void handle(String queue, String raw, boolean written, String hex) {
        long seq;
        synchronized (lock) {
            current = new InFlight(queue, raw);
            seq = ++jobSeq;
            timedOut = false;
        }
        Throwable error = null;
        Object failurePayload = null;
        Payload payload = null;
        if (!hex.isEmpty()) {
            byte[] bytes = java.util.HexFormat.of().parseHex(hex);
            error = new PayloadFormatException(InvalidUtf8.describe(bytes) + "; the failure's payload is the"
                    + " stored bytes with each invalid byte written as \\xNN and '\\' as '\\\\'", null);
            failurePayload = InvalidUtf8.escape(bytes);
        } else {
            try {
                payload = Payload.parse(raw, json);
            } catch (PayloadFormatException e) {
                error = e;
                failurePayload = decodedOrRaw(raw);
            }
        }
        if (payload != null) {
            failurePayload = payload.fields();
            if (written) {
                try {
                    fixWorkerState(queue, payload);
                } catch (RuntimeException e) {
                    // Cosmetic only (worker:<id> keeps the stored bytes); never let it cost the job.
                    LOG.debug("worker {}: could not rewrite worker state in Ruby's spelling: {}", id, e.toString());
                }
            }
            JobContext ctx = JobContext.of(payload, queue, id, options.registry());
            List<JobHook> hooks = hookChain(payload.className());
            java.util.Optional<java.time.Duration> limit = options.jobTimeout(payload.className());
            long startedNanos = System.nanoTime();
            java.util.concurrent.ScheduledFuture<?> watch = limit.map(d -> pool.watchdog.schedule(
                    () -> timeOut(seq), d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).orElse(null);
            try {
                for (WorkerListener l : options.listeners()) {
                    l.beforeJob(id, ctx);
                }
                io.github.resque4j.internal.JobInvocation.perform(ctx,
                        options.registry().require(ctx.className()), hooks);
            } catch (Throwable t) { // a job may throw anything; it must end in the failed list
                error = t;
            } finally {
                if (watch != null) {
                    watch.cancel(false);
                }
            }
            synchronized (lock) {
                if (timedOut) {
                    error = new io.github.resque4j.JobTimeoutException(payload.className(), limit.get(), error);
                }
            }
            if (!stopping) {
                Thread.interrupted(); // an interrupt aimed at the job must not abort the worker's next Redis call
            }
            if (error != null) {
                io.github.resque4j.internal.JobInvocation.failureHooks(ctx, error, hooks);
            }
            java.time.Duration elapsed = java.time.Duration.ofNanos(System.nanoTime() - startedNanos);
            for (WorkerListener l : options.listeners()) {
                try {
                    l.afterJob(id, ctx, elapsed, error);
                } catch (RuntimeException e) {
                    LOG.warn("worker {}: listener afterJob threw: {}", id, e.toString());
                }
            }
        } else {
            for (WorkerListener l : options.listeners()) {
                try {
                    l.onMalformedJob(id, queue, error);
                } catch (RuntimeException e) {
                    LOG.warn("worker {}: listener onMalformedJob threw: {}", id, e.toString());
                }
            }
        }
        String failure = null;
        if (error != null) {
            LOG.info("worker {}: job on {} failed: {}", id, queue, error.toString());
            failure = failureEntry(failurePayload, raw, error, queue);
        }
        synchronized (lock) {
            current = null;
            lock.notifyAll();
            if (abandoned) {
                return; // shutdown has already recorded or requeued it
            }
        }
        pool.processed.incrementAndGet();
        if (error != null) {
            pool.failed.incrementAndGet();
        }
        finishPending = true;
        pendingFailure = failure;
        pendingQueue = queue;
    }

    /**
     * A payload can decode yet not re-encode (deeper than the json gem allows, 1e400 → Infinity, lone
     * surrogates): then the entry carries the stored text, so the job still lands in the failed list.
     */
    private String failureEntry(Object payload, String raw, Throwable error, String queue) {
        try {
            return failures.entry(Instant.now(), payload, error, id, queue);
        } catch (io.github.resque4j.JsonEncodingException e) {
            String message = (FailureEntries.message(error) + " (payload kept as stored text: " + e.getMessage() + ")")
                    .replaceAll("[\\uD800-\\uDFFF]", "\uFFFD");
            return failures.entry(Instant.now(), raw.replaceAll("[\\uD800-\\uDFFF]", "\uFFFD"),
                    error.getClass().getName(), message, List.of(), id, queue);
        }
    }

    private Object decodedOrRaw(String raw) {
        try {
            return json.decode(raw);
        } catch (PayloadFormatException e) {
            return raw; // not JSON at all: keep the bytes so nothing is lost
        }
    }

    /**
     * Ruby re-encodes the payload it writes into {@code worker:<id>}. The script embedded the stored bytes;
     * for payloads another client spelled differently, write Ruby's spelling (rare: an extra round trip).
     */
    private void fixWorkerState(String queue, Payload payload) {
        String canonical = json.encode(payload.fields());
        if (!canonical.equals(payload.raw())) {
            Map<String, Object> state = new LinkedHashMap<>(4);
            state.put("queue", queue);
            state.put("run_at", runAt());
            state.put("payload", payload.fields());
            String value = json.encode(state);
            connection.call("working_on", () -> {
                redis.getBucket(keys.worker(id), S).set(value);
                return null;
            });
        }
    }

    /** Global hooks, then the class's (Ruby's order). */
    private List<JobHook> hookChain(String className) {
        List<JobHook> forClass = options.hooksFor(className);
        if (forClass.isEmpty()) {
            return options.hooks();
        }
        List<JobHook> chain = new ArrayList<>(options.hooks());
        chain.addAll(forClass);
        return chain;
    }

    /** Waits until the running job (if any) ends, or the deadline. */
    void awaitJob(long deadlineNanos) {
        synchronized (lock) {
            while (current != null) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The watchdog's call: interrupt the job if it is still the one the timeout was set for. */
    private void timeOut(long seq) {
        synchronized (lock) {
            if (current != null && jobSeq == seq) {
                timedOut = true;
                LOG.warn("worker {}: job exceeded its timeout; interrupting it", id);
                thread.interrupt();
            }
        }
    }

    /** Interrupts the running job, which then ends through the normal failure path (Ruby's TermException). */
    void interruptIfRunning() {
        synchronized (lock) {
            if (current != null) {
                thread.interrupt();
            }
        }
    }

    /** Takes over a job still running (it ignores interruption, or the policy requeues it). */
    void abandonIfRunning() {
        synchronized (lock) {
            if (current != null) {
                abandoned = true;
                abandonedJob = current;
                thread.interrupt();
            }
        }
    }

    void join(long deadlineNanos) {
        synchronized (lock) {
            if (abandoned) {
                return; // a job that ignores interruption must not hold up shutdown
            }
        }
        long left = deadlineNanos - System.nanoTime();
        try {
            thread.join(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("worker {} did not stop in time", id);
        }
    }

    /** Ruby's unregister_worker, after dealing with an abandoned job per policy. */
    void unregister(Registry registry) {
        InFlight job;
        synchronized (lock) {
            job = abandonedJob;
        }
        if (job != null && options.inFlightPolicy() == InFlightPolicy.REQUEUE) {
            registry.requeue(id, job.queue(), job.raw());
        } else if (job != null) {
            registry.dirtyExit(id, "Job still running when the Java worker shut down ("
                    + options.shutdownTimeout().toMillis() + " ms shutdown timeout); it ignored interruption");
        }
        registry.unregister(id, Registry.DIRTY_EXIT, "Job still being processed");
    }
}
