package io.github.resque4j.internal.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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
import io.github.resque4j.ResqueException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.QueuePush;
import io.github.resque4j.internal.LuaScript;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.DelayedOutcome;
import io.github.resque4j.scheduler.EnqueuedDelayedJob;

/** {@link DelayedJobs} over Redisson, issuing the write commands resque-scheduler 5.0 issues, in its order. */
public final class RedisDelayedJobs implements DelayedJobs {
    private static final Logger LOG = LoggerFactory.getLogger(RedisDelayedJobs.class);
    private static final StringCodec S = StringCodec.INSTANCE;
    /** resque-scheduler's slice size for the pipelined LRANGEs of {@code find_delayed_selection}. */
    static final int SELECTION_SLICE = 100;
    /** Keys per DEL in {@code resetDelayedQueue} (Lua's unpack limit; Ruby sends one DEL per timestamp). */
    static final int DEL_CHUNK = 1000;

    private final RedisConnection connection;
    private final RedissonClient redis;
    private final Keys keys;
    private final RubyJson json;
    private final Clock clock;

    /**
     * @param config configuration
     * @param clock decides "now"
     */
    public RedisDelayedJobs(ResqueConfig config, Clock clock) {
        this(config, RedisConnection.open(Objects.requireNonNull(config, "config"), 0), clock);
    }

    /**
     * Shares a connection (closed by {@link #close()}).
     *
     * @param config configuration
     * @param connection an open connection
     * @param clock decides "now"
     */
    public RedisDelayedJobs(ResqueConfig config, RedisConnection connection, Clock clock) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.redis = connection.client();
        this.keys = new Keys(config.namespace());
        this.json = RubyJson.of(config.jsonProfile());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------------------------------------- scheduling

    @Override
    public DelayedOutcome enqueueAt(Instant at, String queue, String className, Object... args) {
        Objects.requireNonNull(at, "at");
        Job job = validJob(queue, className, args);
        long ts = at.getEpochSecond();
        if (ts <= clock.instant().getEpochSecond()) {
            push(queue, json.encode(job.toPayload()));
            return DelayedOutcome.ENQUEUED_NOW;
        }
        delayedPush(ts, DelayedItems.encode(json, queue, job));
        return DelayedOutcome.DELAYED;
    }

    @Override
    public DelayedOutcome enqueueIn(Duration delay, String queue, String className, Object... args) {
        Objects.requireNonNull(delay, "delay");
        return enqueueAt(clock.instant().plus(delay), queue, className, args);
    }

    @Override
    public long delayOrEnqueueAt(Instant at, String queue, String className, Object... args) {
        Objects.requireNonNull(at, "at");
        Job job = validJob(queue, className, args);
        String item = DelayedItems.encode(json, queue, job);
        long count = Math.max(removeDelayedJob(item, Map.of()), 1);
        for (long i = 0; i < count; i++) {
            enqueueAt(at, queue, className, args);
        }
        return count;
    }

    private void delayedPush(long ts, String item) {
        String member = Keys.delayedMember(ts);
        String t = Long.toString(ts);
        eval("schedule a delayed job at " + ts, DelayedScripts.DELAYED_PUSH,
                List.of(keys.delayed(ts), keys.timestamps(item), keys.delayedSchedule()), item, member, t);
    }

    /** {@code Resque.push}: one pipeline of SADD queues + RPUSH queue:<q>. */
    private void push(String queue, String payload) {
        QueuePush.push(connection, keys, queue, payload);
    }

    // ---------------------------------------------------------------------------------------------- removal

    @Override
    public long removeDelayed(String queue, String className, Object... args) {
        return removeDelayedJob(encodeValid(queue, className, args), Map.of());
    }

    @Override
    public long removeDelayedJobFromTimestamp(long timestamp, String queue, String className, Object... args) {
        String item = encodeValid(queue, className, args);
        return eval("remove a delayed job from " + timestamp, DelayedScripts.REMOVE_FROM_TIMESTAMP,
                List.of(keys.timestamps(item), keys.delayed(timestamp), keys.delayedSchedule()),
                Keys.delayedMember(timestamp), item, Long.toString(timestamp));
    }

