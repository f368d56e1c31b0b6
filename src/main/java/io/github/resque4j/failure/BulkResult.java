package io.github.resque4j.failure;

/**
 * Outcome of a bulk requeue or removal. {@code matched == done + movedAndSkipped + invalid} unless the operation
 * was cancelled, in which case the entries not reached are in none of the three counts.
 *
 * @param matched entries the filter selected when the lists were scanned
 * @param done entries requeued or removed
 * @param movedAndSkipped entries left alone because their exact scanned bytes were no longer found where they
 *     were, nor within a few hundred places below (another client requeued or removed them, or removed that
 *     many entries before them); run the operation again to pick up the ones that still qualify
 * @param invalid entries that could not be requeued because they are not valid Resque failure entries (see
 *     {@link FailureEntry#problem()}); always 0 for removals, which work on any entry
 * @param cancelled whether the operation stopped early because the thread was interrupted or the cancellation
 *     signal said so; it stops only between batches, so no entry is ever half done
 */
public record BulkResult(long matched, long done, long movedAndSkipped, long invalid, boolean cancelled) {

    /** An operation that found nothing to do. */
    public static final BulkResult EMPTY = new BulkResult(0, 0, 0, 0, false);

    /**
     * @param matched see the record description
     * @param done see the record description
     * @param movedAndSkipped see the record description
     * @param invalid see the record description
     * @param cancelled see the record description
     * @throws IllegalArgumentException if a count is negative
     */
    public BulkResult {
        // Counts come from our own arithmetic; a negative one would be a bug worth failing loudly on.
        if (matched < 0 || done < 0 || movedAndSkipped < 0 || invalid < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /**
     * Adds two results, e.g. of the per-list runs of one operation over several RedisMultiQueue lists.
     *
     * @param other another result
     * @return the sums; cancelled if either was
     */
    public BulkResult plus(BulkResult other) {
        return new BulkResult(matched + other.matched, done + other.done, movedAndSkipped + other.movedAndSkipped,
                invalid + other.invalid, cancelled || other.cancelled);
    }
}
