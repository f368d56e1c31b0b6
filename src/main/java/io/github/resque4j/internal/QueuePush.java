package io.github.resque4j.internal;

import java.util.List;

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
        push(connection, null, keys, queue, payload);
    }

    /**
     * The same pipeline over a borrowed direct link when one is free (one write and one read on the caller's
     * thread), else over the pooled client.
     *
     * @param connection connection
     * @param links direct links, or {@code null} for the pooled client only
     * @param keys key names
     * @param queue queue name
     * @param payload encoded job
     */
    public static void push(RedisConnection connection, DirectLinkPool links, Keys keys, String queue,
            String payload) {
        if (links != null && links.tryPipeline("enqueue to " + queue, () -> List.of(List.of("SADD", keys.queues(),
                queue), List.of("RPUSH", keys.queue(queue), payload)))) {
            return;
        }
        connection.call("enqueue to " + queue, () -> {
            RBatch batch = connection.client().createBatch();
            batch.getSet(keys.queues(), StringCodec.INSTANCE).addAsync(queue);
            batch.getList(keys.queue(queue), StringCodec.INSTANCE).addAsync(payload);
            return batch.execute();
        });
    }
}
