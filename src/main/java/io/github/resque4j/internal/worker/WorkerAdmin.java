package io.github.resque4j.internal.worker;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.admin.WorkerInfo;
import io.github.resque4j.admin.Workers;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.FailureBackend;
import io.github.resque4j.worker.InFlightPolicy;
import io.github.resque4j.worker.WorkerOptions;

/** {@link Workers} over the same registry code the worker runtime uses. */
public final class WorkerAdmin implements Workers {
    private static final StringCodec S = StringCodec.INSTANCE;

    private final RedisConnection connection;
    private final RedissonClient redis;
    private final Keys keys;
    private final RubyJson json;
    private final Registry registry;
    private final WorkerIdentity identity;

    /** @param config connection and namespace */
    public WorkerAdmin(ResqueConfig config) {
        this.connection = RedisConnection.open(config, 0);
        this.redis = connection.client();
        this.keys = new Keys(config.namespace());
        this.json = RubyJson.of(config.jsonProfile());
        RubyTime time = new RubyTime(ZoneId.systemDefault());
        this.registry = new Registry(connection, keys, json, time, new FailureEntries(json, time),
                new FailureTarget(FailureBackend.REDIS, keys, connection), InFlightPolicy.REQUEUE);
        this.identity = WorkerIdentity.detect(Optional.empty());
    }

    @Override
    public List<WorkerInfo> list() {
        Set<String> ids = new TreeSet<>(connection.call("workers", () -> redis.<String>getSet(keys.workers(), S)
                .readAll()));
        return describe(new ArrayList<>(ids));
    }

    @Override
    public Optional<WorkerInfo> get(String id) {
        boolean registered = connection.call("worker", () -> redis.getSet(keys.workers(), S).contains(id));
        return registered ? Optional.of(describe(List.of(id)).get(0)) : Optional.empty();
    }

    private List<WorkerInfo> describe(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        BatchResult<?> r = connection.call("worker details", () -> {
            RBatch b = redis.createBatch();
            for (String id : ids) {
                b.getBucket(keys.workerStarted(id), S).getAsync();
                b.getMap(keys.heartbeats(), S).getAsync(id);
                b.getBucket(keys.worker(id), S).getAsync();
                b.getBucket(keys.stat("processed:" + id), S).getAsync();
                b.getBucket(keys.stat("failed:" + id), S).getAsync();
            }
            return b.execute();
        });
        List<?> v = r.getResponses();
        List<WorkerInfo> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String[] parts = id.split(":", 3);
            String hb = (String) v.get(5 * i + 1);
            out.add(new WorkerInfo(id, parts[0], parts.length > 1 ? parts[1] : "",
                    parts.length > 2 ? Arrays.asList(parts[2].split(",")) : List.of(), (String) v.get(5 * i),
                    RubyTime.parse(hb), hb, workingOn((String) v.get(5 * i + 2)), number(v.get(5 * i + 3)),
                    number(v.get(5 * i + 4))));
        }
        return out;
    }

    private Optional<WorkerInfo.WorkingOn> workingOn(String state) {
        if (state == null || state.isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = json.decodeObject(state);
            return Optional.of(new WorkerInfo.WorkingOn(String.valueOf(m.get("queue")), String.valueOf(m.get("run_at")),
                    m.get("payload")));
        } catch (PayloadFormatException e) {
            return Optional.of(new WorkerInfo.WorkingOn(null, null, state));
        }
    }

    private static long number(Object o) {
        if (o == null) {
            return 0;
        }
        try {
            return Long.parseLong(o.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Set<String> prune(boolean force) {
        String self = identity.hostname() + ":" + identity.pid() + ":*";
        if (force) {
            connection.call("prune", () -> redis.getKeys().delete(keys.pruneLock()));
        }
        Pruner pruner = new Pruner(connection, keys, registry, identity, QueuePatterns.of(List.of("*")),
                WorkerOptions.DEFAULT_PRUNE_INTERVAL, WorkerOptions.DEFAULT_HEARTBEAT_INTERVAL, false);
        return pruner.prune(self);
    }

    @Override
    public boolean unregister(String id) {
        boolean registered = connection.call("worker", () -> redis.getSet(keys.workers(), S).contains(id));
        registry.unregister(id, Registry.DIRTY_EXIT, "Job still being processed");
        return registered;
    }

    @Override
    public void pauseAll() {
        connection.call("pause-all-workers", () -> {
            redis.getBucket(keys.pauseAllWorkers(), S).set("true");
            return null;
        });
    }

    @Override
    public void resumeAll() {
        connection.call("pause-all-workers", () -> redis.getKeys().delete(keys.pauseAllWorkers()));
    }

    @Override
    public boolean isPausedAll() {
        String v = connection.call("pause-all-workers", () -> redis.<String>getBucket(keys.pauseAllWorkers(), S).get());
        return v != null && v.strip().equalsIgnoreCase("true");
    }

    /** @return current time of the Redis server */
    Instant serverTime() {
        return registry.serverTime();
    }

    @Override
    public void close() {
        connection.close();
    }
}
