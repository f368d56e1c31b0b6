#!/usr/bin/env bash
# Enqueue benchmark: resque4j sequential and batch enqueue next to redis-benchmark RPUSH, on one
# redis-server started here on a free port. Usage: bench/enqueue.sh [jobs]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-100000}
. bench/lib.sh
start_redis

PAYLOAD='{"class":"NoopJob","args":[1,"two",{"three":3}]}'
echo "== redis-benchmark (same server, payload-sized values) =="
rb() { redis-benchmark -p "$PORT" -q -n "$JOBS" -d ${#PAYLOAD} -t rpush "$@" | tr '\r' '\n' | grep 'requests per second' | tail -1; }
echo "  RPUSH 1 client:            $(rb -c 1)"
echo "  RPUSH 1 client pipelined:  $(rb -c 1 -P 100)"
redis-cli -p "$PORT" flushall >/dev/null

echo "== resque4j =="
CP=$(bench_classpath)
java -cp "$CP" io.github.resque4j.bench.EnqueueBenchmark \
  "redis://127.0.0.1:$PORT/0" "$JOBS"
