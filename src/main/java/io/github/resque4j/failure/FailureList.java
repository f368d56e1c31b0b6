package io.github.resque4j.failure;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One failure list: {@code failed} for Ruby's default Redis backend, or one {@code <queue>_failed} list of the
 * RedisMultiQueue backend. Obtained from {@link Failures#list(String)} or {@link Failures#lists()}; a cheap
 * handle that shares its {@link Failures}' connection and is valid until that is closed. Thread-safe.
 *
 * <p>Indices are positions in the Redis list, 0 = oldest, as in Ruby. The methods taking a
 * {@link FailureEntry} verify, atomically in Redis, that the entry's index still holds the entry's exact
 * bytes, and throw {@link FailureMovedException} without changing anything otherwise.
 */
public interface FailureList {

    /** @return the list name without namespace, e.g. {@code failed} or {@code default_failed} */
    String name();

    /** @return the number of entries ({@code LLEN}, as Ruby's {@code Failure.count}) */
    long count();

    /**
     * @param filter which entries to count
     * @return how many entries match (reads the whole list)
     */
    long count(FailureFilter filter);

    /**
     * Ruby's {@code Failure.all(offset, limit)}: a page of entries, oldest first.
     *
     * @param offset index of the first entry, at least 0
     * @param limit most entries to return, at least 0
     * @return the entries (fewer near the end of the list)
     * @throws IllegalArgumentException if offset or limit is negative
     */
    List<FailureEntry> all(long offset, int limit);

    /**
     * A page of the entries matching a filter, oldest first.
     *
     * @param filter which entries
     * @param offset how many matching entries to skip
     * @param limit most entries to return
     * @return the matching entries, with their list positions
     */
    List<FailureEntry> list(FailureFilter filter, long offset, int limit);

    /**
     * @param index a position
     * @return the entry there, or empty if the index is negative or past the end
     */
    Optional<FailureEntry> get(long index);

    /**
     * Ruby's {@code Failure.requeue(index)}: rewrites the entry in place with {@code retried_at} (added at the end,
     * or overwritten where it is if the entry was requeued before) and pushes {@code {"class":…,"args":[…]}}
     * (only class and args, re-encoded, as Ruby) onto the entry's queue with {@code SADD queues}.
     *
     * @param index the position
     * @return the entry as it now is
     * @throws FailureNotFoundException if there is no entry at the index
     * @throws io.github.resque4j.PayloadFormatException if the entry cannot be requeued ({@link FailureEntry#problem()})
     * @throws FailureMovedException if the entry changed between reading and requeueing it
     */
    FailureEntry requeue(long index);

    /**
     * Requeues an entry the caller read, only if its index still holds the same bytes.
     *
     * @param entry an entry read from this list
     * @return the entry as it now is
     * @throws FailureMovedException if the index no longer holds {@code entry.raw()}; nothing changed
     * @throws io.github.resque4j.PayloadFormatException if the entry cannot be requeued
     * @throws IllegalArgumentException if the entry belongs to another list
     */
    FailureEntry requeue(FailureEntry entry);

    /**
     * Ruby's {@code Failure.remove(index)}: {@code LSET <list> i ""} then {@code LREM <list> 1 ""}, done in one
     * script so the empty-string tombstone is never left behind (a stale tombstone below the index, left by an
     * interrupted Ruby client, is cleaned up too).
     *
     * @param index the position
     * @throws FailureNotFoundException if there is no entry at the index
     */
    void remove(long index);

    /**
     * Removes an entry the caller read, only if its index still holds the same bytes. Works for entries with a
     * {@link FailureEntry#problem()}.
     *
     * @param entry an entry read from this list
     * @throws FailureMovedException if the index no longer holds {@code entry.raw()}; nothing changed
     * @throws IllegalArgumentException if the entry belongs to another list
     */
    void remove(FailureEntry entry);

    /**
     * Requeues every matching entry in batches, one atomic script per batch. The list is scanned first; then each
     * entry is acted on only where its scanned bytes are found: at its scanned index or, because entries only ever
     * move towards the head when others remove entries before them, within 500 places below it (entries with
     * identical bytes are indistinguishable, so this never picks a different failure). Entries whose bytes are
     * gone are skipped and counted in {@link BulkResult#movedAndSkipped()}; entries that cannot be requeued are
     * counted in {@link BulkResult#invalid()}.
     *
     * @param filter which entries
     * @param progress told after each batch
     * @return the counts
     */
    default BulkResult requeue(FailureFilter filter, BulkProgress progress) {
        return requeue(filter, progress, () -> false);
    }

    /**
     * As {@link #requeue(FailureFilter, BulkProgress)}, stopping between batches once the thread is
     * interrupted or {@code cancelled} returns true.
     *
     * @param filter which entries
     * @param progress told after each batch
     * @param cancelled polled before each batch
     * @return the counts, {@code cancelled} set if it stopped early
     */
    BulkResult requeue(FailureFilter filter, BulkProgress progress, BooleanSupplier cancelled);

    /**
     * Removes every matching entry in batches, from the newest to the oldest so the positions of the entries
     * still to do do not shift, each entry found by its scanned bytes as described for
     * {@link #requeue(FailureFilter, BulkProgress)}.
     *
     * @param filter which entries
     * @param progress told after each batch
     * @return the counts
     */
    default BulkResult remove(FailureFilter filter, BulkProgress progress) {
        return remove(filter, progress, () -> false);
    }

    /**
     * As {@link #remove(FailureFilter, BulkProgress)}, stopping between batches once the thread is interrupted
     * or {@code cancelled} returns true.
     *
     * @param filter which entries
     * @param progress told after each batch
     * @param cancelled polled before each batch
     * @return the counts, {@code cancelled} set if it stopped early
     */
    BulkResult remove(FailureFilter filter, BulkProgress progress, BooleanSupplier cancelled);

    /**
     * Ruby's {@code Failure.clear} for this list: {@code DEL}.
     *
     * @return how many entries the list held
     */
    long clear();
}
