package io.github.resque4j.internal.worker;

import io.github.resque4j.internal.LuaScript;

/**
 * The worker's Lua scripts. Each issues, in order, the same data commands Ruby Resque 3.0's worker issues
 * for the same step (WIRE.md §6.3-6.4), so Redis ends in Ruby's states, but in one round trip.
 */
final class WorkerScripts {
    private WorkerScripts() {
    }

    /** JSON string spelling of the json gem, for queue names (cjson would escape '/'). */
    private static final String JSTR = ""
            + "local function jstr(s)\n"
            + "  s = string.gsub(s, '[%z\\1-\\31\"\\\\]', function(c)\n"
            + "    if c == '\"' then return '\\\\\"' elseif c == '\\\\' then return '\\\\\\\\'\n"
            + "    elseif c == '\\n' then return '\\\\n' elseif c == '\\r' then return '\\\\r'\n"
            + "    elseif c == '\\t' then return '\\\\t' elseif c == '\\b' then return '\\\\b'\n"
            + "    elseif c == '\\f' then return '\\\\f' end\n"
            + "    return string.format('\\\\u%04x', string.byte(c))\n"
            + "  end)\n"
            + "  return '\"' .. s .. '\"'\n"
            + "end\n"
            // Ruby: redis.get('pause-all-workers').to_s.strip.downcase == 'true'
            + "local function paused(v)\n"
            + "  return v and string.lower(string.match(v, '^%s*(.-)%s*$')) == 'true'\n"
            + "end\n"
            // Idempotency: KEYS[LC] holds "<token>\n" then each reply field as "<length>:<bytes>". A call re-sent
            // with the same token (its reply was lost) gets that reply instead of acting again.
            + "local function replay(key, token)\n"
            + "  local prev = redis.call('GET', key)\n"
            + "  if not prev then return nil end\n"
            + "  local nl = string.find(prev, '\\n', 1, true)\n"
            + "  if not nl or string.sub(prev, 1, nl - 1) ~= token then return nil end\n"
            + "  local out, pos = {}, nl + 1\n"
            + "  while pos <= #prev do\n"
            + "    local colon = string.find(prev, ':', pos, true)\n"
            + "    local len = tonumber(string.sub(prev, pos, colon - 1))\n"
            + "    table.insert(out, string.sub(prev, colon + 1, colon + len))\n"
            + "    pos = colon + len + 1\n"
            + "  end\n"
            + "  return out\n"
            + "end\n"
            + "local function remember(key, token, reply)\n"
            + "  local parts = {token, '\\n'}\n"
            + "  for _, f in ipairs(reply) do parts[#parts + 1] = #f .. ':' .. f end\n"
            + "  redis.call('SET', key, table.concat(parts))\n"
            + "  return reply\n"
            + "end\n"
            // Bytes that are not UTF-8: the JVM's text decoding would replace them, so the reply carries them
            // in hex for the failure entry. Valid sequences are replaced by 'x' class by class (lead-byte
            // classes are disjoint), so whatever high byte is left is invalid. ASCII payloads skip all of it.
            + "local function badutf8(s)\n"
            + "  if not string.find(s, '[\\128-\\255]') then return false end\n"
            + "  local t = string.gsub(s, '\\240[\\144-\\191][\\128-\\191][\\128-\\191]', 'x')\n"
            + "  t = string.gsub(t, '[\\241-\\243][\\128-\\191][\\128-\\191][\\128-\\191]', 'x')\n"
            + "  t = string.gsub(t, '\\244[\\128-\\143][\\128-\\191][\\128-\\191]', 'x')\n"
            + "  t = string.gsub(t, '\\224[\\160-\\191][\\128-\\191]', 'x')\n"
            + "  t = string.gsub(t, '[\\225-\\236\\238\\239][\\128-\\191][\\128-\\191]', 'x')\n"
            + "  t = string.gsub(t, '\\237[\\128-\\159][\\128-\\191]', 'x')\n"
            + "  t = string.gsub(t, '[\\194-\\223][\\128-\\191]', 'x')\n"
            + "  return string.find(t, '[\\128-\\255]') ~= nil\n"
            + "end\n"
            + "local function hex(s)\n"
            + "  return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end))\n"
            + "end\n"
            // A payload Ruby could decode as a Hash: anything else is not written into worker:<id>.
            + "local function object(p)\n"
            + "  if not string.match(p, '^%s*{') then return false end\n"
            + "  return pcall(cjson.decode, p)\n"
            + "end\n";

