package io.github.resque4j.failure;

import io.github.resque4j.ResqueException;

/**
 * The failure list no longer holds, at the given index, the exact entry that was read: another client
 * requeued (which rewrites {@code retried_at}), removed or shifted entries in between. Nothing was changed;
 * read the list again and retry with the fresh entry.
 */
public class FailureMovedException extends ResqueException {
    private static final long serialVersionUID = 1L;

    /** The failure list name without namespace. */
    private final String list;
    /** The index the caller addressed. */
    private final long index;

    /**
     * @param list the failure list name without namespace, e.g. {@code failed} or {@code default_failed}
     * @param index the index the entry was read at
     * @param gone whether the index is now past the end of the list (rather than holding other bytes)
     */
    public FailureMovedException(String list, long index, boolean gone) {
        super("failure entry " + index + " of list '" + list + "' changed since it was read ("
                + (gone ? "the list is now shorter" : "another entry or a rewritten one is there now")
                + "); nothing was changed, read the list again");
        this.list = list;
        this.index = index;
    }

    /** @return the failure list name without namespace */
    public String list() {
        return list;
    }

    /** @return the index the entry was expected at */
    public long index() {
        return index;
    }
}
