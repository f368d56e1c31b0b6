package io.github.resque4j.worker;

import java.time.Instant;
import java.util.Optional;

/**
 * A worker pool's health for probes and dashboards.
 *
 * @param status {@code UP}: working; {@code DEGRADED}: some workers cannot reach Redis and are retrying with
 *        backoff; {@code DOWN}: no worker can reach Redis; {@code STOPPED}: not started or closed
 * @param workers number of workers
 * @param busy workers running a job now
 * @param redisUnreachable workers currently retrying because Redis is unreachable
 * @param processed jobs finished since start
 * @param failed jobs failed since start
 * @param paused whether the pool is paused locally
 * @param lastRedisError the newest connection error, if any worker has seen one
 * @param lastRedisErrorAt when it happened
 */
public record PoolHealth(Status status, int workers, int busy, int redisUnreachable, long processed, long failed,
        boolean paused, Optional<String> lastRedisError, Optional<Instant> lastRedisErrorAt) {

    /** Overall state. */
    public enum Status {
        /** Working normally. */
        UP,
        /** Some workers cannot reach Redis. */
        DEGRADED,
        /** No worker can reach Redis. */
        DOWN,
        /** Not started or closed. */
        STOPPED
    }
}
