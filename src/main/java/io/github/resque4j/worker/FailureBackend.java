package io.github.resque4j.worker;

/** Where failures are written, as Ruby's {@code Resque::Failure.backend}. */
public enum FailureBackend {
    /** {@code Resque::Failure::Redis} (the default): one {@code failed} list. */
    REDIS,
    /** {@code Resque::Failure::RedisMultiQueue}: {@code <queue>_failed} lists named in {@code failed_queues}. */
    REDIS_MULTI_QUEUE
}
