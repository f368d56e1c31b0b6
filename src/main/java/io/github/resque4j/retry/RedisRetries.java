package io.github.resque4j.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.github.resque4j.Job;
import io.github.resque4j.Names;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.LuaScript;
import io.github.resque4j.internal.QueuePush;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.scheduler.RedisDelayedJobs;
import io.github.resque4j.json.RubyJson;

/**
 * {@link Retries} over one Redisson connection. Every command is the one resque-retry sends (MONITOR shows the
 * same writes); {@code SETNX}+{@code INCR} and {@code EXPIRE} run as scripts (Redisson has no plain EXPIRE, and
 * the pair is then one round trip).
 */
final class RedisRetries implements Retries {
    /** {@code before_perform_retry}'s first two commands. KEYS: the counter. Returns the attempt. */
    private static final LuaScript BEGIN = new LuaScript(
            "redis.call('SETNX', KEYS[1], '-1')\n"
            + "return redis.call('INCR', KEYS[1])\n");
    /** KEYS: the counter; ARGV: seconds. */
    private static final LuaScript EXPIRE = new LuaScript("return redis.call('EXPIRE', KEYS[1], ARGV[1])\n");
    private static final StringCodec S = StringCodec.INSTANCE;

    private final RedisConnection connection;
    private final RedissonClient redis;
    private final Keys keys;
    private final RubyJson json;
    private final RedisDelayedJobs delayed;
    private final RandomGenerator random;

    RedisRetries(ResqueConfig config, Clock clock, RandomGenerator random) {
        this.connection = RedisConnection.open(Objects.requireNonNull(config, "config"), 0);
        this.redis = connection.client();
        this.keys = new Keys(config.namespace());
        this.json = RubyJson.of(config.jsonProfile());
        this.delayed = new RedisDelayedJobs(config, connection, clock); // owns the connection from here on
        this.random = random;
    }

    @Override
    public RetryHook hook(RetryPolicy policy) {
        return new RedisRetryHook(this, Objects.requireNonNull(policy, "policy"));
    }

    RandomGenerator random() {
        return random;
    }

    /** @return the counter key in the namespace */
    String key(RetryPolicy policy, String className, List<Object> args) {
        return keys.key(policy.retryKey(className, args));
    }

    /** {@code SETNX key -1}, {@code INCR key}: @return this run's attempt */
    long begin(String key) {
        Long n = connection.call("count a retry attempt", () -> BEGIN.<Long>eval(redis, RScript.ReturnType.LONG,
                List.of(key)));
        return n == null ? 0 : n;
    }

    void expire(String key, long seconds) {
        connection.call("expire a retry counter", () -> EXPIRE.<Long>eval(redis, RScript.ReturnType.LONG,
                List.of(key), Long.toString(seconds)));
    }

    /** {@code SETNX key -1}: marks the job as being retried (MultipleWithRetrySuppression tests the key). */
    void markRetrying(String key) {
        connection.call("mark a retry", () -> redis.getBucket(key, S).setIfAbsent("-1"));
    }

    long decrement(String key) {
        return connection.call("uncount an ignored attempt", () -> redis.getAtomicLong(key).decrementAndGet());
    }

    void delete(String key) {
        connection.call("clear a retry counter", () -> redis.getBucket(key, S).delete());
    }

    OptionalLong get(String key) {
        String v = connection.call("read a retry counter", () -> redis.<String>getBucket(key, S).get());
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.of(0); // Ruby's String#to_i of a non-number
        }
    }

    /**
     * resque-retry's re-enqueue: {@code Resque.enqueue_to} when the delay is not positive, else
     * {@code Resque.enqueue_in_with_queue} (which enqueues at once too when the due second has come).
     */
    void enqueue(Duration delay, String queue, String className, List<Object> args) {
        if (delay.isZero() || delay.isNegative()) {
            String payload = json.encode(new Job(className, args).toPayload());
            QueuePush.push(connection, keys, Names.requireQueue(queue), payload);
        } else {
            delayed.enqueueIn(delay, queue, className, args.toArray());
        }
    }

    @Override
    public void close() {
        delayed.close();
    }
}
