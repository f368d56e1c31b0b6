package io.github.resque4j.spring;

import org.springframework.context.SmartLifecycle;

import io.github.resque4j.worker.WorkerPool;

/**
 * Ties a {@link WorkerPool} to the application context: started after the context is refreshed (every handler
 * bean exists), closed gracefully when the context closes — before the web server and before any bean is
 * destroyed, waiting for running jobs up to {@code resque4j.worker.shutdown-timeout}. A pool is started once:
 * after a stop it stays closed.
 */
public final class ResqueWorkerLifecycle implements SmartLifecycle {
    private final WorkerPool pool;
    private final boolean autoStartup;
    private volatile boolean running;

    /**
     * @param pool the pool
     * @param autoStartup whether to start with the context
     */
    public ResqueWorkerLifecycle(WorkerPool pool, boolean autoStartup) {
        this.pool = pool;
        this.autoStartup = autoStartup;
    }

    @Override
    public void start() {
        pool.start(); // throws (and fails the startup) when Redis is unreachable; Redis errors later are retried
        running = true;
    }

    /** Blocks until the pool has stopped: jobs finish or hit the shutdown timeout, workers unregister. */
    @Override
    public void stop() {
        try {
            pool.close();
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /** Last to start, first to stop. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