    /**
     * The processing list's entries (see Keys#processing): a meta entry {@code "<queue>\n<call token>\n<A|N>"}
     * follows the payload it describes; payloads are JSON objects, so they never look like one. The token is the
     * call that put the job there (FINISH_AND_RESERVE replays from it).
     */
    private static final String HELD = ""
            + "local function ismeta(v)\n"
            + "  return string.sub(v, 1, 1) ~= '{' and string.match(v, '\\n[AN]$') ~= nil\n"
            + "end\n"
            // LPUSH the payloads among items[1..last] from the newest, so the oldest ends at the head
            + "local function putback(items, last, queue)\n"
            + "  local n = 0\n"
            + "  for i = last, 1, -1 do\n"
            + "    if not ismeta(items[i]) then redis.call('LPUSH', queue, items[i]) n = n + 1 end\n"
            + "  end\n"
            + "  return n\n"
            + "end\n";

    /**
     * Finish the previous job (optional) and reserve the next one (optional).
     * <pre>
     * KEYS: 1 worker:id  2 stat:processed  3 stat:processed:id  4 stat:failed  5 stat:failed:id
     *       6 failure list  7 failed_queues  8 pause-all-workers  9 queues  10 resque4j:last-call:id
     *       11 resque4j:processing:id  12.. queue keys (static lists)
     * ARGV: 1 finish '1'|'0'  2 failure JSON or ''  3 failed_queues member or ''  4 run_at
     *       5 reserve '1'|'0'  6 key prefix "ns:"  7 dynamic '1'|'0'  8 #patterns  9 #skips  10 call token
     *       11 crash-safe '1'|'0'  12 re-sent '1'|'0' (an earlier attempt with this token got no reply)
     *       13.. static: queue names; dynamic: Lua patterns, then skip patterns
     * Crash-safe: the finished job leaves the processing list in the same script that records its outcome,
     * and a reserved job enters it in the same script that pops it (Redis runs a script atomically).
     * returns {'E'} nothing to do, {'P'} paused, {'J', queue, payload, '1' written | '0' not an object
     *         [, hex of the payload's bytes when they are not UTF-8]}
     * </pre>
     */
    static final LuaScript FINISH_AND_RESERVE = new LuaScript(JSTR
            + "local cs = ARGV[11] == '1'\n"
            + "local cached\n"
            // Only a re-sent call can have run before: a first attempt carries a token nothing has recorded yet.
            // Crash-safe: a job reserved by this very call (its reply was lost) is still in the processing list,
            // its meta entry carrying the call's token, so the list is the idempotency record and the busy path
            // writes none. An empty list: the call may have answered E or P, which last-call records.
            + "if ARGV[12] ~= '1' then\n"
            + "elseif cs then\n"
            + "  local meta = redis.call('LINDEX', KEYS[11], -1)\n"
            + "  if meta then\n"
            + "    local tail = '\\n' .. ARGV[10] .. '\\n'\n"
            + "    if string.sub(meta, -#tail - 1, -2) == tail then\n"
            + "      local job = redis.call('LINDEX', KEYS[11], -2)\n"
            + "      local q = string.sub(meta, 1, #meta - #tail - 1)\n"
            + "      if string.sub(meta, -1) == 'A' then return {'J', q, job, '1'} end\n"
            + "      return {'J', q, job, '0', badutf8(job) and hex(job) or ''}\n"
            + "    end\n"
            + "  else\n"
            + "    cached = replay(KEYS[10], ARGV[10])\n"
            + "  end\n"
            + "else\n"
            + "  cached = replay(KEYS[10], ARGV[10])\n"
            + "end\n"
            + "if cached then return cached end\n"
            + "if ARGV[1] == '1' then\n"
            + "  if ARGV[2] ~= '' then\n"
            + "    if ARGV[3] ~= '' then redis.call('SADD', KEYS[7], ARGV[3]) end\n"
            + "    redis.call('RPUSH', KEYS[6], ARGV[2])\n"
            + "    redis.call('INCRBY', KEYS[4], 1)\n"
            + "    redis.call('INCRBY', KEYS[5], 1)\n"
            + "  end\n"
            + "  redis.call('DEL', KEYS[1])\n"
            + "  redis.call('INCRBY', KEYS[2], 1)\n"
            + "  redis.call('INCRBY', KEYS[3], 1)\n"
            + "  if ARGV[11] == '1' then redis.call('DEL', KEYS[11]) end\n"
            + "end\n"
            + "if ARGV[5] ~= '1' then return remember(KEYS[10], ARGV[10], {'E'}) end\n"
            + "if paused(redis.call('GET', KEYS[8])) then return remember(KEYS[10], ARGV[10], {'P'}) end\n"
            + "local names = {}\n"
            + "if ARGV[7] == '1' then\n"
            + "  local all = redis.call('SMEMBERS', KEYS[9])\n"
            + "  local np, ns = tonumber(ARGV[8]), tonumber(ARGV[9])\n"
            + "  local function match(pat, q)\n"
            + "    if string.sub(pat, 1, 1) == '1' and string.sub(q, 1, 1) == '.' then return false end\n"
            + "    return string.find(q, string.sub(pat, 2)) ~= nil\n"
            + "  end\n"
            + "  local seen = {}\n"
            + "  for i = 1, np do\n"
            + "    local matched = {}\n"
            + "    for _, q in ipairs(all) do\n"
            + "      if match(ARGV[12 + i], q) then\n"
            + "        local skip = false\n"
            + "        for k = 1, ns do if match(ARGV[12 + np + k], q) then skip = true end end\n"
            + "        if not skip then table.insert(matched, q) end\n"
            + "      end\n"
            + "    end\n"
            + "    table.sort(matched)\n"
            + "    for _, q in ipairs(matched) do\n"
            + "      if not seen[q] then seen[q] = true; table.insert(names, q) end\n"
            + "    end\n"
            + "  end\n"
            + "else\n"
            + "  for i = 13, #ARGV do table.insert(names, ARGV[i]) end\n"
            + "end\n"
            + "for i, q in ipairs(names) do\n"
            + "  local key = (ARGV[7] == '1') and (ARGV[6] .. 'queue:' .. q) or KEYS[11 + i]\n"
            + "  local job = redis.call('LPOP', key)\n"
            + "  if job then\n"
            + "    local bad = badutf8(job)\n"
            + "    local obj = (not bad) and object(job)\n"
            + "    if cs then\n"
            + "      redis.call('RPUSH', KEYS[11], job, q .. '\\n' .. ARGV[10] .. (obj and '\\nA' or '\\nN'))\n"
            + "    end\n"
            + "    local reply\n"
            + "    if obj then\n"
            + "      redis.call('SET', KEYS[1], '{\"queue\":' .. jstr(q) .. ',\"run_at\":\"' .. ARGV[4]"
            + " .. '\",\"payload\":' .. job .. '}')\n"
            + "      reply = {'J', q, job, '1'}\n"
            + "    else\n"
            + "      reply = {'J', q, job, '0', bad and hex(job) or ''}\n"
            + "    end\n"
            + "    if cs then return reply end\n"
            + "    return remember(KEYS[10], ARGV[10], reply)\n"
            + "  end\n"
            + "end\n"
            + "return remember(KEYS[10], ARGV[10], {'E'})\n");

