package io.github.resque4j.internal.worker;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.LuaScript;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.json.RubyJson;

/**
 * The worker registry as Ruby Resque 3.0 keeps it (WIRE.md §6.2, §6.5): registration, heartbeats and the
 * unregister pipeline, including the failure entry for a job a worker was still processing.
 */
final class Registry {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);
    private static final StringCodec S = StringCodec.INSTANCE;
    static final String DIRTY_EXIT = "Resque::DirtyExit";
    static final String PRUNE_DIRTY_EXIT = "Resque::PruneDeadWorkerDirtyExit";

    private final RedisConnection connection;
    private final RedissonClient redis;
    private final Keys keys;
    private final RubyJson json;
    private final RubyTime time;
    private final FailureEntries failures;
    private final FailureTarget failureTarget;
    private final io.github.resque4j.worker.InFlightPolicy deadWorkerJobs;
    private static final LuaScript TIME = new LuaScript("return redis.call('TIME')");

    Registry(RedisConnection connection, Keys keys, RubyJson json, RubyTime time, FailureEntries failures,
            FailureTarget failureTarget, io.github.resque4j.worker.InFlightPolicy deadWorkerJobs) {
        this.deadWorkerJobs = deadWorkerJobs;
        this.connection = connection;
        this.redis = connection.client();
        this.keys = keys;
        this.json = json;
        this.time = time;
        this.failures = failures;
        this.failureTarget = failureTarget;
    }

    /** @return Redis's clock ({@code TIME}), which Ruby uses for heartbeats and expiry */
    Instant serverTime() {
        List<Object> t = connection.call("TIME", () -> TIME.<List<Object>>eval(redis, RScript.ReturnType.LIST,
                List.of()));
        return Instant.ofEpochSecond(Long.parseLong(t.get(0).toString()), Long.parseLong(t.get(1).toString()) * 1000);
    }

    /** Ruby's {@code start_heartbeat}: {@code HDEL workers:heartbeat <id>} before the first beat. */
    void removeHeartbeats(List<String> ids) {
        connection.call("remove heartbeats", () -> {
            RBatch b = redis.createBatch();
            for (String id : ids) {
                b.getMap(keys.heartbeats(), S).fastRemoveAsync(id);
            }
            return b.execute();
        });
    }

    /** {@code TIME}, then {@code HSET workers:heartbeat <id> <iso8601 with offset>} for each worker. */
    void heartbeat(List<String> ids) {
        Instant now = serverTime();
        String value = time.iso8601(now);
        connection.call("heartbeat", () -> {
            RBatch b = redis.createBatch();
            for (String id : ids) {
                b.getMap(keys.heartbeats(), S).fastPutAsync(id, value);
            }
            return b.execute();
        });
    }

    /**
     * Ruby's {@code register_worker}: pipeline {@code SADD workers <id>}, {@code SET worker:<id>:started}.
     *
     * @param ids worker ids
     * @param crashSafe whether they keep processing lists (then indexed for orphan recovery)
     */
    void register(List<String> ids, boolean crashSafe) {
        String started = time.toS(Instant.now());
        connection.call("register workers", () -> {
            RBatch b = redis.createBatch();
            for (String id : ids) {
                b.getSet(keys.workers(), S).addAsync(id);
                b.getBucket(keys.workerStarted(id), S).setAsync(started);
            }
            if (crashSafe) {
                b.getSet(keys.processingWorkers(), S).addAllAsync(ids);
            }
            return b.execute();
        });
    }

    /**
     * Ruby's {@code unregister_worker}: a job still in {@code worker:<id>} is recorded as a failure (without
     * {@code stat:failed}), then the six-command pipeline.
     *
     * @param id worker id
     * @param exceptionName failure class for an in-flight job
     * @param error failure message for an in-flight job
     */
    void unregister(String id, String exceptionName, String error) {
        recoverRegistered(id);
        String state = connection.call("unregister", () -> redis.<String>getBucket(keys.worker(id), S).get());
        if (state != null && !state.isEmpty()) {
            recordInFlight(id, state, exceptionName, error, null);
        }
        connection.call("unregister", () -> {
            RBatch b = redis.createBatch();
            b.getSet(keys.workers(), S).removeAsync(id);
            b.getKeys().deleteAsync(keys.worker(id));
            b.getKeys().deleteAsync(keys.workerStarted(id));
            b.getMap(keys.heartbeats(), S).fastRemoveAsync(id);
            b.getKeys().deleteAsync(keys.stat("processed:" + id));
            b.getKeys().deleteAsync(keys.stat("failed:" + id));
            b.getKeys().deleteAsync(keys.lastCall(id)); // resque4j's own key (ignored by Ruby)
            return b.execute();
        });
    }

    /**
     * Unregisters another (dead) worker as Ruby's prune does.
     *
     * @param id the dead worker's id
     * @param expired whether it was pruned for an expired heartbeat (PruneDeadWorkerDirtyExit) or by the
     *        same-host pid check (DirtyExit "Job still being processed")
     */
    void unregisterDead(String id, boolean expired) {
        String jobClass = "<Unknown Job>";
        String state = connection.call("prune", () -> redis.<String>getBucket(keys.worker(id), S).get());
        if (state != null && !state.isEmpty()) {
            try {
                Object payload = json.decodeObject(state).get("payload");
                if (payload instanceof Map && ((Map<?, ?>) payload).get("class") != null) {
                    jobClass = String.valueOf(((Map<?, ?>) payload).get("class"));
                }
            } catch (PayloadFormatException e) {
                LOG.warn("worker {} has an unreadable job state; recording it with unknown class", id);
            }
        }
        if (expired) {
            unregister(id, PRUNE_DIRTY_EXIT, "Worker " + id + " did not gracefully exit while processing " + jobClass);
        } else {
            unregister(id, DIRTY_EXIT, "Job still being processed");
        }
    }

    /**
     * What Ruby's forking worker does for a job whose child died: a DirtyExit failure (no stat:failed),
     * then done_working (DEL worker:id, INCRBY stat:processed, INCRBY stat:processed:id).
     *
     * @param id worker id
     * @param error failure message
     */
    void dirtyExit(String id, String error) {
        String state = connection.call("dirty exit", () -> redis.<String>getBucket(keys.worker(id), S).get());
        if (state == null || state.isEmpty()) {
            return;
        }
        recordInFlight(id, state, DIRTY_EXIT, error, null);
        connection.call("dirty exit", () -> {
            RBatch b = redis.createBatch();
            b.getKeys().deleteAsync(keys.worker(id), keys.processing(id));
            b.getAtomicLong(keys.stat("processed")).getAndAddAsync(1);
            b.getAtomicLong(keys.stat("processed:" + id)).getAndAddAsync(1);
            return b.execute();
        });
    }

    /**
     * Puts a job a stopping worker was still running back at the head of its queue and clears
     * {@code worker:<id>} (not counted as processed: it was not).
     *
     * @param id worker id
     * @param queue its queue
     * @param raw the payload exactly as it was popped
     */
    void requeue(String id, String queue, String raw) {
        connection.call("requeue in-flight job", () -> {
            RBatch b = redis.createBatch();
            b.getDeque(keys.queue(queue), S).addFirstAsync(raw);
            b.getKeys().deleteAsync(keys.worker(id), keys.processing(id));
            return b.execute();
        });
        LOG.info("worker {}: put its running job back at the head of queue {}", id, queue);
    }

    /**
     * Crash-safe fetch: deals with the job held in a worker's processing list (see WorkerScripts.RECOVER).
     *
     * @param id worker id
     * @param mode requeue | fail | orphan-requeue | orphan-drop
     * @return the script's outcome word
     */
    String recover(String id, String mode) {
        List<Object> r = connection.call("recover held job", () -> WorkerScripts.RECOVER.<List<Object>>eval(redis,
                RScript.ReturnType.LIST, List.of(keys.processing(id), keys.worker(id), keys.processingWorkers(),
                        keys.queues(), keys.workers()), keys.key(""), id, mode, singleQueueOf(id)));
        String outcome = String.valueOf(r.get(0));
        switch (outcome) {
            case "requeued" -> LOG.info("worker {}: put the job it held back at the head of queue {}", id, r.get(1));
            case "dropped" -> LOG.info("worker {} was pruned by another client, which recorded its job as failed;"
                    + " dropped the held copy (requeueOrphanedJobs is off)", id);
            case "unknown" -> LOG.error("worker {} holds a job in {} but its queue is unknown; left in place",
                    id, keys.processing(id));
            default -> {
            }
        }
        return outcome;
    }

    /** {@link #recover} for a worker still registered, by the pool's dead-worker policy. */
    void recoverRegistered(String id) {
        recover(id, deadWorkerJobs == io.github.resque4j.worker.InFlightPolicy.REQUEUE ? "requeue" : "fail");
    }

    /** The queue of a worker id that names exactly one plain queue (the ids that use a blocking move), or "". */
    static String singleQueueOf(String id) {
        String[] parts = id.split(":", 3);
        if (parts.length < 3) {
            return "";
        }
        String q = parts[2];
        return q.isEmpty() || q.contains(",") || q.contains("*") || q.contains("?") || q.startsWith("!") ? "" : q;
    }

    private void recordInFlight(String id, String state, String exceptionName, String error, String requeueRaw) {
        Map<String, Object> decoded;
        try {
            decoded = json.decodeObject(state);
        } catch (PayloadFormatException e) {
            LOG.error("worker {} state is not JSON; its job cannot be recorded: {}", id, state);
            return;
        }
        String queue = decoded.get("queue") == null ? null : String.valueOf(decoded.get("queue"));
        if (requeueRaw != null && queue != null) {
            connection.call("requeue in-flight job", () -> {
                redis.getDeque(keys.queue(queue), S).addFirst(requeueRaw);
                return null;
            });
            LOG.info("worker {}: put its running job back at the head of queue {}", id, queue);
            return;
        }
        String entry = failures.entry(Instant.now(), decoded.get("payload"), exceptionName, error, List.of(), id,
                queue);
        failureTarget.save(queue, entry);
    }
}
