#!/usr/bin/env node
// node-resque's side of resque4j's side-by-side benchmark (bench/run), driven by the Java harness
// (io.github.resque4j.bench.harness.Harness) with the protocol described in Side.java:
//   arguments key=value: workload, port, ns, jobs, workers, warmup, sleepMs, rate, skip, seconds
//   stdout: "@READY" once set up, "@RESULT {json}" after the timed part; stdin: "GO", then "EXIT".
// Only "@" lines go to stdout; node-resque's error events and anything else go to stderr.
//
// Workers: N node-resque Workers in this one process, each with its own connection and a distinct name
// (host:pid+i, as MultiWorker names them), timeout 100 ms between polls of an empty queue. Enqueue: Queue#enqueue
// (MULTI SADD queues + RPUSH); node-resque has no batch call, so "batch" keeps 1,000 enqueue calls in flight.
"use strict";

const os = require("os");
const fs = require("fs");
const readline = require("readline");
const { performance } = require("perf_hooks");
const NR = require("node-resque");

const params = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const i = a.indexOf("=");
    return [a.slice(0, i), a.slice(i + 1)];
  }),
);
const int = (k, d) => (params[k] === undefined ? d : parseInt(params[k], 10));
const QUEUE = "bench";
const POLL_TIMEOUT_MS = 100;
const NOOP_ARGS = [1, "two", { three: 3 }];

/** node-resque mutates the options it is given, so every object gets a fresh one. */
const connection = (ns) => ({ host: "127.0.0.1", port: int("port"), namespace: ns });
const wallMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const log = (...a) => process.stderr.write("[node side] " + a.map(String).join(" ") + "\n");

// ---- protocol ----
const rl = readline.createInterface({ input: process.stdin });
const buffered = [];
const waiting = [];
let stdinClosed = false;
rl.on("line", (l) => (waiting.length ? waiting.shift()(l) : buffered.push(l)));
rl.on("close", () => {
  stdinClosed = true;
  while (waiting.length) waiting.shift()(null);
});
const nextLine = () =>
  buffered.length ? Promise.resolve(buffered.shift()) : stdinClosed ? Promise.resolve(null) : new Promise((r) => waiting.push(r));
const say = (line) => process.stdout.write(line + "\n");

async function ready() {
  say("@READY");
  const l = await nextLine();
  if (l !== "GO") throw new Error("expected GO, got " + l);
}

function procStatus() {
  const st = fs.readFileSync("/proc/self/status", "utf8");
  const num = (k) => {
    const m = st.match(new RegExp("^" + k + ":\\s*(\\d+)", "m"));
    return m ? parseInt(m[1], 10) : 0;
  };
  return { rssKb: num("VmRSS"), threads: num("Threads") };
}

async function result(seconds, jobs, extra = {}) {
  say("@RESULT " + JSON.stringify({ seconds, jobs, ...procStatus(), ...extra }));
  let l;
  while ((l = await nextLine()) !== null && l !== "EXIT") {
    // nothing else is sent
  }
}

// ---- jobs ----
let processed = 0;
let target = Infinity;
let onTarget = null;
const enqueuedAt = [];
const latencies = [];
const jobs = {
  NoopJob: { perform: async () => true },
  SleepJob: { perform: (ms) => new Promise((r) => setTimeout(() => r(true), ms)) },
  LatencyJob: {
    perform: async (sent) => {
      const now = wallMicros();
      enqueuedAt.push(sent);
      latencies.push(now - sent);
      return true;
    },
  },
};

function countOne() {
  processed++;
  if (processed >= target && onTarget) {
    const f = onTarget;
    onTarget = null;
    f();
  }
}

/** Resolves once `n` more jobs have been processed (counted from now). */
function processedPromise(n) {
  target = processed + n;
  return new Promise((resolve) => {
    onTarget = resolve;
    if (processed >= target) {
      onTarget = null;
      resolve();
    }
  });
}

async function makeWorkers(ns, n) {
  const workers = [];
  for (let i = 0; i < n; i++) {
    const w = new NR.Worker(
      {
        connection: connection(ns),
        queues: [QUEUE],
        timeout: POLL_TIMEOUT_MS,
        name: os.hostname() + ":" + process.pid + "+" + (i + 1),
      },
      jobs,
    );
    w.on("error", (e) => log("worker error:", e && e.stack ? e.stack : e));
    w.on("success", countOne);
    w.on("failure", (q, job, err) => {
      log("job failed:", err);
      countOne();
    });
    await w.connect();
    workers.push(w);
  }
  return workers;
}

async function startAll(workers) {
  await Promise.all(workers.map((w) => w.start()));
}

