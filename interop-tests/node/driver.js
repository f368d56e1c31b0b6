#!/usr/bin/env node
// node-resque side of resque4j's interop tests, driven by NodeResque.java.
//
// Protocol: one JSON array per stdin line, ["command", arg1, arg2, ...]; one JSON object per stdout line in
// reply, {"ok": result} or {"error": "message"}, in request order. Nothing else is written to stdout (logs and
// node-resque's error events go to stderr). Closing stdin (or the "quit" command) ends every worker and scheduler
// this process started, then exits.
//
// Environment: REDIS_HOST, REDIS_PORT, RESQUE_NAMESPACE (node-resque's connection.namespace).
"use strict";

const readline = require("readline");

let NR;
try {
  NR = require("node-resque");
} catch (e) {
  process.stdout.write(
    JSON.stringify({ error: "node-resque is not installed (run `npm ci` in interop-tests/): " + e.message }) + "\n",
  );
  process.exit(3);
}
const nodeResqueVersion = require("node-resque/package.json").version;

const NAMESPACE = process.env.RESQUE_NAMESPACE || "resque";

/** node-resque mutates the options it is given (worker.ts, connection.ts), so every object gets a fresh copy. */
function connectionOptions() {
  return {
    host: process.env.REDIS_HOST || "127.0.0.1",
    port: parseInt(process.env.REDIS_PORT || "6379", 10),
    namespace: NAMESPACE,
  };
}

function log(...parts) {
  process.stderr.write("[node-resque driver] " + parts.map((p) => (typeof p === "string" ? p : String(p))).join(" ") + "\n");
}

/** An exception class with its own name, so the failure entry's "exception" field is distinctive. */
class InteropError extends Error {
  constructor(message) {
    super(message);
    this.name = "InteropError";
  }
}

const queue = new NR.Queue({ connection: connectionOptions() });
queue.on("error", (e) => log("queue error:", e && e.stack ? e.stack : e));

/** key -> { worker, id, received: [], successes, failures, errors: [], releases: [] } */
const workers = new Map();
let scheduler = null;
const schedulerEvents = { transferred: [], errors: [] };

/**
 * Job behaviours a test can bind a class name to. `this` is the node-resque Worker (worker.ts:286
 * `perform.apply(this, callableArgs)`), so the job sees its args spread as parameters.
 */
function jobFor(state, className, behaviour) {
  const remember = (args) => {
    state.received.push({ class: className, queue: state.worker.queue, job: state.worker.job, args: args });
  };
  switch (behaviour) {
    case "echo":
      return {
        perform: async (...args) => {
          remember(args);
          return true;
        },
      };
    case "record":
      // Records "<tag>:<first arg>" on <ns>:interop:done with the worker's own connection.
      return {
        perform: async (...args) => {
          remember(args);
          const redis = state.worker.connection.redis;
          await redis.rpush(state.worker.connection.key("interop", "done"), state.tag + ":" + args[0]);
          return true;
        },
      };
    case "fail":
      return {
        perform: async (...args) => {
          remember(args);
          throw new InteropError("node failure: " + JSON.stringify(args));
        },
      };
    case "block":
      // Holds the job until the "release" command (or the process is killed).
      return {
        perform: async (...args) => {
          remember(args);
          await new Promise((resolve) => state.releases.push(resolve));
          return true;
        },
      };
    default:
      throw new Error("unknown job behaviour " + behaviour + " (echo, record, fail, block)");
  }
}

async function startWorker(spec) {
  const key = spec.key || "default";
  if (workers.has(key)) throw new Error("worker " + key + " already started");
  const state = { id: null, received: [], successes: 0, failures: 0, errors: [], releases: [], tag: spec.tag || "node" };
  const jobs = {};
  for (const [className, behaviour] of Object.entries(spec.jobs || {})) {
    jobs[className] = jobFor(state, className, behaviour);
  }
  const options = {
    connection: connectionOptions(),
    queues: spec.queues,
    timeout: spec.timeout === undefined ? 100 : spec.timeout,
  };
  if (spec.name) options.name = spec.name;
  const worker = new NR.Worker(options, jobs);
  state.worker = worker;
  worker.on("success", () => state.successes++);
  worker.on("failure", () => state.failures++);
  worker.on("error", (error, q) => {
    state.errors.push(String(error && error.message ? error.message : error));
    log("worker", key, "error on", q, error && error.stack ? error.stack : error);
  });
  await worker.connect();
  await worker.start();
  workers.set(key, state);
  const queues = Array.isArray(worker.queues) ? worker.queues.join(",") : worker.queues;
  state.id = worker.name + ":" + queues;
  return { name: worker.name, id: state.id, pid: process.pid };
}

function workerState(key) {
  const s = workers.get(key || "default");
  if (!s) throw new Error("no worker " + key);
  return s;
}

async function stopWorker(key) {
  const s = workerState(key);
  s.releases.splice(0).forEach((r) => r());
  await s.worker.end();
  workers.delete(key || "default");
  return { successes: s.successes, failures: s.failures, errors: s.errors };
}

