package io.github.resque4j.internal.scheduler;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.github.resque4j.Names;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.ResqueException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.Schedules;

/** {@link Schedules} writing what resque-scheduler's {@code set_schedule}/{@code remove_schedule} write. */
public final class RedisSchedules implements Schedules {
    private static final StringCodec S = StringCodec.INSTANCE;

    private final RedisConnection connection;
    private final RedissonClient redis;
    private final Keys keys;
    private final RubyJson json;
    private final boolean legacy;

    /**
     * @param config connection and namespace
     * @param legacy pre-4.2 layout
     */
    public RedisSchedules(ResqueConfig config, boolean legacy) {
        this.connection = RedisConnection.open(config, 0);
        this.redis = connection.client();
        this.keys = new Keys(config.namespace());
        this.json = RubyJson.of(config.jsonProfile());
        this.legacy = legacy;
    }

    private String hash() {
        return legacy ? keys.key("schedules") : keys.persistentSchedules();
    }

    @Override
    public void set(String name, Map<String, Object> config) {
        Names.requireClassName(name); // non-blank, like a class name
        Map<String, Object> cfg = new LinkedHashMap<>(config);
        cfg.remove("persist");
        // Reject what a scheduler could not honour exactly, before anything is written.
        RecurringJob.of(name, cfg, ZoneId.systemDefault(), Map.of(), Instant.now())
                .orElseThrow(() -> new ResqueException("schedule " + name + " needs a cron or every value"));
        String text = json.encode(cfg);
        connection.call("set schedule " + name, () -> {
            RBatch b = redis.createBatch();
            b.getMap(hash(), S).fastPutAsync(name, text);
            b.getSet(keys.schedulesChanged(), S).addAsync(name);
            if (legacy) {
                b.getSet(keys.key("persisted_schedules"), S).addAsync(name);
            }
            return b.execute();
        });
    }

    @Override
    public boolean remove(String name) {
        boolean existed = connection.call("remove schedule " + name, () -> redis.getMap(hash(), S).containsKey(name));
        connection.call("remove schedule " + name, () -> {
            RBatch b = redis.createBatch();
            b.getMap(hash(), S).fastRemoveAsync(name);
            if (legacy) {
                b.getSet(keys.key("persisted_schedules"), S).removeAsync(name);
            }
            b.getSet(keys.schedulesChanged(), S).addAsync(name);
            return b.execute();
        });
        return existed;
    }

    @Override
    public Map<String, Map<String, Object>> list() {
        Map<String, String> raw = connection.call("schedules", () -> redis.<String, String>getMap(hash(), S)
                .readAllMap());
        Map<String, Map<String, Object>> out = new TreeMap<>();
        raw.forEach((name, text) -> {
            try {
                out.put(name, json.decodeObject(text));
            } catch (PayloadFormatException e) {
                throw new ResqueException("schedule " + name + " is not a JSON object: " + e.getMessage(), e);
            }
        });
        return out;
    }

    @Override
    public Optional<Map<String, Object>> get(String name) {
        String text = connection.call("schedule " + name, () -> redis.<String, String>getMap(hash(), S).get(name));
        return text == null ? Optional.empty() : Optional.of(json.decodeObject(text));
    }

    @Override
    public Map<String, String> lastEnqueuedAt() {
        return new TreeMap<>(connection.call("last_enqueued_at", () -> redis.<String, String>getMap(
                keys.lastEnqueuedAt(), S).readAllMap()));
    }

    @Override
    public void close() {
        connection.close();
    }
}