async function endAll(workers) {
  await Promise.all(workers.map((w) => w.end()));
}

async function makeQueue(ns) {
  const q = new NR.Queue({ connection: connection(ns) }, jobs);
  q.on("error", (e) => log("queue error:", e && e.stack ? e.stack : e));
  await q.connect();
  return q;
}

/** `n` enqueue calls with `window` of them in flight at a time. */
async function enqueueWindowed(q, queue, cls, args, n, window) {
  let i = 0;
  const lane = async () => {
    while (i < n) {
      i++;
      await q.enqueue(queue, cls, args);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, n) }, lane));
}

function latencyStats(skip) {
  const order = enqueuedAt.map((_, i) => i).sort((a, b) => enqueuedAt[a] - enqueuedAt[b]);
  const lat = order.slice(Math.min(skip, order.length)).map((i) => latencies[i]).sort((a, b) => a - b);
  const pct = (p) => (lat.length ? lat[Math.max(0, Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1))] : 0);
  return { measured: lat.length, p50Us: pct(0.5), p99Us: pct(0.99), maxUs: lat.length ? lat[lat.length - 1] : 0 };
}

const seconds = (t0) => (performance.now() - t0) / 1000;

async function main() {
  const workload = params.workload;
  const ns = params.ns;
  const n = int("jobs", 1000);
  const warmup = Math.min(n, int("warmup", 5000));
  const workerCount = int("workers", 1);
  switch (workload) {
    case "enqueue-seq": {
      const q = await makeQueue(ns);
      for (let i = 0; i < warmup; i++) await q.enqueue("warmup", "NoopJob", NOOP_ARGS);
      await q.connection.redis.del(q.connection.key("queue", "warmup"));
      await ready();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await q.enqueue(QUEUE, "NoopJob", NOOP_ARGS);
      await result(seconds(t0), n);
      await q.end();
      break;
    }
    case "enqueue-batch": {
      const q = await makeQueue(ns);
      await enqueueWindowed(q, "warmup", "NoopJob", NOOP_ARGS, warmup, 1000);
      await q.connection.redis.del(q.connection.key("queue", "warmup"));
      await ready();
      const t0 = performance.now();
      await enqueueWindowed(q, QUEUE, "NoopJob", NOOP_ARGS, n, 1000);
      await result(seconds(t0), n);
      await q.end();
      break;
    }
    case "drain": {
      const sleepMs = int("sleepMs", 0);
      const cls = sleepMs > 0 ? "SleepJob" : "NoopJob";
      const args = sleepMs > 0 ? [sleepMs] : NOOP_ARGS;
      if (warmup > 0) {
        const wq = await makeQueue(ns + "-warmup");
        await enqueueWindowed(wq, QUEUE, cls, args, warmup, 1000);
        await wq.end();
        const ww = await makeWorkers(ns + "-warmup", workerCount);
        const warmed = processedPromise(warmup);
        await startAll(ww);
        await warmed;
        await endAll(ww);
      }
      const q = await makeQueue(ns);
      await enqueueWindowed(q, QUEUE, cls, args, n, 1000);
      await q.end();
      const workers = await makeWorkers(ns, workerCount);
      await ready();
      const t0 = performance.now();
      const drained = processedPromise(n);
      await startAll(workers);
      await drained;
      await result(seconds(t0), n);
      await endAll(workers);
      break;
    }
    case "latency": {
      const rate = int("rate", 1000);
      const workers = await makeWorkers(ns, workerCount);
      await startAll(workers);
      const q = await makeQueue(ns);
      await ready();
      const t0 = performance.now();
      const drained = processedPromise(n);
      const pending = [];
      await new Promise((resolve) => {
        let i = 0;
        const tick = () => {
          const now = performance.now();
          while (i < n && t0 + (i * 1000) / rate <= now) {
            pending.push(q.enqueue(QUEUE, "LatencyJob", [wallMicros()]));
            i++;
          }
          if (i < n) setTimeout(tick, Math.max(0, t0 + (i * 1000) / rate - performance.now()));
          else resolve();
        };
        tick();
      });
      await Promise.all(pending);
      await drained;
      await result(seconds(t0), n, latencyStats(int("skip", 0)));
      await endAll(workers);
      await q.end();
      break;
    }
    case "idle": {
      const workers = await makeWorkers(ns, workerCount);
      await startAll(workers);
      await ready();
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, int("seconds", 3) * 1000));
      await result(seconds(t0), 0);
      await endAll(workers);
      break;
    }
    default:
      throw new Error("unknown workload " + workload);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    log(e && e.stack ? e.stack : e);
    say("@ERROR " + String(e && e.message ? e.message : e).replace(/\n/g, " "));
    process.exit(1);
  },
);
