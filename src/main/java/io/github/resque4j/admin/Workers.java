package io.github.resque4j.admin;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.worker.WorkerAdmin;

/**
 * Operator's view of the worker registry: list workers with their state and stats, prune dead ones by
 * Ruby's rules, unregister one, and the global {@code pause-all-workers} switch.
 */
public interface Workers extends AutoCloseable {

    /**
     * @param config connection and namespace
     * @return a connected admin handle
     */
    static Workers create(ResqueConfig config) {
        return new WorkerAdmin(config);
    }

    /** @return every worker in {@code workers}, sorted by id */
    List<WorkerInfo> list();

    /**
     * @param id worker id
     * @return the worker, if registered
     */
    Optional<WorkerInfo> get(String id);

    /**
     * Ruby 3.0's {@code prune_dead_workers} as a worker listening on {@code *} on this host would run it:
     * workers whose heartbeat is older than the prune interval (any host), and same-host workers whose pid is
     * not a live Resque process. Their running jobs become {@code PruneDeadWorkerDirtyExit} /
     * {@code DirtyExit} failures.
     *
     * @param force ignore Ruby's once-per-60-s pruning lock
     * @return the ids pruned; empty also when another process pruned in the last 60 s and {@code force} is off
     */
    Set<String> prune(boolean force);

    /**
     * Ruby's {@code unregister_worker} for another worker: a job it was running is recorded as a
     * {@code Resque::DirtyExit} failure, then its registry keys and stats are deleted.
     *
     * @param id worker id
     * @return whether it was registered
     */
    boolean unregister(String id);

    /** Sets {@code pause-all-workers} to {@code true}: every Resque ≥ 2.3 and resque4j worker stops reserving. */
    void pauseAll();

    /** Deletes {@code pause-all-workers}. */
    void resumeAll();

    /** @return whether {@code pause-all-workers} currently pauses workers (Ruby's strip/downcase rule) */
    boolean isPausedAll();

    /** Releases the connection. */
    @Override
    void close();
}
