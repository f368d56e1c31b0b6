package io.github.resque4j.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Direct links for a thread-safe client: each caller borrows one for one operation. At most {@code max} are
 * opened; past that (or when direct links are off) {@link #acquire()} answers {@code null} and the caller uses
 * the pooled client, so a burst of threads never opens a socket each.
 */
public final class DirectLinkPool {
    private final RedisConnection connection;
    private final int max;
    private final ConcurrentLinkedDeque<DirectLink> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger opened = new AtomicInteger();

    /**
     * @param connection where links come from (and are closed with)
     * @param max most links opened at once
     */
    public DirectLinkPool(RedisConnection connection, int max) {
        this.connection = connection;
        this.max = max;
    }

    /**
     * Runs a pipeline over a borrowed link.
     *
     * @param what short description of the operation, for messages
     * @param commands the commands, built only when a link is free
     * @return {@code false} if no link was free (nothing was sent: use the pooled client)
     */
    public boolean tryPipeline(String what, Supplier<List<List<String>>> commands) {
        DirectLink link = acquire();
        if (link == null) {
            return false;
        }
        try {
            link.pipeline(what, commands.get());
            return true;
        } finally {
            release(link);
        }
    }

    /** @return a link for the caller alone until {@link #release}, or {@code null}: use the pooled client */
    DirectLink acquire() {
        DirectLink l = idle.pollFirst();
        if (l != null) {
            return l;
        }
        if (opened.incrementAndGet() > max) {
            opened.decrementAndGet();
            return null;
        }
        l = connection.openDirect().orElse(null);
        if (l == null) {
            opened.decrementAndGet();
        }
        return l;
    }

    /** @param link a link from {@link #acquire()}, usable again (a failed one re-dials on its next use) */
    void release(DirectLink link) {
        idle.addFirst(link); // most recently used first: its socket is the likeliest to be warm
    }
}
