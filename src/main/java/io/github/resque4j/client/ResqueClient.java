package io.github.resque4j.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.github.resque4j.Job;
import io.github.resque4j.Payload;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.RedisResqueClient;
import io.github.resque4j.json.RubyJson;

/**
 * Producer and queue-inspection side of Resque: what Ruby's {@code Resque.enqueue}, {@code Resque.dequeue},
 * {@code Resque.peek}, {@code Resque.info} and friends do, writing the same commands and bytes.
 * Thread-safe; close it to release the connection (a user-supplied Redisson client is never shut down).
 */
public interface ResqueClient extends AutoCloseable {

    /**
     * @param config connection and namespace
     * @return a client without hooks
     */
    static ResqueClient create(ResqueConfig config) {
        return builder(config).build();
    }

    /**
     * @param config connection and namespace
     * @return a builder for a client with hooks
     */
    static Builder builder(ResqueConfig config) {
        return new Builder(config);
    }

    /**
     * Enqueues one job: a pipeline of {@code SADD queues} and {@code RPUSH queue:<q>}, as Ruby's
     * {@code Resque.enqueue_to}.
     *
     * @param queue queue name
     * @param className Ruby class name
     * @param args arguments, encoded as Ruby's json gem would (per the configured profile)
     * @return {@code false} if a before-enqueue hook cancelled it (nothing written)
     */
    default boolean enqueue(String queue, String className, Object... args) {
        return enqueue(queue, Job.of(className, args));
    }

    /**
     * @param queue queue name
     * @param job the job
     * @return {@code false} if a before-enqueue hook cancelled it (nothing written)
     */
    boolean enqueue(String queue, Job job);

    /**
     * Enqueues many jobs in one pipeline. Every job is encoded before anything is written, so an unencodable
     * argument leaves Redis untouched.
     *
     * @param queue queue name
     * @param jobs the jobs, in order
     * @return how many were written (jobs cancelled by a hook are not)
     */
    int enqueueAll(String queue, Collection<Job> jobs);

    /**
     * Ruby's {@code Resque.push}: writes the caller's map as-is (key order and extra keys kept), no hooks.
     *
     * @param queue queue name
     * @param item the payload, normally with {@code class} and {@code args}
     */
    void push(String queue, Map<String, ?> item);

    /**
     * Ruby's {@code Resque.dequeue}/{@code Job.destroy}. With arguments: removes every job whose bytes equal
     * the encoding of {@code {"class":className,"args":args}} (a byte match, as in Ruby). Without arguments:
     * removes every job of that class, whatever its byte layout.
     *
     * @param queue queue name
     * @param className Ruby class name
     * @param args arguments; none means "any arguments"
     * @return number of jobs removed, 0 if a before-dequeue hook cancelled
     */
    long dequeue(String queue, String className, Object... args);

    /**
     * Removes every job whose bytes equal this job's encoding, even when its argument list is empty.
     *
     * @param queue queue name
     * @param job class and exact args
     * @return number of jobs removed
     */
    long dequeueExact(String queue, Job job);

    /** @return the names in {@code queues} (Ruby's {@code Resque.queues}) */
    Set<String> queues();

    /**
     * @param queue queue name
     * @return {@code LLEN queue:<q>}
     */
    long size(String queue);

    /**
     * Ruby's {@code Resque.peek(queue, start, count)}.
     *
     * @param queue queue name
     * @param start first index (0 = the next job to run)
     * @param count how many
     * @return decoded payloads, oldest first
     * @throws io.github.resque4j.PayloadFormatException naming the index of an entry that is not a payload
     */
    List<Payload> peek(String queue, int start, int count);

    /**
     * @param queue queue name
     * @return the next job to run, if any
     */
    default Optional<Payload> peek(String queue) {
        List<Payload> one = peek(queue, 0, 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /**
     * Like {@link #peek(String, int, int)} but without decoding, for showing entries other clients wrote.
     *
     * @param queue queue name
     * @param start first index
     * @param count how many
     * @return the stored texts
     */
    List<String> peekRaw(String queue, int start, int count);

    /** @return queue name to length, for every queue in {@code queues} */
    Map<String, Long> queueSizes();

    /**
     * Ruby's {@code Resque.remove_queue}: {@code SREM queues q} and {@code DEL queue:<q>} in one pipeline.
     *
     * @param queue queue name
     */
    void removeQueue(String queue);

    /** @return the figures of Ruby's {@code Resque.info} */
    ResqueInfo info();

    /** @return the codec this client writes with */
    RubyJson json();

    /** @return the configuration */
    ResqueConfig config();

    /** Releases the connection if this client created it. */
    @Override
    void close();

    /** Builds a {@link ResqueClient}. */
    final class Builder {
        private final ResqueConfig config;
        private final List<ClientHook> hooks = new ArrayList<>();

        private Builder(ResqueConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param hook runs around enqueue and dequeue, in registration order
         * @return this
         */
        public Builder hook(ClientHook hook) {
            hooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /** @return a connected client */
        public ResqueClient build() {
            return new RedisResqueClient(config, hooks);
        }
    }
}
