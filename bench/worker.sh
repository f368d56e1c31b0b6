#!/usr/bin/env bash
# Worker drain benchmark: resque4j draining N no-op jobs (full Resque bookkeeping) with 1/4/16 workers, next to
# redis-benchmark LPOP, RPUSH and an EVALSHA doing LPOP+SET+INCR on the same redis-server (started here on a free
# port). Usage: bench/worker.sh [jobs] [workers...]   (default 100000 jobs; 1 4 16 workers)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-100000}
shift || true
. bench/lib.sh
start_redis

rb() { redis-benchmark -p "$PORT" -q -n "$JOBS" "$@" | tr '\r' '\n' | grep 'requests per second' | tail -1; }
echo "== redis-benchmark, same server, 50 clients =="
echo "  $(rb -c 50 -t rpush)"
echo "  $(rb -c 50 -t lpop)"
SHA=$(redis-cli -p "$PORT" script load \
  "local v = redis.call('LPOP', KEYS[1]); redis.call('SET', KEYS[2], 'x'); return redis.call('INCR', KEYS[3])")
redis-benchmark -p "$PORT" -q -n "$JOBS" -c 50 -P 100 -d 48 -t rpush >/dev/null   # fill mylist for the LPOPs
echo "  EVALSHA(LPOP+SET+INCR): $(rb -c 50 evalsha "$SHA" 3 mylist k:set k:incr | sed 's/^.*: //')"
redis-cli -p "$PORT" flushall >/dev/null

echo "== resque4j worker pool =="
CP=$(bench_classpath)
java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.github.resque4j.bench.WorkerBenchmark "redis://127.0.0.1:$PORT/0" "$JOBS" "$@"
