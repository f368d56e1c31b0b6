package io.github.resque4j.failure;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.failure.RedisFailures;
import io.github.resque4j.worker.FailureBackend;

/**
 * Failure administration as Ruby's {@code Resque::Failure} (and resque-web's "Failed" tab) does it, for the
 * {@link FailureBackend#REDIS Redis} backend (one {@code failed} list) and the
 * {@link FailureBackend#REDIS_MULTI_QUEUE RedisMultiQueue} backend ({@code <queue>_failed} lists named in the
 * {@code failed_queues} set), writing the same commands and bytes as Ruby Resque 3.0 (WIRE.md §8).
 *
 * <p>Single-index methods without a list name ({@link #get(long)}, {@link #requeue(long)}, {@link #remove(long)})
 * address the Redis backend's {@code failed} list; with RedisMultiQueue there is no single list, so they throw
 * {@link IllegalStateException} and {@link #list(String)} or the overloads taking a list name must be used.
 * Counting, listing, filters and bulk operations cover every list of the backend.
 *
 * <p>Thread-safe. Closing releases the connection it opened; a user-supplied Redisson client is never shut down.
 */
public interface Failures extends AutoCloseable {

    /**
     * @param config connection and namespace
     * @param backend the failure backend the Ruby side uses ({@code FAILURE_BACKEND})
     * @return failure administration with the process's zone for {@code retried_at}
     */
    static Failures create(ResqueConfig config, FailureBackend backend) {
        return builder(config).backend(backend).build();
    }

    /**
     * @param config connection and namespace
     * @return a builder (Redis backend, system zone and clock, batches of 500)
     */
    static Builder builder(ResqueConfig config) {
        return new Builder(config);
    }

    /** @return the backend these failures are read and written as */
    FailureBackend backend();

    /**
     * @return the failure lists: {@code [failed]} for the Redis backend; for RedisMultiQueue the members of
     *     {@code failed_queues} (Ruby's {@code Failure.queues}), sorted by name
     */
    List<FailureList> lists();

    /**
     * @param name a failure list name without namespace: {@code failed} for the Redis backend (the only one it
     *     accepts, as Ruby's {@code check_queue}), any name such as {@code default_failed} for RedisMultiQueue
     * @return a handle on that list (nothing is read or written)
     * @throws IllegalArgumentException if the backend does not have such a list
     */
    FailureList list(String name);

    /** @return the total number of entries (RedisMultiQueue: the sum over {@code failed_queues}, as Ruby) */
    long count();

    /**
     * @param filter which entries
     * @return how many entries of every list match
     */
    long count(FailureFilter filter);

    /**
     * Ruby's {@code Failure.all(offset, limit)}. For RedisMultiQueue the lists are taken one after another in
     * {@link #lists()} order; each entry's {@link FailureEntry#list()} and index say where it is.
     *
     * @param offset how many entries to skip
     * @param limit most entries to return
     * @return the page
     */
    List<FailureEntry> all(long offset, int limit);

    /**
     * @param filter which entries
     * @param offset how many matching entries to skip
     * @param limit most entries to return
     * @return the page of matching entries, lists in {@link #lists()} order, oldest first in each
     */
    List<FailureEntry> list(FailureFilter filter, long offset, int limit);

    /**
     * @param index position in {@code failed}
     * @return the entry, or empty if there is none at that index
     * @throws IllegalStateException for RedisMultiQueue (use {@link #list(String)})
     */
    Optional<FailureEntry> get(long index);

    /**
     * Ruby's {@code Failure.requeue(index)} on {@code failed}; see {@link FailureList#requeue(long)}.
     *
     * @param index position in {@code failed}
     * @return the entry as it now is
     * @throws IllegalStateException for RedisMultiQueue (use {@link #requeue(long, String)})
     */
    FailureEntry requeue(long index);

    /**
     * Ruby's {@code Failure.requeue(index, failure_queue)}.
     *
     * @param index position
     * @param failureList list name, e.g. {@code default_failed}
     * @return the entry as it now is
     */
    default FailureEntry requeue(long index, String failureList) {
        return list(failureList).requeue(index);
    }

    /**
     * Requeues an entry read earlier from any list, only if its index still holds its exact bytes.
     *
     * @param entry the entry
     * @return the entry as it now is
     * @throws FailureMovedException if it changed or moved; nothing was changed
     */
    default FailureEntry requeue(FailureEntry entry) {
        return list(entry.list()).requeue(entry);
    }

    /**
     * Ruby's {@code Failure.remove(index)} on {@code failed}; see {@link FailureList#remove(long)}.
     *
     * @param index position in {@code failed}
     * @throws IllegalStateException for RedisMultiQueue (use {@link #remove(long, String)})
     */
    void remove(long index);

    /**
     * Ruby's {@code Failure.remove(index, failure_queue)}.
     *
     * @param index position
     * @param failureList list name, e.g. {@code default_failed}
     */
    default void remove(long index, String failureList) {
        list(failureList).remove(index);
    }

