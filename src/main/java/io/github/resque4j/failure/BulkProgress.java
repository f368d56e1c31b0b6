package io.github.resque4j.failure;

/**
 * Progress of a bulk requeue or removal, reported after each batch (and once before the first), always from
 * the thread that runs the operation. An exception thrown here stops the operation between two batches.
 */
@FunctionalInterface
public interface BulkProgress {
    /** Reports nothing. */
    BulkProgress NONE = (done, total) -> { };

    /**
     * @param done entries handled so far, whatever the outcome (done, skipped as moved, or unusable)
     * @param total entries the filter matched, i.e. the value {@code done} reaches when the operation completes
     */
    void update(long done, long total);
}