    /**
     * After a blocking pop: start working on the job (SET worker:id), or put it back at the head of its
     * queue when the worker is paused or stopping, so a popped job is never lost.
     * <pre>
     * KEYS: 1 worker:id  2 pause-all-workers  3 queue key  4 resque4j:last-call:id  5 resque4j:processing:id
     * ARGV: 1 payload  2 run_at  3 queue name  4 stopping '1'|'0'  5 call token  6 crash-safe '1'|'0'
     * returns {'1'} working, {'0'} pushed back, {'2', hex of the bytes if not UTF-8 else ''} not an object
     *         (nothing written)
     * </pre>
     * Crash-safe: the job came by BLMOVE and sits alone in the processing list; pushing it back moves it
     * from there, and activating appends its queue and whether worker:id announces it (see Keys#processing).
     */
    static final LuaScript ACTIVATE = new LuaScript(JSTR + HELD
            + "local cached = replay(KEYS[4], ARGV[5])\n"
            + "if cached then return cached end\n"
            + "if ARGV[4] == '1' or paused(redis.call('GET', KEYS[2])) then\n"
            + "  if ARGV[6] == '1' then\n"
            + "    local held = redis.call('RPOP', KEYS[5])\n"
            + "    if held then redis.call('LPUSH', KEYS[3], held) end\n"
            + "  else\n"
            + "    redis.call('LPUSH', KEYS[3], ARGV[1])\n"
            + "  end\n"
            + "  return remember(KEYS[4], ARGV[5], {'0'})\n"
            + "end\n"
            // crash-safe: the stored bytes are the moved element, not the (decoded, re-encoded) argument
            + "local p = ARGV[1]\n"
            + "if ARGV[6] == '1' then\n"
            // A BLMOVE re-sent after a reconnect may have moved earlier elements whose reply never came: ours
            // is the last one; the others go back to the head of the queue, oldest first.
            + "  local n = redis.call('LLEN', KEYS[5])\n"
            + "  if n > 1 then\n"
            + "    local extra = redis.call('LRANGE', KEYS[5], 0, n - 2)\n"
            + "    putback(extra, #extra, KEYS[3])\n"
            + "    redis.call('LTRIM', KEYS[5], -1, -1)\n"
            + "  end\n"
            + "  p = redis.call('LINDEX', KEYS[5], -1) or ARGV[1]\n"
            + "end\n"
            + "local bad = badutf8(p)\n"
            + "local obj = (not bad) and object(p)\n"
            + "if ARGV[6] == '1' then\n"
            + "  redis.call('RPUSH', KEYS[5], ARGV[3] .. '\\n' .. ARGV[5] .. (obj and '\\nA' or '\\nN'))\n"
            + "end\n"
            + "if not obj then return remember(KEYS[4], ARGV[5], {'2', bad and hex(p) or ''}) end\n"
            + "redis.call('SET', KEYS[1], '{\"queue\":' .. jstr(ARGV[3]) .. ',\"run_at\":\"' .. ARGV[2]"
            + " .. '\",\"payload\":' .. p .. '}')\n"
            + "return remember(KEYS[4], ARGV[5], {'1'})\n");

