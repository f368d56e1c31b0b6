#!/usr/bin/env bash
# Enqueue benchmark: resque4j sequential and batch enqueue next to redis-benchmark RPUSH, on one
# redis-server started here on a free port. Usage: bench/enqueue.sh [jobs]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-100000}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DIR=$(mktemp -d)
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$DIR" --daemonize yes \
  --logfile "$DIR/redis.log"
trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
until redis-cli -p "$PORT" ping >/dev/null 2>&1; do sleep 0.1; done

PAYLOAD='{"class":"NoopJob","args":[1,"two",{"three":3}]}'
echo "== redis-benchmark (same server, payload-sized values) =="
rb() { redis-benchmark -p "$PORT" -q -n "$JOBS" -d ${#PAYLOAD} -t rpush "$@" | tr '\r' '\n' | grep 'requests per second' | tail -1; }
echo "  RPUSH 1 client:            $(rb -c 1)"
echo "  RPUSH 1 client pipelined:  $(rb -c 1 -P 100)"
redis-cli -p "$PORT" flushall >/dev/null

echo "== resque4j =="
mvn -q -B test-compile >/dev/null
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP=$(cat target/bench.classpath)
java -cp "target/test-classes:target/classes:$CP" io.github.resque4j.bench.EnqueueBenchmark \
  "redis://127.0.0.1:$PORT/0" "$JOBS"