    @Override
    public long removeDelayedIf(String className, Predicate<List<Object>> argsMatch) {
        Objects.requireNonNull(argsMatch, "argsMatch");
        List<Found> found = find(className, argsMatch);
        // Where each distinct text was seen, for removing copies whose timestamps: entry is missing.
        Map<String, Set<String>> seenAt = new LinkedHashMap<>();
        for (Found f : found) {
            seenAt.computeIfAbsent(f.raw, k -> new LinkedHashSet<>()).add(f.member);
        }
        long removed = 0;
        for (Found f : found) {
            // Ruby calls remove_delayed_job once per match, duplicates included (the later calls find nothing).
            Set<String> unindexed = seenAt.remove(f.raw);
            removed += removeDelayedJob(f.raw, unindexed == null ? Map.of() : Map.of(f.raw, unindexed));
        }
        return removed;
    }

    @Override
    public List<String> findDelayedIf(String className, Predicate<List<Object>> argsMatch) {
        Objects.requireNonNull(argsMatch, "argsMatch");
        List<String> out = new ArrayList<>();
        for (Found f : find(className, argsMatch)) {
            out.add(f.raw);
        }
        return out;
    }

    /** A matching stored job and the {@code delayed:<ts>} member (no namespace) of the list it was read from. */
    private record Found(String raw, String member) {
    }

    private List<Found> find(String className, Predicate<List<Object>> argsMatch) {
        List<String> timestamps = schedule();
        List<Found> found = new ArrayList<>();
        for (int from = 0; from < timestamps.size(); from += SELECTION_SLICE) {
            List<String> slice = timestamps.subList(from, Math.min(timestamps.size(), from + SELECTION_SLICE));
            List<?> lists = connection.call("read delayed jobs", () -> {
                RBatch batch = redis.createBatch();
                for (String ts : slice) {
                    batch.getList(keys.key("delayed:" + ts), S).readAllAsync();
                }
                return batch.execute().getResponses();
            });
            for (int i = 0; i < slice.size(); i++) {
                @SuppressWarnings("unchecked")
                List<String> items = (List<String>) lists.get(i);
                for (String raw : items) {
                    if (matches(raw, className, argsMatch)) {
                        found.add(new Found(raw, "delayed:" + slice.get(i)));
                    }
                }
            }
        }
        return found;
    }

    private boolean matches(String raw, String className, Predicate<List<Object>> argsMatch) {
        Map<String, Object> fields;
        try {
            fields = json.decodeObject(raw);
        } catch (PayloadFormatException e) {
            LOG.debug("skipping a delayed entry that is not a JSON object: {}", e.getMessage());
            return false;
        }
        if (className != null && !className.equals(fields.get("class"))) {
            return false;
        }
        return argsMatch.test(DelayedItems.normaliseArgs(fields.get("args")));
    }

    /**
     * {@code remove_delayed_job(encoded)}: SMEMBERS of its index, then LREM + SREM per member; plus LREM (only) on
     * timestamps where the caller saw the exact text but the index has no entry.
     */
    private long removeDelayedJob(String item, Map<String, Set<String>> seenAt) {
        String index = keys.timestamps(item);
        Set<String> members = connection.call("find delayed job", () -> redis.<String>getSet(index, S).readAll());
        List<String> indexed = new ArrayList<>(members);
        indexed.sort((a, b) -> {
            int c = Long.compare(DelayedItems.timestampOfMember(a), DelayedItems.timestampOfMember(b));
            return c != 0 ? c : a.compareTo(b);
        });
        List<String> extra = new ArrayList<>();
        for (String m : seenAt.getOrDefault(item, Set.of())) {
            if (!members.contains(m)) {
                extra.add(m);
            }
        }
        if (indexed.isEmpty() && extra.isEmpty()) {
            return 0;
        }
        List<Object> scriptKeys = new ArrayList<>(1 + indexed.size() + extra.size());
        scriptKeys.add(index);
        List<Object> argv = new ArrayList<>(2 + indexed.size());
        argv.add(item);
        argv.add(Integer.toString(indexed.size()));
        for (String m : indexed) {
            scriptKeys.add(keys.key(m));
            argv.add(m);
        }
        for (String m : extra) {
            scriptKeys.add(keys.key(m));
        }
        return eval("remove delayed job", DelayedScripts.REMOVE_JOB, scriptKeys, argv.toArray());
    }

