package io.github.resque4j.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.Job;
import io.github.resque4j.Names;
import io.github.resque4j.Payload;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.client.ClientHook;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.client.ResqueInfo;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;

/** {@link ResqueClient} over Redisson, issuing the commands Ruby Resque 3.0 issues. */
public final class RedisResqueClient implements ResqueClient {
    private static final Logger LOG = LoggerFactory.getLogger(RedisResqueClient.class);
    private static final StringCodec S = StringCodec.INSTANCE;
    /** Values per RPUSH in a batch enqueue: large enough to amortise, small enough not to stall Redis. */
    static final int BATCH_CHUNK = 1000;
    /** Ruby's LREM count per value; Redisson's RList.remove only reports a boolean. */
    private static final LuaScript LREM_EACH = new LuaScript(
            "local n = 0\n"
            + "for i = 1, #ARGV do n = n + redis.call('LREM', KEYS[1], 0, ARGV[i]) end\n"
            + "return n\n");

    private final ResqueConfig config;
    private final RedisConnection connection;
    private final DirectLinkPool links;
    private final RedissonClient redis;
    private final Keys keys;
    private final RubyJson json;
    private final ClientHooks hooks;

    /**
     * @param config configuration
     * @param hooks enqueue/dequeue hooks in order
     */
    public RedisResqueClient(ResqueConfig config, List<ClientHook> hooks) {
        this(config, RedisConnection.open(config, 0), hooks);
    }

    /**
     * Shares an existing connection (closed by its owner, not by this client).
     *
     * @param config configuration
     * @param connection an open connection
     * @param hooks hooks in order
     */
    RedisResqueClient(ResqueConfig config, RedisConnection connection, List<ClientHook> hooks) {
        this.config = Objects.requireNonNull(config, "config");
        this.connection = connection;
        this.links = new DirectLinkPool(connection, config.connectionPoolSize());
        this.redis = connection.client();
        this.keys = new Keys(config.namespace());
        this.json = RubyJson.of(config.jsonProfile());
        this.hooks = new ClientHooks(hooks);
    }

    @Override
    public boolean enqueue(String queue, Job job) {
        return hooks.enqueue(queue, job, json, payload -> pushEncoded(queue, payload));
    }

    @Override
    public int enqueueAll(String queue, Collection<Job> jobs) {
        Names.requireQueue(queue);
        Objects.requireNonNull(jobs, "jobs");
        ClientHooks.Batch admitted = hooks.admit(queue, jobs, json);
        List<String> payloads = admitted.payloads();
        if (payloads.isEmpty()) {
            return 0;
        }
        List<List<String>> chunks = new ArrayList<>(1 + payloads.size() / BATCH_CHUNK);
        for (int i = 0; i < payloads.size(); i += BATCH_CHUNK) {
            chunks.add(payloads.subList(i, Math.min(payloads.size(), i + BATCH_CHUNK)));
        }
        if (!links.tryPipeline("batch enqueue to " + queue, () -> batchCommands(queue, chunks))) {
            batchOverPool(queue, chunks);
        }
        for (Job job : admitted.jobs()) {
            hooks.afterEnqueue(queue, job);
        }
        return admitted.jobs().size();
    }

    /** SADD, then one RPUSH per chunk. */
    private List<List<String>> batchCommands(String queue, List<List<String>> chunks) {
        List<List<String>> commands = new ArrayList<>(1 + chunks.size());
        commands.add(List.of("SADD", keys.queues(), queue));
        for (List<String> chunk : chunks) {
            List<String> rpush = new ArrayList<>(2 + chunk.size());
            rpush.add("RPUSH");
            rpush.add(keys.queue(queue));
            rpush.addAll(chunk);
            commands.add(rpush);
        }
        return commands;
    }

