# Shared by the bench scripts: start a throw-away redis-server on a free loopback port ($PORT), stopped on exit.
start_redis() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  REDIS_DIR=$(mktemp -d)
  redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$REDIS_DIR" --daemonize yes \
    --logfile "$REDIS_DIR/redis.log"
  trap 'redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$REDIS_DIR"' EXIT
  until redis-cli -p "$PORT" ping >/dev/null 2>&1; do sleep 0.1; done
}

# Builds the test classpath once: target/bench.classpath.
bench_classpath() {
  mvn -q -B test-compile >/dev/null
  mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
  echo "target/test-classes:target/classes:$(cat target/bench.classpath)"
}