    @Override
    public long enqueueDelayed(String queue, String className, Object... args) {
        Job job = validJob(queue, className, args);
        String payload = json.encode(job.toPayload());
        long removed = removeDelayedJob(DelayedItems.encode(json, queue, job), Map.of());
        for (long i = 0; i < removed; i++) {
            push(queue, payload);
        }
        return removed;
    }

    @Override
    public Optional<EnqueuedDelayedJob> enqueueNextItem(long timestamp) {
        String list = keys.delayed(timestamp);
        String member = Keys.delayedMember(timestamp);
        String ts = Long.toString(timestamp);
        String item = connection.call("pop delayed job at " + timestamp,
                () -> redis.<String>getDeque(list, S).pollFirst());
        if (item == null) {
            // Ruby: SREM "timestamps:" (nil interpolated) and the clean-up, then nothing to enqueue.
            eval("clean up " + timestamp, DelayedScripts.FINISH_NEXT_ITEM,
                    List.of(keys.timestamps(""), list, keys.delayedSchedule()), member, ts);
            return Optional.empty();
        }
        DelayedItems.Due due;
        String payload;
        try {
            due = DelayedItems.due(json, item);
            payload = json.encode(due.job().toPayload());
        } catch (ResqueException e) {
            eval("put back delayed job at " + timestamp, DelayedScripts.RESTORE_ITEM,
                    List.of(list, keys.delayedSchedule()), item, ts);
            throw new PayloadFormatException("delayed job at " + timestamp + " cannot be enqueued (left in place): "
                    + e.getMessage(), item, e);
        }
        eval("enqueue delayed job from " + timestamp, DelayedScripts.FINISH_NEXT_ITEM,
                List.of(keys.timestamps(item), list, keys.delayedSchedule(), keys.queues(), keys.queue(due.queue())),
                member, ts, due.queue(), payload);
        return Optional.of(new EnqueuedDelayedJob(timestamp, due.queue(), due.job(), item));
    }

    @Override
    public void resetDelayedQueue() {
        for (String ts : schedule()) {
            String list = keys.key("delayed:" + ts);
            List<String> items = connection.call("reset delayed queue",
                    () -> redis.<String>getList(list, S).readAll());
            List<Object> del = new ArrayList<>(1 + items.size());
            del.add(list);
            for (String item : items) {
                del.add(keys.timestamps(item));
            }
            for (int from = 0; from < del.size(); from += DEL_CHUNK) {
                eval("reset delayed queue", DelayedScripts.DEL,
                        new ArrayList<>(del.subList(from, Math.min(del.size(), from + DEL_CHUNK))));
            }
        }
        eval("reset delayed queue", DelayedScripts.DEL, List.of(keys.delayedSchedule()));
    }

    // ---------------------------------------------------------------------------------------------- reading

    @Override
    public List<Long> delayedQueuePeek(int start, int count) {
        if (count <= 0) {
            return List.of();
        }
        Collection<String> members = connection.call("delayed queue peek",
                () -> redis.<String>getScoredSortedSet(keys.delayedSchedule(), S).valueRange(start, start + count - 1));
        return toLongs(members);
    }

    @Override
    public long delayedQueueScheduleSize() {
        return connection.call("delayed queue schedule size",
                () -> (long) redis.getScoredSortedSet(keys.delayedSchedule(), S).size());
    }

    @Override
    public long delayedTimestampSize(long timestamp) {
        return connection.call("delayed timestamp size",
                () -> (long) redis.getList(keys.delayed(timestamp), S).size());
    }

