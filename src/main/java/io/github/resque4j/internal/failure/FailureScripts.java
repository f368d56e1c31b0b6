package io.github.resque4j.internal.failure;

import io.github.resque4j.internal.LuaScript;

/**
 * The failure scripts. Each issues the same data commands, in the same order, as Ruby Resque 3.0's
 * {@code Failure} API (WIRE.md §8.2-8.3), but checks first, in the same atomic step, that a list position
 * still holds the bytes the caller read: Ruby's index-based API races with every concurrent RPUSH, requeue
 * and removal (trap 13), ours refuses instead of touching the wrong entry.
 */
final class FailureScripts {
    private FailureScripts() {
    }

    /**
     * Finds an entry by its exact bytes. Entries of a failure list only ever move towards the head (Resque appends
     * with RPUSH, rewrites with LSET and removes with LSET ""+LREM; nothing inserts), so an entry read at index
     * {@code idx} is now at {@code idx} or below. {@code delta} is the displacement observed so far in this
     * operation (others' removals below us shift everything after them alike), so the expected place is
     * {@code idx + delta}. In strict mode ({@code window} 0: single-entry operations, where the caller named an
     * index) only that place counts. In bulk mode a miss looks for the same bytes within {@code window} places
     * around it, so one removal by a Ruby client does not make every later entry of a long run miss; entries with
     * identical bytes are indistinguishable, so acting on the nearest copy is acting on the entry that was read.
     * Returns the position and 1, or nil and 0 (other bytes there) / -1 (past the end).
     */
    private static final String LOCATE = ""
            + "local window = tonumber(ARGV[1])\n"
            + "local delta = tonumber(ARGV[2])\n"
            + "local function locate(idx, expected)\n"
            + "  local p = idx + delta\n"
            + "  local cur = false\n"
            + "  if p >= 0 then cur = redis.call('LINDEX', KEYS[1], p) end\n"
            + "  if cur == expected then return p, 1 end\n"
            + "  if window > 0 then\n"
            + "    local lo = math.max(0, p - window)\n"
            + "    local hi = math.min(idx, p + window)\n"
            + "    if hi >= lo then\n"
            + "      local items = redis.call('LRANGE', KEYS[1], lo, hi)\n"
            + "      local best = nil\n"
            + "      for j = 1, #items do\n"
            + "        if items[j] == expected then\n"
            + "          local q = lo + j - 1\n"
            + "          if not best or math.abs(q - p) < math.abs(best - p) then best = q end\n"
            + "        end\n"
            + "      end\n"
            + "      if best then return best, 1 end\n"
            + "    end\n"
            + "  end\n"
            + "  if cur then return nil, 0 end\n"
            + "  return nil, -1\n"
            + "end\n";

    /**
     * Requeue entries (Ruby: LSET with retried_at, then {@code Resque.push}'s SADD + RPUSH).
     * <pre>
     * KEYS: 1 failure list  2 queues  3.. queue lists
     * ARGV: 1 window  2 delta  then per entry 6 values: index, expected bytes, new entry, queue name,
     *       KEYS index of the queue list, job
     * returns per entry: 1 requeued, 0 other bytes at the index, -1 index past the end; then the new delta
     * </pre>
     */
    static final LuaScript REQUEUE = new LuaScript(LOCATE
            + "local out = {}\n"
            + "for i = 3, #ARGV, 6 do\n"
            + "  local idx = tonumber(ARGV[i])\n"
            + "  local at, status = locate(idx, ARGV[i + 1])\n"
            + "  if at then\n"
            + "    delta = at - idx\n"
            + "    redis.call('LSET', KEYS[1], at, ARGV[i + 2])\n"
            + "    redis.call('SADD', KEYS[2], ARGV[i + 3])\n"
            + "    redis.call('RPUSH', KEYS[tonumber(ARGV[i + 4])], ARGV[i + 5])\n"
            + "  end\n"
            + "  out[#out + 1] = status\n"
            + "end\n"
            + "out[#out + 1] = delta\n"
            + "return out\n");

