#!/usr/bin/env bash
# Scheduler benchmark: moving N due delayed jobs spread over T past timestamps (N/T per timestamp) to
# queue:default, resque4j's Java scheduler next to Ruby's resque-scheduler (Resque::Scheduler.handle_delayed_items)
# on the same data, each in its own namespace on one redis-server started here on a free port. Each side seeds its
# data (the same bytes and timestamps), warms up on up to 20,000 jobs, times one scheduler loop iteration until all
# N are queued and delayed_queue_schedule is empty, then checks every job arrived exactly once (a failed check
# aborts the script). Redis commands per job come from INFO commandstats (commands inside scripts included).
#
# Usage: bench/scheduler.sh [jobs] [timestamps]   (default 100000 1000)
# The Ruby side runs when ruby is on PATH and RESQUE_RUBY_LIB / RESQUE_SCHEDULER_RUBY_LIB point at resque 3.0 and
# resque-scheduler 5.0 lib/ folders (it needs the redis 4.x, redis-namespace and multi_json gems).
# DELAYED_REQUEUE_BATCH_SIZE (default 100) applies to both sides.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-100000}
TIMESTAMPS=${2:-1000}
. bench/lib.sh
start_redis
URI="redis://127.0.0.1:$PORT/0"
BASE=$(( $(date +%s) - TIMESTAMPS - 3600 ))   # the same past timestamps for both sides
OUT=$(mktemp -d)
trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$REDIS_DIR" "$OUT"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
rate() { grep -o '[0-9.]* jobs/s' "$1" | sed -n 1p | cut -d' ' -f1; }

echo "== $JOBS due delayed jobs over $TIMESTAMPS timestamps (first $BASE), batch ${DELAYED_REQUEUE_BATCH_SIZE:-100}," \
  "$(redis-server --version | grep -o 'v=[^ ]*') on port $PORT =="

CP=$(bench_classpath)
T0=$(now)
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.github.resque4j.bench.SchedulerBenchmark "$URI" "$JOBS" "$TIMESTAMPS" "$BASE" | tee "$OUT/java"
echo "      (java step wall time, JVM start + warm-up + seeding + checks included: $(elapsed "$T0") s)"

RUBY_SKIP=""
if ! command -v ruby >/dev/null 2>&1; then
  RUBY_SKIP="ruby is not on PATH"
elif [ -z "${RESQUE_RUBY_LIB:-}" ] || [ ! -f "$RESQUE_RUBY_LIB/resque.rb" ]; then
  RUBY_SKIP="RESQUE_RUBY_LIB is unset or has no resque.rb (point it at a resque 3.0 lib/)"
elif [ -z "${RESQUE_SCHEDULER_RUBY_LIB:-}" ] || [ ! -f "$RESQUE_SCHEDULER_RUBY_LIB/resque-scheduler.rb" ]; then
  RUBY_SKIP="RESQUE_SCHEDULER_RUBY_LIB is unset or has no resque-scheduler.rb (point it at a resque-scheduler 5.0 lib/)"
fi
if [ -n "$RUBY_SKIP" ]; then
  echo "ruby side skipped: $RUBY_SKIP"
  exit 0
fi

T0=$(now)
ruby -I "$RESQUE_RUBY_LIB" -I "$RESQUE_SCHEDULER_RUBY_LIB" bench/ruby/move_delayed.rb \
  "$URI" "$JOBS" "$TIMESTAMPS" "$BASE" | tee "$OUT/ruby"
echo "      (ruby step wall time, warm-up + seeding + checks included: $(elapsed "$T0") s)"

JAVA_RATE=$(rate "$OUT/java")
RUBY_RATE=$(rate "$OUT/ruby")
awk -v j="$JAVA_RATE" -v r="$RUBY_RATE" -v w="$SECONDS" \
  'BEGIN { printf "java / ruby: %.1fx the jobs/s (whole script: %d s wall time, build included)\n", j / r, w }'
