package io.github.resque4j.internal.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.ResqueException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.LuaScript;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;

/**
 * {@link Scheduler} following resque-scheduler 5.0's loop (WIRE.md §12.6): every interval {@code master?};
 * on a master change reload the schedule; while master move due delayed items and apply
 * {@code schedules_changed}. Recurring jobs fire on their own thread at fugit's times, only while master,
 * enqueueing like {@code enqueue_from_config} and recording {@code delayed:last_enqueued_at}. Times come from
 * Redis {@code TIME}, so a skewed local clock changes nothing.
 */
public final class RedisScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(RedisScheduler.class);
    private static final StringCodec S = StringCodec.INSTANCE;
    private static final LuaScript TIME = new LuaScript("return redis.call('TIME')");

    private final ResqueConfig config;
    private final SchedulerOptions options;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong moved = new AtomicLong();
    private final AtomicLong fired = new AtomicLong();
    private final String lockValue;

    private RedisConnection connection;
    private RedissonClient redis;
    private Keys keys;
    private RubyJson json;
    private RubyTime time;
    private SchedulerMasterLock lock;
    private DelayedMover mover;
    private Thread loop;
    private Thread firing;
    private volatile boolean master;
    private volatile long clockOffsetMillis;
    private boolean redisDown;

    /** Guarded by this: loaded schedules and their next fire times. */
    private final Map<String, RecurringJob> jobs = new LinkedHashMap<>();
    private final Map<String, Instant> nextFire = new HashMap<>();

    /**
     * @param config connection and namespace
     * @param options scheduler settings
     */
    public RedisScheduler(ResqueConfig config, SchedulerOptions options) {
        this.config = config;
        this.options = options;
        this.lockValue = options.lockValue().orElseGet(() -> kernelHostname() + ":" + ProcessHandle.current().pid());
    }

    private static String kernelHostname() {
        try {
            java.nio.file.Path p = java.nio.file.Path.of("/proc/sys/kernel/hostname");
            if (java.nio.file.Files.isReadable(p)) {
                return java.nio.file.Files.readString(p).trim();
            }
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    @Override
    public synchronized void start() {
        if (started.get()) {
            return;
        }
        // Throws if Redis is unreachable and leaves the scheduler unstarted, so start() can be retried.
        connection = RedisConnection.open(config, 2);
        try {
            prepare();
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        started.set(true);
        loop = new Thread(this::runLoop, "resque4j-scheduler");
        loop.setDaemon(true);
        firing = new Thread(this::runFiring, "resque4j-scheduler-fire");
        firing.setDaemon(true);
        loop.start();
        firing.start();
        LOG.info("scheduler {} started on lock {} with {} schedule(s)", lockValue, lock.key(), jobs.size());
    }

    private void prepare() {
        redis = connection.client();
        keys = new Keys(config.namespace());
        json = RubyJson.of(config.jsonProfile());
        time = new RubyTime(options.zone());
        lock = new SchedulerMasterLock(connection, keys, options.lockPrefix(), lockValue,
                options.lockTimeout().getSeconds());
        mover = new DelayedMover(connection, keys, json, time, options.batchSize(), options.classQueues(), lockValue);
        loadAll(serverTime());
    }

    private void runLoop() {
        long backoff = 100;
        while (!closed.get()) {
            try {
                tick();
                if (redisDown) {
                    redisDown = false;
                    LOG.info("scheduler: Redis is reachable again");
                }
                backoff = 100;
                Thread.sleep(options.interval().toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RedisUnavailableException e) {
                if (!redisDown) {
                    redisDown = true;
                    LOG.warn("scheduler: {}; retrying with backoff", e.getMessage());
                }
                backoff = sleep(backoff);
            } catch (RuntimeException e) {
                LOG.error("scheduler loop error: {}", e.toString(), e);
                backoff = sleep(backoff);
            }
        }
    }

    private long sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.min(ms * 2, 5_000);
    }

    @Override
    public void tick() {
        Instant now = serverTime();
        boolean m = lock.master();
        if (m != master) {
            LOG.info(m ? "scheduler {} is now master" : "scheduler {} is no longer master", lockValue);
            master = m;
            loadAll(now);
        }
        if (m) {
            moved.addAndGet(mover.moveDue(now.getEpochSecond()));
            if (options.dynamic()) {
                applyChanges(now);
            }
        }
    }

    /** Ruby's load_schedule!: static entries plus (dynamic) persistent ones; a master clears schedules_changed. */
    private void loadAll(Instant now) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>(options.staticSchedule());
        if (options.dynamic()) {
            all.putAll(persistentSchedules());
        }
        synchronized (this) {
            jobs.clear();
            nextFire.clear();
            all.forEach((name, cfg) -> load(name, cfg, now));
            notifyAll();
        }
        if (master && options.dynamic()) {
            connection.call("schedules_changed", () -> redis.getKeys().delete(keys.schedulesChanged()));
        }
    }

    private Map<String, Map<String, Object>> persistentSchedules() {
        String hash = options.legacyScheduleLayout() ? keys.key("schedules") : keys.persistentSchedules();
        Map<String, String> raw = connection.call("persistent schedules",
                () -> redis.<String, String>getMap(hash, S).readAllMap());
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        raw.forEach((name, text) -> {
            try {
                out.put(name, json.decodeObject(text));
            } catch (PayloadFormatException e) {
                LOG.error("schedule {} in {} is not a JSON object; skipped: {}", name, hash, e.getMessage());
            }
        });
        return out;
    }

    /** Ruby's update_schedule: SPOP each changed name and re-read it. */
    private void applyChanges(Instant now) {
        long changed = connection.call("schedules_changed", () -> (long) redis.getSet(keys.schedulesChanged(), S)
                .size());
        if (changed == 0) {
            return;
        }
        while (true) {
            String name = connection.call("schedules_changed", () -> redis.<String>getSet(keys.schedulesChanged(), S)
                    .removeRandom());
            if (name == null) {
                return;
            }
            Map<String, Object> cfg = persistentSchedules().get(name);
            synchronized (this) {
                jobs.remove(name);
                nextFire.remove(name);
                if (cfg != null) {
                    load(name, cfg, now);
                } else {
                    LOG.info("removed schedule {}", name);
                }
                notifyAll();
            }
        }
    }

    /** Caller holds the monitor. */
    private void load(String name, Map<String, Object> cfg, Instant now) {
        Object envs = cfg.get("rails_env") != null ? cfg.get("rails_env") : cfg.get("env");
        if (envs != null && (options.env().isEmpty()
                || !List.of(String.valueOf(envs).split("[\\s,]+")).contains(options.env().get()))) {
            LOG.info("skipping schedule {}: env {} does not match {}", name, envs, options.env().orElse(null));
            return;
        }
        try {
            Optional<RecurringJob> job = RecurringJob.of(name, cfg, options.zone(), options.classQueues(), now);
            if (job.isEmpty()) {
                LOG.warn("no cron / every found for {} - skipping", name);
                return;
            }
            jobs.put(name, job.get());
            job.get().nextAfter(now, options.zone()).ifPresent(t -> nextFire.put(name, t));
            LOG.info("scheduling {}", name);
        } catch (ResqueException e) {
            LOG.error("schedule {} rejected: {}", name, e.getMessage());
        }
    }

    private void runFiring() {
        while (!closed.get()) {
            RecurringJob due = null;
            Instant dueAt = null;
            synchronized (this) {
                Instant now = Instant.now().plusMillis(clockOffsetMillis);
                for (Map.Entry<String, Instant> e : nextFire.entrySet()) {
                    if (dueAt == null || e.getValue().isBefore(dueAt)) {
                        dueAt = e.getValue();
                        due = jobs.get(e.getKey());
                    }
                }
                long waitMs = dueAt == null ? 1_000 : Duration.between(now, dueAt).toMillis();
                if (waitMs > 0) {
                    try {
                        wait(Math.min(waitMs, 1_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                // Fire once for this due time; a late or missed tick is not back-filled (as rufus).
                Instant after = now.isAfter(dueAt) ? now : dueAt;
                String name = due.name();
                Optional<Instant> next = due.nextAfter(after, options.zone());
                if (next.isPresent()) {
                    nextFire.put(name, next.get());
                } else {
                    nextFire.remove(name);
                }
            }
            if (master) {
                try {
                    fire(due);
                } catch (RuntimeException e) {
                    LOG.error("could not enqueue schedule {}: {}", due.name(), e.getMessage());
                }
            }
        }
    }

    /** enqueue_from_config + last_enqueued_at, as Ruby's enqueue_recurring. */
    private void fire(RecurringJob job) {
        Map<String, Object> payload = new LinkedHashMap<>(4);
        payload.put("class", job.className());
        payload.put("args", job.args());
        String text = json.encode(payload);
        String at = time.toS(Instant.now().plusMillis(clockOffsetMillis));
        connection.call("enqueue recurring " + job.name(), () -> {
            RBatch b = redis.createBatch();
            b.getSet(keys.queues(), S).addAsync(job.queue());
            b.getList(keys.queue(job.queue()), S).addAsync(text);
            b.getMap(keys.lastEnqueuedAt(), S).fastPutAsync(job.name(), at);
            return b.execute();
        });
        fired.incrementAndGet();
        LOG.info("queueing {} ({})", job.className(), job.name());
    }

    private Instant serverTime() {
        List<Object> t = connection.call("TIME", () -> TIME.<List<Object>>eval(redis, RScript.ReturnType.LIST,
                List.of()));
        Instant now = Instant.ofEpochSecond(Long.parseLong(t.get(0).toString()),
                Long.parseLong(t.get(1).toString()) * 1000);
        clockOffsetMillis = now.toEpochMilli() - System.currentTimeMillis();
        return now;
    }

    @Override
    public boolean isMaster() {
        return master;
    }

    @Override
    public String lockValue() {
        return lockValue;
    }

    @Override
    public synchronized Set<String> loadedSchedules() {
        return new TreeSet<>(jobs.keySet());
    }

    @Override
    public long movedCount() {
        return moved.get();
    }

    @Override
    public long firedCount() {
        return fired.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !started.get()) {
            return;
        }
        loop.interrupt();
        firing.interrupt();
        try {
            loop.join(10_000);
            firing.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lock.release();
        } catch (RuntimeException e) {
            LOG.warn("could not release the master lock: {}", e.getMessage());
        }
        master = false;
        connection.close();
    }
}
