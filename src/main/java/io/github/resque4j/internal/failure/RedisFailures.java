package io.github.resque4j.internal.failure;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;

import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.ResqueException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.failure.BulkProgress;
import io.github.resque4j.failure.BulkResult;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.failure.FailureFilter;
import io.github.resque4j.failure.FailureList;
import io.github.resque4j.failure.FailureMovedException;
import io.github.resque4j.failure.FailureNotFoundException;
import io.github.resque4j.failure.Failures;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.FailureBackend;

/**
 * {@link Failures} over Redisson. Reads are plain commands; every write goes through one of
 * {@link FailureScripts}, which issue Ruby's write commands after checking the bytes at the index.
 */
public final class RedisFailures implements Failures {
    /** The Redis backend's only list, and RedisMultiQueue's default in Ruby's signatures. */
    static final String FAILED = "failed";
    /** Entries per LRANGE while scanning: keeps replies small and Redis responsive. */
    static final int PAGE = 1000;
    /**
     * How far (in list positions) a bulk run looks for an entry's bytes when others' removals moved it since the
     * scan; see {@code FailureScripts}. Single-entry operations never look elsewhere.
     */
    static final int WINDOW = 500;
    private static final StringCodec S = StringCodec.INSTANCE;

    private final FailureBackend backend;
    private final RedisConnection connection;
    private final RedissonClient redis;
    private final Keys keys;
    private final Entries entries;
    private final RubyTime time;
    private final Clock clock;
    private final int batchSize;
    /** Runs bulk operations' Redis calls so that interrupting the caller cannot abort one half-way (lazy). */
    private ExecutorService helper;

