package io.github.resque4j.internal.scheduler;

import io.github.resque4j.internal.LuaScript;

/**
 * Lua scripts issuing, in Ruby's order, the write commands resque-scheduler sends one by one (so MONITOR shows the
 * same writes), atomically. Every key a script touches is passed in {@code KEYS}.
 */
final class DelayedScripts {
    private DelayedScripts() {
    }

    /**
     * {@code delayed_push}. KEYS: {@code delayed:<ts>}, {@code timestamps:<json>}, {@code delayed_queue_schedule};
     * ARGV: json, {@code delayed:<ts>} (no namespace), ts.
     */
    static final LuaScript DELAYED_PUSH = new LuaScript(
            "redis.call('RPUSH', KEYS[1], ARGV[1])\n"
            + "redis.call('SADD', KEYS[2], ARGV[2])\n"
            + "redis.call('ZADD', KEYS[3], ARGV[3], ARGV[3])\n"
            + "return 1\n");

    /**
     * The pipelined part of {@code remove_delayed_job}, after {@code SMEMBERS}. KEYS: {@code timestamps:<json>},
     * then the {@code delayed:<ts>} keys of the {@code ARGV[2]} indexed members, then any further
     * {@code delayed:<ts>} keys to clean without an index entry; ARGV: json, number of indexed members, the
     * indexed members (no namespace). Per indexed member {@code LREM} + {@code SREM}; returns Σ LREM.
     */
    static final LuaScript REMOVE_JOB = new LuaScript(
            "local n = 0\n"
            + "local indexed = tonumber(ARGV[2])\n"
            + "for i = 2, #KEYS do\n"
            + "  n = n + redis.call('LREM', KEYS[i], 0, ARGV[1])\n"
            + "  if i - 1 <= indexed then redis.call('SREM', KEYS[1], ARGV[i + 1]) end\n"
            + "end\n"
            + "return n\n");

    /**
     * {@code remove_delayed_job_from_timestamp} with {@code clean_up_timestamp}. KEYS: {@code timestamps:<json>},
     * {@code delayed:<ts>}, {@code delayed_queue_schedule}; ARGV: member, json, ts. Returns the LREM count.
     */
    static final LuaScript REMOVE_FROM_TIMESTAMP = new LuaScript(
            "redis.call('SREM', KEYS[1], ARGV[1])\n"
            + "local n = redis.call('LREM', KEYS[2], 0, ARGV[2])\n"
            + "if redis.call('LLEN', KEYS[2]) == 0 then\n"
            + "  redis.call('DEL', KEYS[2])\n"
            + "  redis.call('ZREM', KEYS[3], ARGV[3])\n"
            + "end\n"
            + "return n\n");

    /**
     * The rest of {@code enqueue_next_item} after {@code LPOP}: {@code SREM timestamps:<item> delayed:<ts>},
     * clean-up, and (with 5 keys) the enqueue. KEYS: {@code timestamps:<item>}, {@code delayed:<ts>},
     * {@code delayed_queue_schedule}[, {@code queues}, {@code queue:<q>}]; ARGV: member, ts[, queue, payload].
     */
    static final LuaScript FINISH_NEXT_ITEM = new LuaScript(
            "redis.call('SREM', KEYS[1], ARGV[1])\n"
            + "if redis.call('LLEN', KEYS[2]) == 0 then\n"
            + "  redis.call('DEL', KEYS[2])\n"
            + "  redis.call('ZREM', KEYS[3], ARGV[2])\n"
            + "end\n"
            + "if #KEYS >= 5 then\n"
            + "  redis.call('SADD', KEYS[4], ARGV[3])\n"
            + "  redis.call('RPUSH', KEYS[5], ARGV[4])\n"
            + "end\n"
            + "return 1\n");

    /**
     * Puts an item that cannot be enqueued back where {@code LPOP} took it. KEYS: {@code delayed:<ts>},
     * {@code delayed_queue_schedule}; ARGV: item, ts.
     */
    static final LuaScript RESTORE_ITEM = new LuaScript(
            "redis.call('LPUSH', KEYS[1], ARGV[1])\n"
            + "redis.call('ZADD', KEYS[2], ARGV[2], ARGV[2])\n"
            + "return 1\n");

    /** One {@code DEL} of all KEYS, in order. */
    static final LuaScript DEL = new LuaScript("return redis.call('DEL', unpack(KEYS))\n");
}