    private void batchOverPool(String queue, List<List<String>> chunks) {
        connection.call("batch enqueue to " + queue, () -> {
            RBatch batch = redis.createBatch();
            batch.getSet(keys.queues(), S).addAsync(queue);
            for (List<String> chunk : chunks) {
                batch.getList(keys.queue(queue), S).addAllAsync(chunk);
            }
            return batch.execute();
        });
    }

    @Override
    public void push(String queue, Map<String, ?> item) {
        Names.requireQueue(queue);
        Objects.requireNonNull(item, "item");
        pushEncoded(queue, json.encode(item));
    }

    private void pushEncoded(String queue, String payload) {
        QueuePush.push(connection, links, keys, queue, payload);
    }

    @Override
    public long dequeue(String queue, String className, Object... args) {
        if (args == null || args.length == 0) {
            Names.requireQueue(queue);
            Job job = Job.of(className);
            if (!hooks.beforeDequeue(queue, job)) {
                return 0;
            }
            long removed = removeByClass(queue, className);
            hooks.afterDequeue(queue, job);
            return removed;
        }
        return dequeueExact(queue, Job.of(className, args));
    }

    @Override
    public long dequeueExact(String queue, Job job) {
        Names.requireQueue(queue);
        Objects.requireNonNull(job, "job");
        if (!hooks.beforeDequeue(queue, job)) {
            return 0;
        }
        String payload = json.encode(job.toPayload());
        long removed = lrem(queue, List.of(payload));
        hooks.afterDequeue(queue, job);
        return removed;
    }

    /** Ruby's class-only destroy: scan, decode, LREM the stored bytes of each match. */
    private long removeByClass(String queue, String className) {
        List<String> all = connection.call("dequeue scan of " + queue,
                () -> redis.<String>getList(keys.queue(queue), S).readAll());
        List<String> matches = new ArrayList<>();
        for (String raw : all) {
            Object cls = classOf(raw);
            if (className.equals(cls)) {
                matches.add(raw);
            }
        }
        if (matches.isEmpty()) {
            return 0;
        }
        return lrem(queue, matches);
    }

    /** LREM queue 0 value for each value, in order, in one round trip; returns the total removed. */
    private long lrem(String queue, List<String> values) {
        Long n = connection.call("dequeue from " + queue, () -> LREM_EACH.<Long>eval(redis,
                RScript.ReturnType.LONG, List.of(keys.queue(queue)), values.toArray()));
        return n == null ? 0 : n;
    }