    /**
     * Removes an entry read earlier from any list, only if its index still holds its exact bytes.
     *
     * @param entry the entry
     * @throws FailureMovedException if it changed or moved; nothing was changed
     */
    default void remove(FailureEntry entry) {
        list(entry.list()).remove(entry);
    }

    /**
     * Ruby's {@code Failure.requeue_all}: Redis backend, every entry oldest first; RedisMultiQueue, for each list
     * {@code SADD failed_queues <list>} then its entries newest first (Ruby's {@code each} order, which decides
     * the order the jobs are pushed in). Entries that cannot be requeued are skipped and counted, where Ruby
     * would stop with an exception.
     *
     * @return the counts
     */
    BulkResult requeueAll();

    /**
     * Ruby's {@code Failure.requeue_queue(queue)}: Redis backend, every entry whose {@code queue} is
     * {@code queue}, oldest first; RedisMultiQueue, {@code SADD failed_queues <queue>_failed} then every entry of
     * {@code <queue>_failed}, newest first.
     *
     * @param queue a job queue name
     * @return the counts
     */
    BulkResult requeueQueue(String queue);

    /**
     * Ruby's {@code Failure.remove_queue(queue)}: Redis backend, removes every entry whose {@code queue} is
     * {@code queue}, oldest first (Ruby's index walk); RedisMultiQueue, {@code SADD failed_queues <queue>_failed}
     * and {@code DEL <queue>_failed}.
     *
     * @param queue a job queue name
     * @return the counts
     */
    BulkResult removeQueue(String queue);

    /**
     * Ruby's {@code Failure.clear_retried}: removes every entry that has {@code retried_at}, newest first. (Ruby's
     * own version does not find RedisMultiQueue's lists, it reads a list named by {@code nil}; here it covers
     * every list.)
     *
     * @return the counts
     */
    BulkResult clearRetried();

    /**
     * Ruby's {@code Failure.clear}: Redis backend {@code DEL failed}; RedisMultiQueue {@code SMEMBERS failed_queues}
     * and {@code DEL} of each list (the set itself is kept, as in Ruby).
     *
     * @return how many entries were deleted
     */
    long clear();

    /**
     * Requeues every matching entry of every list, oldest first, in verified batches; see
     * {@link FailureList#requeue(FailureFilter, BulkProgress, BooleanSupplier)}.
     *
     * @param filter which entries
     * @param progress told after each batch
     * @return the counts
     */
    default BulkResult requeue(FailureFilter filter, BulkProgress progress) {
        return requeue(filter, progress, () -> false);
    }

    /**
     * @param filter which entries
     * @param progress told after each batch
     * @param cancelled polled before each batch; the thread's interrupt flag is honoured too
     * @return the counts
     */
    BulkResult requeue(FailureFilter filter, BulkProgress progress, BooleanSupplier cancelled);

    /**
     * Removes every matching entry of every list, newest first, in verified batches; see
     * {@link FailureList#remove(FailureFilter, BulkProgress, BooleanSupplier)}.
     *
     * @param filter which entries
     * @param progress told after each batch
     * @return the counts
     */
    default BulkResult remove(FailureFilter filter, BulkProgress progress) {
        return remove(filter, progress, () -> false);
    }

    /**
     * @param filter which entries
     * @param progress told after each batch
     * @param cancelled polled before each batch; the thread's interrupt flag is honoured too
     * @return the counts
     */
    BulkResult remove(FailureFilter filter, BulkProgress progress, BooleanSupplier cancelled);

    /** Releases the connection if this instance opened it. */
    @Override
    void close();

    /** Builder for {@link Failures}; not thread-safe. */
    final class Builder {
        /** Entries per Lua script in bulk operations: big enough to amortise round trips, small enough not to stall Redis. */
        public static final int DEFAULT_BATCH_SIZE = 500;

        private final ResqueConfig config;
        private FailureBackend backend = FailureBackend.REDIS;
        private ZoneId zone = ZoneId.systemDefault();
        private Clock clock = Clock.systemUTC();
        private int batchSize = DEFAULT_BATCH_SIZE;

        private Builder(ResqueConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param b the backend the Ruby side uses; default {@link FailureBackend#REDIS}
         * @return this
         */
        public Builder backend(FailureBackend b) {
            this.backend = Objects.requireNonNull(b, "backend");
            return this;
        }

        /**
         * @param z the zone Ruby's processes run in ({@code TZ}): {@code retried_at} is local time, with the zone
         *     abbreviation for the Redis backend and without zone for RedisMultiQueue; default the JVM's zone
         * @return this
         */
        public Builder zone(ZoneId z) {
            this.zone = Objects.requireNonNull(z, "zone");
            return this;
        }

        /**
         * @param c where {@code retried_at} times come from; default the system clock
         * @return this
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * @param n entries per script in bulk operations, 1 to 10000; default 500
         * @return this
         */
        public Builder batchSize(int n) {
            if (n < 1 || n > 10_000) {
                throw new IllegalArgumentException("batchSize must be 1..10000, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /**
         * @return failure administration over a new connection
         * @throws io.github.resque4j.RedisUnavailableException if Redis cannot be reached
         */
        public Failures build() {
            return new RedisFailures(config, backend, zone, clock, batchSize);
        }
    }
}
