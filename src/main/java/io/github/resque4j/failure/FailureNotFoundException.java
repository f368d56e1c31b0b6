package io.github.resque4j.failure;

import io.github.resque4j.ResqueException;

/**
 * No failure entry exists at the requested index (negative, or at or past the end of the list). Ruby's
 * {@code Resque::Failure.remove} raises Redis's "index out of range" here; resque4j says which list and index.
 */
public class FailureNotFoundException extends ResqueException {
    private static final long serialVersionUID = 1L;

    /** The failure list name without namespace. */
    private final String list;
    /** The index the caller addressed. */
    private final long index;

    /**
     * @param list the failure list name without namespace
     * @param index the requested index
     */
    public FailureNotFoundException(String list, long index) {
        super("no failure entry at index " + index + " of list '" + list + "'");
        this.list = list;
        this.index = index;
    }

    /** @return the failure list name without namespace */
    public String list() {
        return list;
    }

    /** @return the requested index */
    public long index() {
        return index;
    }
}
