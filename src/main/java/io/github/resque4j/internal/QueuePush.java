package io.github.resque4j.internal;

import org.redisson.api.RBatch;
import org.redisson.client.codec.StringCodec;

/** Ruby's {@code Resque.push}: the one way a job reaches a queue, shared by every writer. */
public final class QueuePush {
    private QueuePush() {
    }

    /**
     * One pipeline of {@code SADD <ns>:queues <queue>} and {@code RPUSH <ns>:queue:<queue> <payload>}.
     *
     * @param connection connection
     * @param keys key names
     * @param queue queue name
     * @param payload encoded job
     */
    public static void push(RedisConnection connection, Keys keys, String queue, String payload) {
        connection.call("enqueue to " + queue, () -> {
            RBatch batch = connection.client().createBatch();
            batch.getSet(keys.queues(), StringCodec.INSTANCE).addAsync(queue);
            batch.getList(keys.queue(queue), StringCodec.INSTANCE).addAsync(payload);
            return batch.execute();
        });
    }
}