    /**
     * Remove entries (Ruby: {@code LSET list i ""} + {@code LREM list 1 ""}). If a stale tombstone sat below the
     * index (a Ruby client died between its LSET and LREM), LREM takes that one and ours moves down one place:
     * repeat until ours is gone, so no tombstone of ours survives. In ascending mode each index is lowered by the
     * number of elements removed before it (Ruby's {@code remove_queue} walk), starting from a base the caller
     * carries over from earlier batches. An entry without verification (Ruby's {@code remove(i)}) only needs the
     * index to exist.
     * <pre>
     * KEYS: 1 failure list
     * ARGV: 1 window  2 delta  3 '1' ascending | '0'  4 base shift
     *       then per entry 3 values: index, '1' verify | '0', expected bytes
     * returns per entry: 1 removed, 0 other bytes at the index, -1 index past the end; then shift, delta
     * </pre>
     */
    static final LuaScript REMOVE = new LuaScript(LOCATE
            + "local asc = ARGV[3] == '1'\n"
            + "local shift = tonumber(ARGV[4])\n"
            + "local out = {}\n"
            + "for i = 5, #ARGV, 3 do\n"
            + "  local idx = tonumber(ARGV[i])\n"
            + "  if asc then idx = idx - shift end\n"
            + "  local at, status\n"
            + "  if ARGV[i + 1] == '1' then at, status = locate(idx, ARGV[i + 2])\n"
            + "  elseif redis.call('LINDEX', KEYS[1], idx) then at, status = idx, 1\n"
            + "  else at, status = nil, -1 end\n"
            + "  if at then\n"
            + "    delta = at - idx\n"
            + "    redis.call('LSET', KEYS[1], at, '')\n"
            + "    local n = redis.call('LREM', KEYS[1], 1, '')\n"
            + "    local pos = at\n"
            + "    while pos > 0 and redis.call('LINDEX', KEYS[1], pos - 1) == '' do\n"
            + "      n = n + redis.call('LREM', KEYS[1], 1, '')\n"
            + "      pos = pos - 1\n"
            + "    end\n"
            + "    shift = shift + n\n"
            + "  end\n"
            + "  out[#out + 1] = status\n"
            + "end\n"
            + "out[#out + 1] = shift\n"
            + "out[#out + 1] = delta\n"
            + "return out\n");

    /**
     * Ruby's {@code clear} of one list ({@code DEL}), reporting how many entries it held.
     * <pre>KEYS: 1 list   returns LLEN before the DEL</pre>
     */
    static final LuaScript CLEAR_LIST = new LuaScript(""
            + "local n = redis.call('LLEN', KEYS[1])\n"
            + "redis.call('DEL', KEYS[1])\n"
            + "return n\n");

    /**
     * RedisMultiQueue {@code clear(nil)}: {@code SMEMBERS failed_queues}, then {@code DEL} each list (sorted, for a
     * deterministic order); the set is kept, as in Ruby.
     * <pre>KEYS: 1 failed_queues   ARGV: 1 key prefix "ns:"   returns the number of entries deleted</pre>
     */
    static final LuaScript CLEAR_ALL = new LuaScript(""
            + "local names = redis.call('SMEMBERS', KEYS[1])\n"
            + "table.sort(names)\n"
            + "local n = 0\n"
            + "for _, name in ipairs(names) do\n"
            + "  n = n + redis.call('LLEN', ARGV[1] .. name)\n"
            + "  redis.call('DEL', ARGV[1] .. name)\n"
            + "end\n"
            + "return n\n");

    /**
     * RedisMultiQueue {@code remove_queue(q)}: {@code SADD failed_queues <q>_failed} (Ruby's name lookup has that
     * side effect) and {@code DEL <q>_failed}.
     * <pre>KEYS: 1 failed_queues  2 the list   ARGV: 1 list name   returns LLEN before the DEL</pre>
     */
    static final LuaScript REMOVE_LIST = new LuaScript(""
            + "redis.call('SADD', KEYS[1], ARGV[1])\n"
            + "local n = redis.call('LLEN', KEYS[2])\n"
            + "redis.call('DEL', KEYS[2])\n"
            + "return n\n");
}