    /**
     * Crash-safe fetch's recovery of the job a worker held (see Keys#processing), for a worker that is being
     * unregistered (dead or stopping) or that another client (Ruby's prune) already unregistered.
     * <pre>
     * KEYS: 1 resque4j:processing:id  2 worker:id  3 resque4j:processing-workers  4 queues  5 workers
     * ARGV: 1 key prefix "ns:"  2 worker id  3 mode  4 queue when the list does not say ('' unknown)
     * modes: requeue | fail (a registered worker; fail leaves worker:id for the unregister to record),
     *        orphan-requeue | orphan-drop (unregistered by someone else; refused while the id is registered)
     * returns {'live'} | {'none'} | {'requeued', queue} | {'failed', queue} | {'dropped', queue}
     *         | {'unknown'} (no queue to put it back on: the list is kept)
     * </pre>
     * A job never announced in worker:id (taken by BLMOVE, not yet activated) is always put back: nobody
     * recorded or ran it.
     */
    static final LuaScript RECOVER = new LuaScript(HELD
            + "local orphan = string.sub(ARGV[3], 1, 7) == 'orphan-'\n"
            + "if orphan and redis.call('SISMEMBER', KEYS[5], ARGV[2]) == 1 then return {'live'} end\n"
            + "local items = redis.call('LRANGE', KEYS[1], 0, -1)\n"
            + "if #items == 0 then redis.call('SREM', KEYS[3], ARGV[2]) return {'none'} end\n"
            // payloads in order; a meta entry "<queue>\n<call token>\n<A|N>" follows the payload it describes
            + "local jobs, q = {}, ARGV[4]\n"
            + "for _, v in ipairs(items) do\n"
            + "  if ismeta(v) then\n"
            + "    q = string.sub(v, 1, #v - 2)\n"
            + "    q = string.match(q, '^(.*)\\n[^\\n]*$') or q\n"
            + "    if #jobs > 0 then jobs[#jobs].announced = string.sub(v, -1) == 'A' end\n"
            + "  else\n"
            + "    table.insert(jobs, {payload = v, announced = false})\n"
            + "  end\n"
            + "end\n"
            + "if q == '' then return {'unknown'} end\n"
            + "redis.call('SREM', KEYS[3], ARGV[2])\n"
            + "redis.call('DEL', KEYS[1])\n"
            + "local requeueAll = ARGV[3] == 'requeue' or ARGV[3] == 'orphan-requeue'\n"
            + "local outcome = 'requeued'\n"
            + "local pushed = false\n"
            + "for i = #jobs, 1, -1 do\n"
            // never announced (moved, not activated): nobody recorded or ran it, so it always goes back
            + "  if requeueAll or not jobs[i].announced then\n"
            + "    if not pushed then redis.call('SADD', KEYS[4], q) pushed = true end\n"
            + "    redis.call('LPUSH', ARGV[1] .. 'queue:' .. q, jobs[i].payload)\n"
            + "  else\n"
            + "    outcome = orphan and 'dropped' or 'failed'\n"
            + "  end\n"
            + "end\n"
            + "if pushed and outcome == 'requeued' and not orphan then redis.call('DEL', KEYS[2]) end\n"
            + "return {outcome, q}\n");

    /**
     * Crash-safe fetch: after a BLMOVE whose reply was lost (connection dropped, failover; Redisson may also
     * have re-sent it on reconnect), the moved jobs sit in the processing list without this worker knowing.
     * Put every such payload back at the head of the queue, oldest first, before the next reservation.
     * <pre>
     * KEYS: 1 resque4j:processing:id  2 queue key
     * returns the number of jobs put back
     * </pre>
     */
    static final LuaScript RECLAIM = new LuaScript(HELD
            + "local items = redis.call('LRANGE', KEYS[1], 0, -1)\n"
            + "local n = putback(items, #items, KEYS[2])\n"
            + "redis.call('DEL', KEYS[1])\n"
            + "return n\n");
}
