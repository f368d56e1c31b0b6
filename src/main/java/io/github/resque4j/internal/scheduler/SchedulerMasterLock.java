package io.github.resque4j.internal.scheduler;

import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.LuaScript;
import io.github.resque4j.internal.RedisConnection;

/**
 * resque-scheduler's {@code Resque::Scheduler::Lock::Resilient} (locking.rb, lock/resilient.rb): the same
 * double-namespaced key, the same script texts (so the same SHAs), value {@code <host>:<pid>}, TTL
 * {@code LOCK_TIMEOUT}. {@code master?} = acquire or still-locked (which re-extends); release deletes only an
 * owned lock. A Ruby and a Java scheduler therefore never both act as master.
 */
final class SchedulerMasterLock {
    private final RedisConnection connection;
    private final RedissonClient redis;
    private final String key;
    private final String value;
    private final LuaScript acquire;
    private final LuaScript locked;

    SchedulerMasterLock(RedisConnection connection, Keys keys, String lockPrefix, String value, long timeoutSeconds) {
        this.connection = connection;
        this.redis = connection.client();
        this.key = keys.schedulerMasterLock(lockPrefix);
        this.value = value;
        // Texts copied from resque-scheduler 5.0 (the timeout is baked in, as there).
        this.acquire = new LuaScript("if redis.call('SETNX', KEYS[1], ARGV[1]) == 1\nthen\n  redis.call('EXPIRE', KEYS[1], "
                + timeoutSeconds + ")\n  return 1\nelse\n  return 0\nend\n");
        this.locked = new LuaScript("if redis.call('GET', KEYS[1]) == ARGV[1]\nthen\n  redis.call('EXPIRE', KEYS[1], "
                + timeoutSeconds + ")\n\n  if redis.call('GET', KEYS[1]) == ARGV[1]\n  then\n    return 1\n  end\nend\n\n"
                + "return 0\n");
    }

    String key() {
        return key;
    }

    String value() {
        return value;
    }

    /** @return Ruby's {@code master?}: acquire, else check (and extend) ownership */
    boolean master() {
        return run(acquire) || run(locked);
    }

    /** Ruby's {@code release_master_lock}: delete only if we still own it. */
    void release() {
        if (run(locked)) {
            connection.call("release master lock", () -> redis.getKeys().delete(key));
        }
    }

    private boolean run(LuaScript script) {
        Long r = connection.call("master lock", () -> script.<Long>eval(redis, RScript.ReturnType.LONG, List.of(key),
                value));
        return r != null && r == 1L;
    }

    /** @return who holds the lock now, if anyone */
    String holder() {
        return connection.call("master lock", () -> redis.<String>getBucket(key, StringCodec.INSTANCE).get());
    }
}