    private Object classOf(String raw) {
        try {
            return json.decodeObject(raw).get("class");
        } catch (PayloadFormatException e) {
            // Not a payload of the class we look for; Ruby would raise here, we leave it in place.
            LOG.debug("skipping malformed entry during class-only dequeue: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public Set<String> queues() {
        return connection.call("queues", () -> redis.<String>getSet(keys.queues(), S).readAll());
    }

    @Override
    public long size(String queue) {
        Names.requireQueue(queue);
        return connection.call("size of " + queue, () -> (long) redis.getList(keys.queue(queue), S).size());
    }

    @Override
    public List<Payload> peek(String queue, int start, int count) {
        List<String> raws = peekRaw(queue, start, count);
        List<Payload> out = new ArrayList<>(raws.size());
        for (int i = 0; i < raws.size(); i++) {
            try {
                out.add(Payload.parse(raws.get(i), json));
            } catch (PayloadFormatException e) {
                throw new PayloadFormatException("queue " + queue + " entry " + (start + i) + ": " + e.getMessage(),
                        e.rawPayload(), e);
            }
        }
        return out;
    }

    @Override
    public List<String> peekRaw(String queue, int start, int count) {
        Names.requireQueue(queue);
        if (count <= 0) {
            return List.of();
        }
        String key = keys.queue(queue);
        return connection.call("peek " + queue, () -> {
            if (count == 1) {
                // Ruby uses LINDEX for a single element.
                String one = redis.<String>getList(key, S).get(start);
                return one == null ? List.of() : List.of(one);
            }
            return redis.<String>getList(key, S).range(start, start + count - 1);
        });
    }

    @Override
    public Map<String, Long> queueSizes() {
        Set<String> names = queues();
        return lengths(names);
    }

    private Map<String, Long> lengths(Collection<String> queueNames) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (queueNames.isEmpty()) {
            return out;
        }
        List<String> ordered = new ArrayList<>(queueNames);
        BatchResult<?> result = connection.call("queue sizes", () -> {
            RBatch batch = redis.createBatch();
            for (String q : ordered) {
                batch.getList(keys.queue(q), S).sizeAsync();
            }
            return batch.execute();
        });
        List<?> responses = result.getResponses();
        for (int i = 0; i < ordered.size(); i++) {
            out.put(ordered.get(i), ((Number) responses.get(i)).longValue());
        }
        return out;
    }

    @Override
    public void removeQueue(String queue) {
        Names.requireQueue(queue);
        connection.call("remove queue " + queue, () -> {
            RBatch batch = redis.createBatch();
            batch.getSet(keys.queues(), S).removeAsync(queue);
            batch.getKeys().deleteAsync(keys.queue(queue));
            return batch.execute();
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public ResqueInfo info() {
        // Ruby spends ~8 round trips; two pipelines give the same figures.
        BatchResult<?> first = connection.call("info", () -> {
            RBatch batch = redis.createBatch();
            batch.getSet(keys.queues(), S).readAllAsync();
            batch.getSet(keys.workers(), S).readAllAsync();
            batch.getBucket(keys.stat("processed"), S).getAsync();
            batch.getList(keys.failed(), S).sizeAsync();
            return batch.execute();
        });
        List<?> r = first.getResponses();
        Set<String> queueNames = (Set<String>) r.get(0);
        Set<String> workerIds = (Set<String>) r.get(1);
        long processed = parseLong((String) r.get(2));
        long failed = ((Number) r.get(3)).longValue();

        List<String> ordered = new ArrayList<>(queueNames);
        List<String> workers = new ArrayList<>(workerIds);
        long pending = 0;
        int working = 0;
        if (!ordered.isEmpty() || !workers.isEmpty()) {
            BatchResult<?> second = connection.call("info", () -> {
                RBatch batch = redis.createBatch();
                for (String q : ordered) {
                    batch.getList(keys.queue(q), S).sizeAsync();
                }
                for (String w : workers) {
                    batch.getBucket(keys.worker(w), S).getAsync();
                }
                return batch.execute();
            });
            List<?> r2 = second.getResponses();
            for (int i = 0; i < ordered.size(); i++) {
                pending += ((Number) r2.get(i)).longValue();
            }
            for (int i = ordered.size(); i < r2.size(); i++) {
                Object state = r2.get(i);
                if (state != null && !state.toString().isEmpty()) {
                    working++;
                }
            }
        }
        return new ResqueInfo(pending, processed, queueNames.size(), workerIds.size(), working, failed,
                List.of(serverDescription()), environment());
    }

    private String serverDescription() {
        return config.redis().map(e -> e.address() + "/" + e.database()).orElse(config.describeEndpoint())
                + "/" + config.namespace();
    }

    /** @return Ruby's {@code Resque.info[:environment]}: {@code RAILS_ENV}, {@code RACK_ENV} or {@code development} */
    public static String environment() {
        String env = System.getenv("RAILS_ENV");
        if (env == null) {
            env = System.getenv("RACK_ENV");
        }
        return env == null ? "development" : env;
    }

    private static long parseLong(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            // Ruby's to_i reads a leading integer and ignores the rest; anything else is 0.
            return 0;
        }
    }

    @Override
    public RubyJson json() {
        return json;
    }

    @Override
    public ResqueConfig config() {
        return config;
    }

    /** @return the key names this client uses */
    public Keys keys() {
        return keys;
    }

    @Override
    public void close() {
        connection.close();
    }
}
