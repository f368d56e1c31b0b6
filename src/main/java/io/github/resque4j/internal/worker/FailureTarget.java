package io.github.resque4j.internal.worker;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.worker.FailureBackend;

/** Where a failure entry goes: Ruby's Redis backend ({@code failed}) or RedisMultiQueue ({@code <q>_failed}). */
final class FailureTarget {
    private final FailureBackend backend;
    private final Keys keys;
    private final RedisConnection connection;

    FailureTarget(FailureBackend backend, Keys keys, RedisConnection connection) {
        this.backend = backend;
        this.keys = keys;
        this.connection = connection;
    }

    /** @param queue the job's queue @return the list key the entry goes to */
    String listKey(String queue) {
        return backend == FailureBackend.REDIS ? keys.failed() : keys.failedQueue(queue + "_failed");
    }

    /** @param queue the job's queue @return the {@code failed_queues} member to add, or {@code ""} for none */
    String queuesMember(String queue) {
        return backend == FailureBackend.REDIS ? "" : queue + "_failed";
    }

    /** Writes an entry without touching stats (Ruby's {@code job.fail} outside {@code report_failed_job}). */
    void save(String queue, String entry) {
        RedissonClient redis = connection.client();
        connection.call("record failure", () -> {
            RBatch b = redis.createBatch();
            if (backend == FailureBackend.REDIS_MULTI_QUEUE) {
                b.getSet(keys.failedQueues(), StringCodec.INSTANCE).addAsync(queuesMember(queue));
            }
            b.getList(listKey(queue), StringCodec.INSTANCE).addAsync(entry);
            return b.execute();
        });
    }
}
