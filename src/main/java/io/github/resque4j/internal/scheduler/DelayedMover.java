package io.github.resque4j.internal.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Moves due delayed jobs to their queues like resque-scheduler 4.9+'s {@code handle_delayed_items}
 * (WIRE.md §12.5): per timestamp, batches of {@code B} read with {@code LRANGE 0 B-1}, each item's
 * {@code SREM timestamps:<item>}, {@code SADD queues}, {@code RPUSH queue:<q>} of the re-encoded
 * {@code {"class","args"}}, {@code LTRIM B -1}, and the clean-up ({@code DEL} + {@code ZREM}) when the list is
 * empty. One Lua call per batch checks the items are still the ones read (Ruby's WATCH) and does it all
 * atomically. Unlike Ruby, an item that cannot be enqueued (not JSON, no class, or no queue and no known
 * queue for its class) is not lost: it goes to the {@code failed} list with the reason.
 */
final class DelayedMover {
    private static final Logger LOG = LoggerFactory.getLogger(DelayedMover.class);
    static final String UNDELIVERABLE = "io.github.resque4j.scheduler.UndeliverableDelayedJob";

    private static final LuaScript MOVE_BATCH = new LuaScript(""
            + "local b = tonumber(ARGV[3])\n"
            + "local n = tonumber(ARGV[4])\n"
            + "local current = redis.call('LRANGE', KEYS[1], 0, b - 1)\n"
            + "if #current ~= n then return -1 end\n"
            + "for i = 1, n do if current[i] ~= ARGV[4 + (i - 1) * 4 + 1] then return -1 end end\n"
            + "local member = 'delayed:' .. ARGV[1]\n"
            + "for i = 1, n do\n"
            + "  local base = 4 + (i - 1) * 4\n"
            + "  redis.call('SREM', ARGV[2] .. 'timestamps:' .. ARGV[base + 1], member)\n"
            + "  if ARGV[base + 2] == 'Q' then\n"
            + "    redis.call('SADD', KEYS[3], ARGV[base + 3])\n"
            + "    redis.call('RPUSH', ARGV[2] .. 'queue:' .. ARGV[base + 3], ARGV[base + 4])\n"
            + "  else\n"
            + "    redis.call('RPUSH', KEYS[4], ARGV[base + 4])\n"
            + "  end\n"
            + "end\n"
            + "redis.call('LTRIM', KEYS[1], b, -1)\n"
            + "if n < b and redis.call('LLEN', KEYS[1]) == 0 then\n"
            + "  redis.call('DEL', KEYS[1])\n"
            + "  redis.call('ZREM', KEYS[2], ARGV[1])\n"
            + "end\n"
            + "return n\n");

    private final RedisConnection connection;
    private final RedissonClient redis;
    private final Keys keys;
    private final RubyJson json;
    private final RubyTime time;
    private final int batchSize;
    private final Map<String, String> classQueues;
    private final String schedulerId;

    DelayedMover(RedisConnection connection, Keys keys, RubyJson json, RubyTime time, int batchSize,
            Map<String, String> classQueues, String schedulerId) {
        this.connection = connection;
        this.redis = connection.client();
        this.keys = keys;
        this.json = json;
        this.time = time;
        this.batchSize = batchSize;
        this.classQueues = classQueues;
        this.schedulerId = schedulerId;
    }

    /** What to do with one delayed item. */
    private record Action(String raw, boolean enqueue, String queue, String value) {
    }

    /**
     * @param nowEpochSeconds Redis's clock
     * @return the number of items moved (enqueued or set aside)
     */
    long moveDue(long nowEpochSeconds) {
        long moved = 0;
        while (true) {
            List<String> due = connection.call("next delayed timestamp", () -> redis.<String>getScoredSortedSet(
                    keys.delayedSchedule(), StringCodec.INSTANCE).valueRange(Double.NEGATIVE_INFINITY, true,
                    nowEpochSeconds, true, 0, 1).stream().toList());
            if (due.isEmpty()) {
                return moved;
            }
            moved += moveTimestamp(Long.parseLong(due.get(0)));
        }
    }

    private long moveTimestamp(long ts) {
        long moved = 0;
        String listKey = keys.delayed(ts);
        while (true) {
            List<String> items = connection.call("delayed batch", () -> redis.<String>getList(listKey,
                    StringCodec.INSTANCE).range(0, batchSize - 1));
            List<Object> args = new ArrayList<>(4 + 4 * items.size());
            args.add(String.valueOf(ts));
            args.add(keys.key(""));
            args.add(String.valueOf(batchSize));
            args.add(String.valueOf(items.size()));
            for (String raw : items) {
                Action a = plan(raw);
                args.add(a.raw());
                args.add(a.enqueue() ? "Q" : "F");
                args.add(a.queue() == null ? "" : a.queue());
                args.add(a.value());
            }
            Long n = connection.call("move delayed batch", () -> MOVE_BATCH.<Long>eval(redis, RScript.ReturnType.LONG,
                    List.of(listKey, keys.delayedSchedule(), keys.queues(), keys.failed()), args.toArray()));
            if (n == null || n < 0) {
                // The list changed under us (another scheduler, an enqueue): read it again, as Ruby's WATCH does.
                continue;
            }
            moved += n;
            if (n < batchSize) {
                return moved;
            }
        }
    }

    /** resque-scheduler's enqueue_from_config, decided in Java so the job is re-encoded with Ruby's spelling. */
    private Action plan(String raw) {
        Object decoded;
        try {
            decoded = json.decode(raw);
        } catch (PayloadFormatException e) {
            return setAside(raw, raw, "delayed job is not valid JSON: " + e.getMessage(), null);
        }
        if (!(decoded instanceof Map)) {
            return setAside(raw, decoded, "delayed job is not a JSON object", null);
        }
        Map<?, ?> item = (Map<?, ?>) decoded;
        Object cls = item.get("class");
        if (!(cls instanceof String) || ((String) cls).isEmpty()) {
            return setAside(raw, decoded, "delayed job has no class", null);
        }
        Object q = item.get("queue");
        String queue = q instanceof String && !((String) q).isEmpty() ? (String) q : classQueues.get(cls);
        if (queue == null) {
            // Ruby raises NoQueueError here after the item has left delayed:<ts>: the job is lost (WIRE trap 9).
            return setAside(raw, decoded, "delayed job has no queue and class " + cls
                    + " has none configured (resque-scheduler would have dropped it)", null);
        }
        List<Object> args = DelayedItems.normaliseArgs(item.get("args"));
        Object custom = item.get("custom_job_class");
        String className = custom instanceof String && !"Resque::Job".equals(custom) ? (String) custom : (String) cls;
        Map<String, Object> job = new LinkedHashMap<>(4);
        job.put("class", className);
        job.put("args", args);
        return new Action(raw, true, queue, json.encode(job));
    }

    private Action setAside(String raw, Object payload, String reason, String queue) {
        LOG.warn("setting a delayed job aside in the failed list: {}: {}", reason, raw);
        Map<String, Object> entry = new LinkedHashMap<>(8);
        entry.put("failed_at", time.failedAt(Instant.now()));
        entry.put("payload", payload);
        entry.put("exception", UNDELIVERABLE);
        entry.put("error", reason);
        entry.put("backtrace", List.of());
        entry.put("worker", schedulerId);
        entry.put("queue", queue);
        return new Action(raw, false, null, json.encode(entry));
    }
}