async function startScheduler(spec) {
  if (scheduler) throw new Error("scheduler already started");
  scheduler = new NR.Scheduler({
    connection: connectionOptions(),
    timeout: (spec && spec.timeout) || 100,
    name: spec && spec.name,
  });
  scheduler.on("error", (e) => {
    schedulerEvents.errors.push(String(e && e.message ? e.message : e));
    log("scheduler error:", e && e.stack ? e.stack : e);
  });
  scheduler.on("transferredJob", (timestamp, job) => schedulerEvents.transferred.push({ timestamp, job }));
  await scheduler.connect();
  await scheduler.start();
  return { name: scheduler.name, leaderKey: queue.leaderKey() };
}

async function stopScheduler() {
  if (!scheduler) return null;
  await scheduler.end();
  scheduler = null;
  return schedulerEvents;
}

async function shutdown() {
  for (const key of Array.from(workers.keys())) {
    try {
      await stopWorker(key);
    } catch (e) {
      log("stopping worker", key, "failed:", e);
    }
  }
  try {
    await stopScheduler();
  } catch (e) {
    log("stopping scheduler failed:", e);
  }
  await queue.end();
}

const commands = {
  ping: async () => ({ node: process.version, nodeResque: nodeResqueVersion, pid: process.pid, namespace: NAMESPACE }),
  // Queue API, as an application would call it.
  encode: async (q, cls, args) => queue.encode(q, cls, args),
  enqueue: async (q, cls, args) => queue.enqueue(q, cls, args),
  enqueueMany: async (q, cls, argLists) => {
    for (const args of argLists) await queue.enqueue(q, cls, args);
    return argLists.length;
  },
  enqueueAt: async (tsMillis, q, cls, args, suppressDuplicate) =>
    queue.enqueueAt(tsMillis, q, cls, args, suppressDuplicate === true),
  enqueueIn: async (millis, q, cls, args, suppressDuplicate) =>
    queue.enqueueIn(millis, q, cls, args, suppressDuplicate === true),
  queues: async () => queue.queues(),
  length: async (q) => queue.length(q),
  queued: async (q, start, stop) => queue.queued(q, start, stop),
  del: async (q, cls, args) => queue.del(q, cls, args),
  stats: async () => queue.stats(),
  failedCount: async () => queue.failedCount(),
  failed: async (start, stop) => queue.failed(start, stop),
  removeFailed: async (entry) => queue.removeFailed(entry),
  retryAndRemoveFailed: async (entry) => queue.retryAndRemoveFailed(entry),
  timestamps: async () => queue.timestamps(),
  delayedAt: async (tsMillis) => queue.delayedAt(tsMillis),
  allDelayed: async () => queue.allDelayed(),
  scheduledAt: async (q, cls, args) => queue.scheduledAt(q, cls, args),
  delDelayed: async (q, cls, args) => queue.delDelayed(q, cls, args),
  workers: async () => queue.workers(),
  allWorkingOn: async () => queue.allWorkingOn(),
  // Workers and scheduler.
  startWorker: async (spec) => startWorker(spec || {}),
  received: async (key) => workerState(key).received,
  counts: async (key) => {
    const s = workerState(key);
    return { successes: s.successes, failures: s.failures, errors: s.errors, received: s.received.length };
  },
  release: async (key) => {
    const r = workerState(key).releases.splice(0);
    r.forEach((f) => f());
    return r.length;
  },
  stopWorker: async (key) => stopWorker(key),
  startScheduler: async (spec) => startScheduler(spec),
  schedulerEvents: async () => schedulerEvents,
  stopScheduler: async () => stopScheduler(),
  quit: async () => {
    await shutdown();
    setImmediate(() => process.exit(0));
    return "bye";
  },
};

function reply(obj) {
  let line;
  try {
    line = JSON.stringify(obj);
  } catch (e) {
    line = JSON.stringify({ error: "reply not encodable: " + e.message });
  }
  process.stdout.write(line + "\n");
}

async function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    return { error: "bad request line: " + e.message };
  }
  if (!Array.isArray(request) || typeof request[0] !== "string") return { error: "request must be [command, ...args]" };
  const fn = commands[request[0]];
  if (!fn) return { error: "unknown command " + request[0] };
  try {
    const result = await fn(...request.slice(1));
    return { ok: result === undefined ? null : result };
  } catch (e) {
    return { error: (e && e.name ? e.name + ": " : "") + (e && e.message ? e.message : String(e)) };
  }
}

async function main() {
  await queue.connect();
  if (!queue.connection.connected) throw new Error("cannot connect to Redis");
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  // Sequential: one command at a time, replies in request order; workers keep running in between.
  let chain = Promise.resolve();
  rl.on("line", (line) => {
    if (!line.trim()) return;
    chain = chain.then(() => handle(line)).then(reply);
  });
  rl.on("close", () => {
    chain
      .then(shutdown)
      .catch((e) => log("shutdown failed:", e))
      .finally(() => process.exit(0));
  });
}

main().catch((e) => {
  reply({ error: "driver failed to start: " + (e && e.stack ? e.stack : e) });
  process.exit(2);
});
