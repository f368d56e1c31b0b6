package io.github.resque4j.bench.harness;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.resque4j.bench.harness.Harness.Impl;
import io.github.resque4j.bench.harness.Harness.Ref;
import io.github.resque4j.bench.harness.Harness.Step;

/** Turns the harness's steps into the Markdown report, the CSV and the chart's data. */
final class Report {
    private final Harness h;

    Report(Harness h) {
        this.h = h;
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    private Optional<Step> find(String impl, String workload, int workers) {
        return h.steps().stream().filter(s -> s.impl().equals(impl) && s.workload().equals(workload)
                && s.workers() == workers && s.ok()).findFirst();
    }

    private Optional<Ref> ref(String key) {
        return h.refs().stream().filter(r -> r.key().equals(key) && !Double.isNaN(r.requestsPerSecond()))
                .findFirst();
    }

    private static String workloadLabel(String workload, int workers) {
        return switch (workload) {
            case "enqueue-seq" -> "(a) sequential enqueue, 1 thread";
            case "enqueue-batch" -> "(b) batch enqueue";
            case "drain" -> f("(c) drain no-op jobs, %d worker%s", workers, workers == 1 ? "" : "s");
            case "drain-io" -> f("(d) drain %d ms sleep jobs, %d workers", Harness.IO_SLEEP_MS, workers);
            default -> workload;
        };
    }

    private static String mb(long kb) {
        return kb <= 0 ? "—" : f("%,.0f", kb / 1024.0);
    }

    private static String cmds(double v) {
        return v < 0.1 ? f("%.3f", v) : f("%.2f", v);
    }

    private static String rate(double v) {
        return Double.isNaN(v) ? "—" : f("%,.0f", v);
    }

    /** The throughput rows, grouped by workload in run order. */
    private List<List<Step>> throughputGroups() {
        Map<String, List<Step>> groups = new LinkedHashMap<>();
        for (Step s : h.steps()) {
            if (s.workload().startsWith("enqueue") || s.workload().startsWith("drain")) {
                groups.computeIfAbsent(s.workload() + "/" + s.workers(), k -> new ArrayList<>()).add(s);
            }
        }
        return new ArrayList<>(groups.values());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        md.append("# resque4j side-by-side benchmark").append(h.quick() ? " (quick smoke run)" : "").append("\n\n");
        md.append(f("Written by `bench/run%s` on %s. One redis-server on a loopback port, every implementation in its"
                + " own process and namespace, one workload at a time; %d cores (%s). %s\n\n",
                h.quick() ? " --quick" : "", when, Runtime.getRuntime().availableProcessors(),
                "shared by Redis, the implementation measured and the driver", h.versions()));
        if (!h.skipped().isEmpty()) {
            md.append("Not run: ").append(String.join("; ", h.skipped())).append(".\n\n");
        }

        md.append("## Throughput\n\n");
        md.append("| Workload | Implementation | jobs/s | ratio to best other | Redis cmds/job | RSS (MB) |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (List<Step> group : throughputGroups()) {
            for (Step s : group) {
                String label = workloadLabel(s.workload(), s.workers());
                if (!s.ok()) {
                    md.append(f("| %s | %s | failed: %s | | | |\n", label, s.impl(), s.error().replace("|", "/")));
                    continue;
                }
                double bestOther = group.stream().filter(o -> o != s && o.ok()).mapToDouble(Step::jobsPerSecond)
                        .max().orElse(Double.NaN);
                String ratio = Double.isNaN(bestOther) ? "—" : f("%.2f×", s.jobsPerSecond() / bestOther);
                md.append(f("| %s | %s | %s | %s | %s | %s |\n", label, s.impl(), rate(s.jobsPerSecond()), ratio,
                        cmds(s.cmdsPerJob()), mb(s.rssKb())));
            }
        }
        md.append("\n");

        md.append("## Redis reference (redis-benchmark, same server)\n\n");
        md.append("| Test | requests/s | Redis cmds/request |\n| --- | ---: | ---: |\n");
        for (Ref r : h.refs()) {
            md.append(f("| %s | %s | %.2f |\n", r.label(), rate(r.requestsPerSecond()), r.cmdsPerRequest()));
        }
        md.append("\n");

        List<Step> latency = h.steps().stream().filter(s -> s.workload().equals("latency")).toList();
        if (!latency.isEmpty()) {
            md.append(f("## (e) Latency, enqueue to perform start, %,d jobs/s arrival rate\n\n", Harness.LATENCY_RATE));
            md.append("| Implementation | workers | p50 (ms) | p99 (ms) | max (ms) | jobs measured | "
                    + "Redis cmds/job (enqueue + work) | RSS (MB) |\n");
            md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (Step s : latency) {
                if (!s.ok()) {
                    md.append(f("| %s | %d | failed: %s | | | | | |\n", s.impl(), s.workers(),
                            s.error().replace("|", "/")));
                    continue;
                }
                Map<String, Double> x = s.extra();
                md.append(f("| %s | %d | %.2f | %.2f | %.2f | %,d | %.2f | %s |\n", s.impl(), s.workers(),
                        x.get("p50Us") / 1000, x.get("p99Us") / 1000, x.get("maxUs") / 1000,
                        x.get("measured").longValue(), s.cmdsPerJob(), mb(s.rssKb())));
            }
            md.append("\n");
        }

        List<Step> idle = h.steps().stream().filter(s -> s.workload().equals("idle")).toList();
        if (!idle.isEmpty()) {
            md.append(f("## Idle worker process (%d workers started, no jobs, %d s)\n\n", Harness.IDLE_WORKERS,
                    Harness.IDLE_SECONDS));
            md.append("| Implementation | workers | RSS (MB) | threads | Redis cmds/s while idle |\n");
            md.append("| --- | ---: | ---: | ---: | ---: |\n");
            for (Step s : idle) {
                if (!s.ok()) {
                    md.append(f("| %s | %d | failed: %s | | |\n", s.impl(), s.workers(), s.error().replace("|", "/")));
                    continue;
                }
                md.append(f("| %s | %d | %s | %d | %.1f |\n", s.impl(), s.workers(), mb(s.rssKb()), s.threads(),
                        s.extra().getOrDefault("cmdsPerSecond", Double.NaN)));
            }
            md.append("\n");
        }

        md.append("## Key ratios (resque4j)\n\n");
        for (String line : keyRatios()) {
            md.append("- ").append(line).append("\n");
        }
        md.append("\n");

        md.append("## How it is measured\n\n");
        md.append(f("""
                - jobs/s: jobs over the timed part only (after setup and warm-up, untimed). Enqueue: the producer \
                loop or batch call. Drain: jobs are seeded first (with the implementation's own client), the workers \
                start at the clock's start, the clock stops when the last job is counted as processed. A timed part \
                is capped at %d s.
                - ratio to best other: this row's jobs/s over the best other implementation's in the same workload \
                (redis-benchmark is not an implementation; it is listed in its own table).
                - Redis cmds/job: INFO commandstats calls summed (MULTI/EXEC and the commands a Lua script runs \
                count, as well as the EVALSHA itself), reset by CONFIG RESETSTAT right before the timed part, divided \
                by the jobs: every implementation does its normal bookkeeping (worker registry, heartbeats, stats, \
                in-flight records) and the count includes it.
                - RSS: VmRSS of the process measured, read when the timed part ends: the producer for (a)/(b), the \
                worker process for (c)/(d)/(e). Ruby Resque runs one process per worker (FORK_PER_JOB=false): its \
                figure is the sum of the workers' PSS (shared pages split between them), and its threads the sum. \
                JVMs run with -Xmx512m and default GC.
                - Batch enqueue: resque4j `ResqueClient.enqueueAll` (one pipeline), Jesque `Client.batchEnqueue` \
                (one pipeline), node-resque has no batch call: `queue.enqueue` with 1,000 calls in flight on its \
                connection. Ruby Resque has none either (not run).
                - Workers: resque4j `WorkerPool` (busy: one script per job over each worker's own connection; idle: \
                a blocking BLMOVE, woken by the next job), Jesque `WorkerPool` of \
                `WorkerImpl` (sleeps 500 ms when the queue is empty, a Jesque constant), node-resque N `Worker`s in \
                one node process (own connection each, `timeout` 100 ms between empty polls), Ruby Resque N \
                `Resque::Worker` processes (`work(0.1)`).
                %s- redis-benchmark: `-n %,d`, values sized like the no-op payload (%d bytes); the EVALSHA script \
                does LPOP + SET + INCR, the physical floor of a Resque-style reserve without bookkeeping.
                """, h.capSeconds(), h.quick() ? "" : f("- Latency: a producer in the worker's process (Ruby: the "
                + "parent of the worker processes) enqueues %,d jobs at %,d/s on a fixed schedule, each carrying its "
                + "wall-clock enqueue time in microseconds; the job takes its wall-clock time when perform starts. The "
                + "first %,d are warm-up and left out of the percentiles.\n", Harness.LATENCY_JOBS, Harness.LATENCY_RATE,
                Harness.LATENCY_SKIP), h.jobs(),
                Harness.PAYLOAD.length()));
        md.append("\n![throughput vs workers](throughput-vs-workers.png)\n");
        return md.toString();
    }

    private List<String> keyRatios() {
        List<String> out = new ArrayList<>();
        String me = Harness.RESQUE4J;
        List<Integer> counts = h.workerCounts();
        int w = counts.contains(16) ? 16 : counts.get(counts.size() - 1);
        find(me, "drain", w).ifPresent(mine -> {
            List<String> parts = new ArrayList<>();
            for (Impl other : h.impls()) {
                if (!other.name().equals(me)) {
                    find(other.name(), "drain", w).ifPresent(o -> parts.add(f("%.2f× %s", mine.jobsPerSecond()
                            / o.jobsPerSecond(), other.name())));
                }
            }
            ref("evalsha-c50").ifPresent(r -> parts.add(f("%.2f× redis-benchmark EVALSHA LPOP+SET+INCR -c 50 "
                    + "(%s/s)", mine.jobsPerSecond() / r.requestsPerSecond(), rate(r.requestsPerSecond()))));
            out.add(f("drain no-op, %d workers: %s jobs/s = %s", w, rate(mine.jobsPerSecond()),
                    String.join(", ", parts)));
        });
        find(me, "drain-io", Harness.IO_WORKERS).ifPresent(s -> {
            double ideal = Harness.IO_WORKERS * 1000.0 / Harness.IO_SLEEP_MS;
            out.add(f("I/O-bound drain (%d ms jobs), %d workers: %s jobs/s = %.1f%% of the ideal %s jobs/s",
                    Harness.IO_SLEEP_MS, Harness.IO_WORKERS, rate(s.jobsPerSecond()), 100 * s.jobsPerSecond() / ideal,
                    rate(ideal)));
        });
        find(me, "enqueue-seq", 1).ifPresent(s -> ref("rpush-c1").ifPresent(r -> out.add(f(
                "sequential enqueue: %s jobs/s = %.2f× redis-benchmark RPUSH -c 1 (%s/s)", rate(s.jobsPerSecond()),
                s.jobsPerSecond() / r.requestsPerSecond(), rate(r.requestsPerSecond())))));
        find(me, "enqueue-batch", 1).ifPresent(s -> ref("rpush-p100").ifPresent(r -> out.add(f(
                "batch enqueue: %s jobs/s = %.2f× redis-benchmark pipelined RPUSH -P 100 (%s/s)",
                rate(s.jobsPerSecond()), s.jobsPerSecond() / r.requestsPerSecond(), rate(r.requestsPerSecond())))));
        find(me, "latency", Harness.LATENCY_WORKERS).ifPresent(s -> out.add(f(
                "latency at %,d jobs/s, %d workers: p50 %.2f ms, p99 %.2f ms", Harness.LATENCY_RATE,
                Harness.LATENCY_WORKERS, s.extra().get("p50Us") / 1000, s.extra().get("p99Us") / 1000)));
        find(me, "idle", Harness.IDLE_WORKERS).ifPresent(s -> out.add(f(
                "idle with %d workers: RSS %s MB, %d threads, %.1f Redis cmds/s", Harness.IDLE_WORKERS,
                mb(s.rssKb()), s.threads(), s.extra().getOrDefault("cmdsPerSecond", Double.NaN))));
        if (out.isEmpty()) {
            out.add("(no resque4j results)");
        }
        return out;
    }

    String csv() {
        StringBuilder sb = new StringBuilder(
                "implementation,workload,workers,jobs,seconds,jobs_per_s,redis_cmds_per_job,rss_kb,threads,p50_us,"
                        + "p99_us,max_us,error\n");
        for (Step s : h.steps()) {
            Map<String, Double> x = s.extra();
            sb.append(f("%s,%s,%d,%d,%.6f,%.1f,%.3f,%d,%d,%s,%s,%s,%s\n", s.impl(), s.workload(), s.workers(),
                    s.jobs(), s.seconds(), s.jobs() == 0 ? 0.0 : s.jobsPerSecond(), s.cmdsPerJob(), s.rssKb(),
                    s.threads(), num(x.get("p50Us")), num(x.get("p99Us")), num(x.get("maxUs")),
                    s.error() == null ? "" : '"' + s.error().replace("\"", "'") + '"'));
        }
        for (Ref r : h.refs()) {
            sb.append(f("redis-benchmark,%s,,,,%.1f,%.3f,,,,,,\n", r.key(), r.requestsPerSecond(),
                    r.cmdsPerRequest()));
        }
        return sb.toString();
    }

    private static String num(Double d) {
        return d == null ? "" : f("%.0f", d);
    }

    /** Implementation name to jobs/s per worker count (NaN where it failed). */
    Map<String, double[]> chartSeries() {
        Map<String, double[]> series = new LinkedHashMap<>();
        List<Integer> counts = h.workerCounts();
        for (Impl impl : h.impls()) {
            double[] v = new double[counts.size()];
            for (int i = 0; i < counts.size(); i++) {
                v[i] = find(impl.name(), "drain", counts.get(i)).map(Step::jobsPerSecond).orElse(Double.NaN);
            }
            series.put(impl.name(), v);
        }
        return series;
    }

    /** Horizontal reference lines: label to requests/s. */
    Map<String, Double> chartReferences() {
        Map<String, Double> refs = new LinkedHashMap<>();
        ref("evalsha-c50").ifPresent(r -> refs.put("redis-benchmark EVALSHA LPOP+SET+INCR, 50 clients",
                r.requestsPerSecond()));
        return refs;
    }
}