    /**
     * @param config connection, namespace and JSON profile
     * @param backend the failure backend to act as
     * @param zone zone for {@code retried_at}
     * @param clock time source for {@code retried_at}
     * @param batchSize entries per script in bulk operations
     */
    public RedisFailures(ResqueConfig config, FailureBackend backend, ZoneId zone, Clock clock, int batchSize) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.keys = new Keys(config.namespace());
        this.entries = new Entries(RubyJson.of(config.jsonProfile()));
        // Java spells ZoneOffset.UTC "Z"; Ruby's %Z under TZ=UTC is "UTC".
        this.time = new RubyTime(zone instanceof ZoneOffset && ((ZoneOffset) zone).getTotalSeconds() == 0
                ? ZoneId.of("UTC") : zone);
        this.clock = clock;
        this.batchSize = batchSize;
        this.connection = RedisConnection.open(config, 0);
        this.redis = connection.client();
    }

    @Override
    public FailureBackend backend() {
        return backend;
    }

    @Override
    public List<FailureList> lists() {
        List<FailureList> out = new ArrayList<>();
        for (String name : listNames()) {
            out.add(new RedisFailureList(this, name));
        }
        return out;
    }

    @Override
    public FailureList list(String name) {
        return new RedisFailureList(this, checkListName(name));
    }

    private String checkListName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("failure list name must not be " + (name == null ? "null" : "empty"));
        }
        if (backend == FailureBackend.REDIS && !name.equals(FAILED)) {
            // Ruby's Failure::Redis.check_queue raises ArgumentError for the same input.
            throw new IllegalArgumentException("the Redis failure backend has one list, 'failed'; got '" + name
                    + "' (RedisMultiQueue lists need FailureBackend.REDIS_MULTI_QUEUE)");
        }
        return name;
    }

    /** @return the list names of this backend, sorted */
    List<String> listNames() {
        if (backend == FailureBackend.REDIS) {
            return List.of(FAILED);
        }
        List<String> names = new ArrayList<>(call("failure lists",
                () -> redis.<String>getSet(keys.failedQueues(), S).readAll()));
        Collections.sort(names);
        return names;
    }

    private String singleList() {
        if (backend != FailureBackend.REDIS) {
            throw new IllegalStateException("RedisMultiQueue keeps one failure list per queue: pass the list name "
                    + "(e.g. requeue(index, \"default_failed\")) or use list(name)");
        }
        return FAILED;
    }

    @Override
    public long count() {
        long n = 0;
        for (long len : lengths(listNames()).values()) {
            n += len;
        }
        return n;
    }

    @Override
    public long count(FailureFilter filter) {
        Objects.requireNonNull(filter, "filter");
        long n = 0;
        for (String name : listNames()) {
            n += count(name, filter);
        }
        return n;
    }

    @Override
    public List<FailureEntry> all(long offset, int limit) {
        checkPage(offset, limit);
        List<FailureEntry> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        long skip = offset;
        for (Map.Entry<String, Long> e : lengths(listNames()).entrySet()) {
            long len = e.getValue();
            if (skip >= len) {
                skip -= len;
                continue;
            }
            out.addAll(all(e.getKey(), skip, limit - out.size()));
            skip = 0;
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    @Override
    public List<FailureEntry> list(FailureFilter filter, long offset, int limit) {
        Objects.requireNonNull(filter, "filter");
        checkPage(offset, limit);
        List<FailureEntry> out = new ArrayList<>();
        long[] skip = {offset};
        for (String name : listNames()) {
            if (out.size() >= limit) {
                break;
            }
            collect(name, filter, skip, limit, out);
        }
        return out;
    }

    @Override
    public Optional<FailureEntry> get(long index) {
        return get(singleList(), index);
    }

    @Override
    public FailureEntry requeue(long index) {
        return requeue(singleList(), index);
    }

    @Override
    public void remove(long index) {
        remove(singleList(), index);
    }

    @Override
    public BulkResult requeueAll() {
        if (backend == FailureBackend.REDIS) {
            return bulk(List.of(FAILED), FailureFilter.all(), true, true, BulkProgress.NONE, () -> false);
        }
        BulkResult total = BulkResult.EMPTY;
        for (String name : listNames()) {
            // Ruby: requeue_queue(job_queue_name(name)) per list, whose name lookup SADDs the list again.
            addFailedQueue(name);
            total = total.plus(bulk(List.of(name), FailureFilter.all(), true, false, BulkProgress.NONE, () -> false));
        }
        return total;
    }

    @Override
    public BulkResult requeueQueue(String queue) {
        requireQueue(queue);
        if (backend == FailureBackend.REDIS) {
            return bulk(List.of(FAILED), FailureFilter.builder().queue(queue).build(), true, true, BulkProgress.NONE,
                    () -> false);
        }
        String name = queue + "_failed";
        addFailedQueue(name);
        // Ruby walks the list with each(), which defaults to descending order: the newest job is pushed first.
        return bulk(List.of(name), FailureFilter.all(), true, false, BulkProgress.NONE, () -> false);
    }

    @Override
    public BulkResult removeQueue(String queue) {
        requireQueue(queue);
        if (backend == FailureBackend.REDIS) {
            // Ruby walks upwards and does not advance after a removal: ascending with shifted indices.
            return bulk(List.of(FAILED), FailureFilter.builder().queue(queue).build(), false, true,
                    BulkProgress.NONE, () -> false);
        }
        String name = queue + "_failed";
        Long n = call("remove failure queue " + name, () -> FailureScripts.REMOVE_LIST.<Long>eval(redis,
                RScript.ReturnType.LONG, List.of(keys.failedQueues(), keys.failedQueue(name)), name));
        return new BulkResult(n, n, 0, 0, false);
    }

    @Override
    public BulkResult clearRetried() {
        // Ruby's clear_retried uses each(), newest first.
        return bulk(listNames(), FailureFilter.builder().retried(true).build(), false, false, BulkProgress.NONE,
                () -> false);
    }

    @Override
    public long clear() {
        if (backend == FailureBackend.REDIS) {
            return clear(FAILED);
        }
        Long n = call("clear failures", () -> FailureScripts.CLEAR_ALL.<Long>eval(redis,
                RScript.ReturnType.LONG, List.of(keys.failedQueues()), keys.key("")));
        return n == null ? 0 : n;
    }

    @Override
    public BulkResult requeue(FailureFilter filter, BulkProgress progress, BooleanSupplier cancelled) {
        return bulk(listNames(), filter, true, true, progress, cancelled);
    }

    @Override
    public BulkResult remove(FailureFilter filter, BulkProgress progress, BooleanSupplier cancelled) {
        return bulk(listNames(), filter, false, false, progress, cancelled);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (helper != null) {
                helper.shutdown();
            }
        }
        connection.close();
    }

    // ---------------------------------------------------------------- per list, used by RedisFailureList

    long count(String list) {
        return call("failure count", () -> (long) redis.getList(keys.failedQueue(list), S).size());
    }

    long count(String list, FailureFilter filter) {
        Objects.requireNonNull(filter, "filter");
        if (filter.isAll()) {
            return count(list);
        }
        long[] n = {0};
        scan(list, false, raws -> {
            for (int i = 0; i < raws.size(); i++) {
                if (filter.matches(entries.parse(list, 0, raws.get(i)))) {
                    n[0]++;
                }
            }
            return true;
        });
        return n[0];
    }

    List<FailureEntry> all(String list, long offset, int limit) {
        checkPage(offset, limit);
        List<FailureEntry> out = new ArrayList<>(Math.min(limit, PAGE));
        if (limit == 0 || offset > Integer.MAX_VALUE) {
            return out;
        }
        List<String> raws = range(list, offset, offset + limit - 1);
        for (int i = 0; i < raws.size(); i++) {
            out.add(entries.parse(list, offset + i, raws.get(i)));
        }
        return out;
    }

    List<FailureEntry> list(String list, FailureFilter filter, long offset, int limit) {
        Objects.requireNonNull(filter, "filter");
        checkPage(offset, limit);
        List<FailureEntry> out = new ArrayList<>();
        collect(list, filter, new long[] {offset}, limit, out);
        return out;
    }

    private void collect(String list, FailureFilter filter, long[] skip, int limit, List<FailureEntry> out) {
        if (limit == 0) {
            return;
        }
        long[] base = {0};
        scan(list, false, raws -> {
            for (int i = 0; i < raws.size(); i++) {
                FailureEntry e = entries.parse(list, base[0] + i, raws.get(i));
                if (filter.matches(e)) {
                    if (skip[0] > 0) {
                        skip[0]--;
                    } else {
                        out.add(e);
                        if (out.size() >= limit) {
                            return false;
                        }
                    }
                }
            }
            base[0] += raws.size();
            return true;
        });
    }

    Optional<FailureEntry> get(String list, long index) {
        String raw = lindex(list, index);
        return raw == null ? Optional.empty() : Optional.of(entries.parse(list, index, raw));
    }

    FailureEntry requeue(String list, long index) {
        String raw = lindex(list, index);
        if (raw == null) {
            throw new FailureNotFoundException(list, index);
        }
        return requeueVerified(list, index, raw);
    }

    FailureEntry requeue(String list, FailureEntry entry) {
        Objects.requireNonNull(entry, "entry");
        checkOwn(list, entry);
        if (entry.problem().isPresent()) {
            throw new PayloadFormatException("cannot requeue failure entry " + entry.index() + " of list '" + list
                    + "': " + entry.problem().get(), entry.raw());
        }
        return requeueVerified(list, entry.index(), entry.raw());
    }

    private FailureEntry requeueVerified(String list, long index, String raw) {
        Entries.Requeue r = entries.requeue(raw, retriedAt());
        List<Object> keyList = List.of(keys.failedQueue(list), keys.queues(), keys.queue(r.queue()));
        List<Object> status = call("requeue failure", () -> FailureScripts.REQUEUE.<List<Object>>eval(
                redis, RScript.ReturnType.LIST, keyList, "0", "0", String.valueOf(index), raw, r.newEntry(), r.queue(),
                "3", r.job()));
        long s = ((Number) status.get(0)).longValue();
        if (s != 1) {
            throw new FailureMovedException(list, index, s < 0);
        }
        return entries.parse(list, index, r.newEntry());
    }

    void remove(String list, long index) {
        if (removeAt(list, index, null) < 0) {
            throw new FailureNotFoundException(list, index);
        }
    }

    void remove(String list, FailureEntry entry) {
        Objects.requireNonNull(entry, "entry");
        checkOwn(list, entry);
        long s = removeAt(list, entry.index(), entry.raw());
        if (s != 1) {
            throw new FailureMovedException(list, entry.index(), s < 0);
        }
    }

    /** @return 1 removed, 0 other bytes there, -1 no such index */
    private long removeAt(String list, long index, String expected) {
        if (index < 0) {
            return -1;
        }
        List<Object> status = call("remove failure", () -> FailureScripts.REMOVE.<List<Object>>eval(redis,
                RScript.ReturnType.LIST, List.of(keys.failedQueue(list)), "0", "0", "0", "0", String.valueOf(index),
                expected == null ? "0" : "1", expected == null ? "" : expected));
        return ((Number) status.get(0)).longValue();
    }

    long clear(String list) {
        Long n = call("clear failure list " + list, () -> FailureScripts.CLEAR_LIST.<Long>eval(redis,
                RScript.ReturnType.LONG, List.of(keys.failedQueue(list))));
        return n == null ? 0 : n;
    }

    // ---------------------------------------------------------------- bulk

    /** One entry chosen during the scan: its position then and its exact bytes. */
    private record Target(long index, String raw) {
    }

    /** A batch's script arguments after the per-batch header, built while the previous batch runs. */
    private record Prepared(List<Object> keys, List<Object> entryArgs, int entries, long invalid) {
    }

    /**
     * Scans the lists (a snapshot of each list's length, read in pages), then acts on the matches in batches of
     * {@code batchSize}, one script per batch that finds every entry by its exact bytes before touching it.
     *
     * <p>Every Redis call runs on a helper thread and is awaited uninterruptibly: Redisson aborts a sync call
     * when the calling thread is interrupted, leaving unknown whether the script ran. Interrupts are honoured
     * only between batches, so a batch is always either fully accounted for or not sent. While one batch runs
     * in Redis, the next one's JSON is prepared on the calling thread.
     *
     * @param requeue requeue (else remove)
     * @param ascending oldest first (removal then lowers later indices by what it removed before them); else
     *     newest first, which keeps the indices still to do valid without adjusting them
     */
    BulkResult bulk(List<String> lists, FailureFilter filter, boolean requeue, boolean ascending,
            BulkProgress progress, BooleanSupplier cancelled) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancelled, "cancelled");
        Map<String, List<Target>> targets = new LinkedHashMap<>();
        long matched = 0;
        for (String list : lists) {
            if (stop(cancelled)) {
                return new BulkResult(matched, 0, 0, 0, true);
            }
            List<Target> found = new ArrayList<>();
            long[] base = {0};
            boolean complete = scan(list, true, raws -> {
                for (int i = 0; i < raws.size(); i++) {
                    String raw = raws.get(i);
                    if (filter.isAll() || filter.matches(entries.parse(list, base[0] + i, raw))) {
                        found.add(new Target(base[0] + i, raw));
                    }
                }
                base[0] += raws.size();
                return !stop(cancelled);
            });
            matched += found.size();
            if (!complete) {
                return new BulkResult(matched, 0, 0, 0, true);
            }
            targets.put(list, found);
        }
        progress.update(0, matched);
        long processed = 0;
        long done = 0;
        long moved = 0;
        long invalid = 0;
        for (Map.Entry<String, List<Target>> e : targets.entrySet()) {
            String list = e.getKey();
            List<Target> all = e.getValue();
            if (!ascending) {
                Collections.reverse(all);
            }
            long shift = 0;
            long delta = 0;
            Prepared next = all.isEmpty() ? null : prepare(list, all.subList(0, Math.min(all.size(), batchSize)),
                    requeue);
            for (int from = 0; from < all.size(); from += batchSize) {
                if (stop(cancelled)) {
                    return new BulkResult(matched, done, moved, invalid, true);
                }
                int size = Math.min(all.size() - from, batchSize);
                Prepared current = next;
                List<Object> args = new ArrayList<>(4 + current.entryArgs().size());
                args.add(String.valueOf(WINDOW));
                args.add(String.valueOf(delta));
                if (!requeue) {
                    args.add(ascending ? "1" : "0");
                    args.add(String.valueOf(shift));
                }
                args.addAll(current.entryArgs());
                CompletableFuture<List<Object>> running = current.entries() == 0
                        ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.supplyAsync(() -> call(requeue ? "bulk requeue" : "bulk remove",
                                () -> (requeue ? FailureScripts.REQUEUE : FailureScripts.REMOVE).<List<Object>>eval(
                                        redis, RScript.ReturnType.LIST, current.keys(), args.toArray())), helper());
                int nextFrom = from + batchSize;
                try {
                    next = nextFrom < all.size()
                            ? prepare(list, all.subList(nextFrom, Math.min(all.size(), nextFrom + batchSize)), requeue)
                            : null;
                } finally {
                    await(running); // never leave a batch running behind an exception
                }
                List<Object> status = await(running);
                invalid += current.invalid();
                if (status != null) {
                    int tail = requeue ? 1 : 2;
                    long ok = 0;
                    for (int i = 0; i < status.size() - tail; i++) {
                        if (((Number) status.get(i)).longValue() == 1) {
                            ok++;
                        }
                    }
                    done += ok;
                    moved += current.entries() - ok;
                    if (!requeue) {
                        shift = ((Number) status.get(status.size() - 2)).longValue();
                    }
                    delta = ((Number) status.get(status.size() - 1)).longValue();
                }
                processed += size;
                progress.update(processed, matched);
            }
        }
        return new BulkResult(matched, done, moved, invalid, false);
    }

    private static boolean stop(BooleanSupplier cancelled) {
        return Thread.currentThread().isInterrupted() || cancelled.getAsBoolean();
    }

    /**
     * Builds the per-entry script arguments. For a requeue that is Ruby's re-encoded entry with {@code retried_at}
     * and the {@code {"class","args"}} job; entries that cannot be requeued are left out and counted.
     */
    private Prepared prepare(String list, List<Target> batch, boolean requeue) {
        List<Object> keyList = new ArrayList<>();
        keyList.add(keys.failedQueue(list));
        List<Object> args = new ArrayList<>(batch.size() * (requeue ? 6 : 3));
        if (!requeue) {
            for (Target t : batch) {
                args.add(String.valueOf(t.index()));
                args.add("1");
                args.add(t.raw());
            }
            return new Prepared(keyList, args, batch.size(), 0);
        }
        keyList.add(keys.queues());
        String stamp = retriedAt();
        Map<String, Integer> queueKey = new LinkedHashMap<>();
        long invalid = 0;
        for (Target t : batch) {
            Entries.Requeue r;
            try {
                r = entries.requeue(t.raw(), stamp);
            } catch (PayloadFormatException ex) {
                invalid++; // listed with its problem; a bulk run skips it rather than stopping as Ruby would
                continue;
            }
            Integer k = queueKey.get(r.queue());
            if (k == null) {
                keyList.add(keys.queue(r.queue()));
                k = keyList.size();
                queueKey.put(r.queue(), k);
            }
            args.add(String.valueOf(t.index()));
            args.add(t.raw());
            args.add(r.newEntry());
            args.add(r.queue());
            args.add(String.valueOf(k));
            args.add(r.job());
        }
        return new Prepared(keyList, args, batch.size() - (int) invalid, invalid);
    }

    /** Waits without reacting to interrupts (the flag stays set for the between-batch check). */
    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw e;
        }
    }

    private synchronized ExecutorService helper() {
        if (helper == null) {
            helper = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "resque4j-failures-bulk");
                t.setDaemon(true);
                return t;
            });
        }
        return helper;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * {@link RedisConnection#call}, plus one translation it lacks: Redisson reports a refused or dropped
     * connection on an existing client as a plain {@code RedisException} whose cause is the socket error, which
     * would otherwise surface as a generic {@link ResqueException} instead of {@link RedisUnavailableException}.
     */
    private <T> T call(String what, Supplier<T> supplier) {
        try {
            return connection.call(what, supplier);
        } catch (RedisUnavailableException e) {
            throw e;
        } catch (ResqueException e) {
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                if (c instanceof ConnectException || c instanceof ClosedChannelException
                        || c instanceof SocketException || c instanceof RedisConnectionException
                        || c instanceof RedisTimeoutException) {
                    throw new RedisUnavailableException(connection.endpoint(), "Redis at " + connection.endpoint()
                            + " is unavailable during " + what + " (" + c.getClass().getSimpleName() + ")", e.getCause());
                }
            }
            throw e;
        }
    }

    /** Receives one page of raw entries; returns false to stop the scan. */
    private interface PageConsumer {
        boolean accept(List<String> raws);
    }

    /**
     * Reads a list in pages up to the length it had when the scan began.
     *
     * @return whether the whole list was read (false if the consumer stopped it)
     */
    private boolean scan(String list, boolean uninterruptible, PageConsumer consumer) {
        long len = uninterruptible ? await(CompletableFuture.supplyAsync(() -> count(list), helper())) : count(list);
        for (long from = 0; from < len; from += PAGE) {
            long f = from;
            long t = Math.min(len, from + PAGE) - 1;
            List<String> raws = uninterruptible ? await(CompletableFuture.supplyAsync(() -> range(list, f, t), helper()))
                    : range(list, f, t);
            if (!consumer.accept(raws)) {
                return false;
            }
            if (raws.size() < PAGE && from + raws.size() < len) {
                break; // the list shrank under us; what is left was read
            }
        }
        return true;
    }

    private List<String> range(String list, long from, long to) {
        int f = (int) Math.min(from, Integer.MAX_VALUE);
        int t = (int) Math.min(to, Integer.MAX_VALUE);
        return call("read failures", () -> redis.<String>getList(keys.failedQueue(list), S).range(f, t));
    }

    private String lindex(String list, long index) {
        if (index < 0 || index > Integer.MAX_VALUE) {
            return null; // Redis would count a negative index from the end; Ruby's callers never mean that
        }
        return call("read failure", () -> redis.<String>getList(keys.failedQueue(list), S)
                .get((int) index));
    }

    private Map<String, Long> lengths(List<String> names) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (names.size() == 1) {
            out.put(names.get(0), count(names.get(0)));
            return out;
        }
        if (names.isEmpty()) {
            return out;
        }
        BatchResult<?> r = call("failure counts", () -> {
            RBatch b = redis.createBatch();
            for (String name : names) {
                b.getList(keys.failedQueue(name), S).sizeAsync();
            }
            return b.execute();
        });
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), ((Number) r.getResponses().get(i)).longValue());
        }
        return out;
    }

    private void addFailedQueue(String name) {
        call("add failure queue " + name, () -> redis.<String>getSet(keys.failedQueues(), S).add(name));
    }

    private String retriedAt() {
        // Resque 3.0's Redis backend writes the zone abbreviation; RedisMultiQueue (and Redis < 3.0) does not.
        return backend == FailureBackend.REDIS ? time.failedAt(clock.instant()) : time.withoutZone(clock.instant());
    }

    private static void checkPage(long offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
    }

    private static void checkOwn(String list, FailureEntry entry) {
        if (!entry.list().equals(list)) {
            throw new IllegalArgumentException("entry belongs to failure list '" + entry.list() + "', not '" + list
                    + "'");
        }
    }

    private static void requireQueue(String queue) {
        if (queue == null || queue.isEmpty()) {
            throw new IllegalArgumentException("queue name must not be " + (queue == null ? "null" : "empty"));
        }
    }
}