    @Override
    public List<Payload> delayedTimestampPeek(long timestamp, int start, int count) {
        List<String> raws = delayedTimestampPeekRaw(timestamp, start, count);
        List<Payload> out = new ArrayList<>(raws.size());
        for (int i = 0; i < raws.size(); i++) {
            try {
                out.add(Payload.parse(raws.get(i), json));
            } catch (PayloadFormatException e) {
                throw new PayloadFormatException("delayed:" + timestamp + " entry " + (start + i) + ": "
                        + e.getMessage(), e.rawPayload(), e);
            }
        }
        return out;
    }

    @Override
    public List<String> delayedTimestampPeekRaw(long timestamp, int start, int count) {
        if (count <= 0) {
            return List.of();
        }
        String key = keys.delayed(timestamp);
        return connection.call("delayed timestamp peek", () -> {
            if (count == 1) {
                String one = redis.<String>getList(key, S).get(start);
                return one == null ? List.of() : List.of(one);
            }
            return redis.<String>getList(key, S).range(start, start + count - 1);
        });
    }

    @Override
    public long countAllDelayed() {
        List<String> timestamps = schedule();
        if (timestamps.isEmpty()) {
            return 0;
        }
        List<?> sizes = connection.call("count delayed jobs", () -> {
            RBatch batch = redis.createBatch();
            for (String ts : timestamps) {
                batch.getList(keys.key("delayed:" + ts), S).sizeAsync();
            }
            return batch.execute().getResponses();
        });
        long total = 0;
        for (Object n : sizes) {
            total += ((Number) n).longValue();
        }
        return total;
    }

    @Override
    public List<Long> scheduledAt(String queue, String className, Object... args) {
        String index = keys.timestamps(encodeValid(queue, className, args));
        Set<String> members = connection.call("scheduled at", () -> redis.<String>getSet(index, S).readAll());
        List<Long> out = new ArrayList<>(members.size());
        for (String m : members) {
            out.add(DelayedItems.timestampOfMember(m));
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean isDelayed(String queue, String className, Object... args) {
        return !scheduledAt(queue, className, args).isEmpty();
    }

    @Override
    public Optional<Long> nextDelayedTimestamp(Instant upTo) {
        Objects.requireNonNull(upTo, "upTo");
        double max = upTo.getEpochSecond();
        Collection<String> first = connection.call("next delayed timestamp",
                () -> redis.<String>getScoredSortedSet(keys.delayedSchedule(), S)
                        .valueRange(Double.NEGATIVE_INFINITY, true, max, true, 0, 1));
        return first.isEmpty() ? Optional.empty() : Optional.of(DelayedItems.rubyToI(first.iterator().next()));
    }

    @Override
    public Optional<Long> nextDelayedTimestamp() {
        return nextDelayedTimestamp(clock.instant());
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        connection.close();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** @return the members of {@code delayed_queue_schedule}, ascending ({@code ZRANGE 0 -1}) */
    private List<String> schedule() {
        return new ArrayList<>(connection.call("read delayed schedule",
                () -> redis.<String>getScoredSortedSet(keys.delayedSchedule(), S).valueRange(0, -1)));
    }

    private static List<Long> toLongs(Collection<String> members) {
        List<Long> out = new ArrayList<>(members.size());
        for (String m : members) {
            out.add(DelayedItems.rubyToI(m));
        }
        return out;
    }

    private static Job validJob(String queue, String className, Object[] args) {
        Names.requireQueue(queue);
        return Job.of(className, args);
    }

    private String encodeValid(String queue, String className, Object[] args) {
        return DelayedItems.encode(json, queue, validJob(queue, className, args));
    }

    private long eval(String what, LuaScript script, List<Object> scriptKeys, Object... argv) {
        Long n = connection.call(what, () -> script.<Long>eval(redis, RScript.ReturnType.LONG, scriptKeys, argv));
        return n == null ? 0 : n;
    }
}
