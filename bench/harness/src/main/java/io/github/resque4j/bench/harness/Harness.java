package io.github.resque4j.bench.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The driver of bench/run: against one redis-server (already started, on {@code --port}), runs redis-benchmark as
 * the physical reference, then every workload for every implementation, each in its own process (a JVM for
 * resque4j and Jesque, node for node-resque, ruby for Ruby Resque) and its own namespace, one at a time, so that
 * Redis's counters (INFO commandstats, reset with CONFIG RESETSTAT right before the timed part) belong to that
 * implementation alone. Writes {@code results.md}, {@code results.csv} and {@code throughput-vs-workers.png} to
 * {@code --out}; exits 1 if any step failed, timed out or left the queue in the wrong state.
 *
 * <p>Options: {@code --port N} (required), {@code --quick} (2,000 jobs, 1 and 4 workers, workloads a-c only),
 * {@code --out DIR}, {@code --logs DIR}, {@code --node-dir DIR} (bench/node with node_modules; node-resque is
 * skipped without it), {@code --ruby-lib DIR} and {@code --ruby-script FILE} (Ruby Resque is skipped without them),
 * {@code --only a,b} (implementation names), {@code --versions TEXT} (put in the report), {@code --cap SECONDS}
 * (timed-part limit per workload, default 90).
 */
public final class Harness {
    static final String RESQUE4J = "resque4j";
    static final String JESQUE = "Jesque";
    static final String NODE = "node-resque";
    static final String RUBY = "Ruby Resque";
    /** The payload redis-benchmark's values are sized to: what resque4j writes for the no-op job. */
    static final String PAYLOAD = "{\"class\":\"NoopJob\",\"args\":[1,\"two\",{\"three\":3}]}";

    /** One implementation: how to start its side. */
    record Impl(String name, List<String> command) {
    }

    /** One measured step. */
    record Step(String impl, String workload, int workers, int jobs, double seconds, double cmdsPerJob, long rssKb,
            long threads, Map<String, Double> extra, String error) {
        double jobsPerSecond() {
            return jobs / seconds;
        }

        boolean ok() {
            return error == null;
        }
    }

    /** One redis-benchmark run. */
    record Ref(String key, String label, double requestsPerSecond, double cmdsPerRequest) {
    }

    private final int port;
    private final boolean quick;
    private final Path out;
    private final Path logs;
    private final String versions;
    private final int capSeconds;
    private final List<Impl> impls = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Ref> refs = new ArrayList<>();
    private Resp redis;
    private long statOverhead;

    private Harness(Map<String, String> opts) {
        port = Integer.parseInt(opts.get("port"));
        quick = opts.containsKey("quick");
        out = Path.of(opts.getOrDefault("out", quick ? "bench/harness/target/quick-results" : "bench/results"));
        logs = Path.of(opts.getOrDefault("logs", "bench/harness/target/logs"));
        versions = opts.getOrDefault("versions", "");
        capSeconds = Integer.parseInt(opts.getOrDefault("cap", "90"));
        List<String> only = opts.containsKey("only") ? List.of(opts.get("only").split(",")) : null;

        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        List<String> jvm = List.of(java, "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Djava.awt.headless=true", "-cp", cp);
        addImpl(only, RESQUE4J, concat(jvm, Resque4jSide.class.getName()), null);
        addImpl(only, JESQUE, concat(jvm, JesqueSide.class.getName()), null);
        String nodeDir = opts.get("node-dir");
        addImpl(only, NODE, nodeDir == null ? null : List.of("node", nodeDir + "/side.js"),
                nodeDir == null ? "no --node-dir"
                        : !new File(nodeDir, "node_modules/node-resque").isDirectory()
                                ? "node-resque is not installed (npm ci in " + nodeDir + ")" : null);
        String rubyLib = opts.get("ruby-lib");
        String rubyScript = opts.get("ruby-script");
        addImpl(only, RUBY, rubyLib == null ? null : List.of("ruby", "-I", rubyLib, rubyScript),
                rubyLib == null || rubyLib.isEmpty() ? "RESQUE_RUBY_LIB is not set"
                        : !new File(rubyLib, "resque.rb").isFile() ? rubyLib + " has no resque.rb" : null);
    }

    private void addImpl(List<String> only, String name, List<String> command, String whyNot) {
        if (only != null && !only.contains(name)) {
            return;
        }
        if (whyNot != null) {
            skipped.add(name + ": " + whyNot);
        } else {
            impls.add(new Impl(name, command));
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(List.of(b));
        return l;
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i].substring(2);
            if (a.equals("quick")) {
                opts.put(a, "true");
            } else {
                opts.put(a, args[++i]);
            }
        }
        System.exit(new Harness(opts).run());
    }

    // ---- workload plan ----

    int jobs() {
        return quick ? 2_000 : 100_000;
    }

    List<Integer> workerCounts() {
        return quick ? List.of(1, 4) : List.of(1, 4, 16, 64);
    }

    int warmup() {
        return quick ? 500 : 5_000;
    }

    static final int IO_WORKERS = 64;
    static final int IO_SLEEP_MS = 5;
    static final int IO_JOBS = 50_000;
    static final int LATENCY_RATE = 1_000;
    static final int LATENCY_JOBS = 12_000;
    static final int LATENCY_SKIP = 2_000;
    static final int LATENCY_WORKERS = 16;
    static final int IDLE_WORKERS = 16;
    static final int IDLE_SECONDS = 3;

    private int run() throws Exception {
        Files.createDirectories(out);
        Files.createDirectories(logs);
        // A killed driver (bench/run's timeout sends TERM) takes every side it started with it, by pid.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroyForcibly)));
        redis = new Resp("127.0.0.1", port);
        redis.call("FLUSHALL");
        redis.call("CONFIG", "RESETSTAT");
        statOverhead = redis.totalCommands(); // the RESETSTAT and INFO themselves, as counted
        log("redis-server on port %d, %s run, implementations %s%s", port, quick ? "quick" : "full",
                impls.stream().map(Impl::name).toList(), skipped.isEmpty() ? "" : ", skipped " + skipped);

        references();
        int n = jobs();
        for (Impl impl : impls) {
            step(impl, "enqueue-seq", 1, n, Map.of());
        }
        for (Impl impl : impls) {
            if (!impl.name().equals(RUBY)) { // Ruby Resque has no batch enqueue
                step(impl, "enqueue-batch", 1, n, Map.of());
            }
        }
        for (int w : workerCounts()) {
            for (Impl impl : impls) {
                step(impl, "drain", w, n, Map.of());
            }
        }
        if (!quick) {
            for (Impl impl : impls) {
                step(impl, "drain-io", IO_WORKERS, IO_JOBS, Map.of("sleepMs", String.valueOf(IO_SLEEP_MS)));
            }
            for (Impl impl : impls) {
                step(impl, "latency", LATENCY_WORKERS, LATENCY_JOBS, Map.of("rate", String.valueOf(LATENCY_RATE),
                        "skip", String.valueOf(LATENCY_SKIP)));
            }
            for (Impl impl : impls) {
                step(impl, "idle", IDLE_WORKERS, 0, Map.of("seconds", String.valueOf(IDLE_SECONDS)));
            }
        }
        redis.close();

        Report report = new Report(this);
        Files.writeString(out.resolve("results.md"), report.markdown());
        Files.writeString(out.resolve("results.csv"), report.csv());
        Chart.render(report.chartSeries(), workerCounts(), report.chartReferences(),
                "Drain of " + String.format(Locale.ROOT, "%,d", n) + " no-op jobs: throughput vs workers",
                out.resolve("throughput-vs-workers.png"));
        System.out.println();
        System.out.println(report.markdown());
        log("wrote %s, %s and %s", out.resolve("results.md"), out.resolve("results.csv"),
                out.resolve("throughput-vs-workers.png"));
        long failed = steps.stream().filter(s -> !s.ok()).count();
        if (failed > 0) {
            log("%d step(s) failed:", failed);
            steps.stream().filter(s -> !s.ok()).forEach(s -> log("  %s %s %d workers: %s", s.impl(), s.workload(),
                    s.workers(), s.error()));
            return 1;
        }
        return 0;
    }

    // ---- redis-benchmark ----

    private void references() throws IOException, InterruptedException {
        int n = jobs();
        String d = String.valueOf(PAYLOAD.length());
        ref("rpush-c1", "RPUSH, 1 client", n, "-c", "1", "-d", d, "-t", "rpush");
        ref("lpop-c1", "LPOP, 1 client", n, "-c", "1", "-t", "lpop");
        ref("rpush-c50", "RPUSH, 50 clients", n, "-c", "50", "-d", d, "-t", "rpush");
        ref("lpop-c50", "LPOP, 50 clients", n, "-c", "50", "-t", "lpop");
        ref("rpush-p100", "RPUSH, 1 client, pipelined -P 100", n, "-c", "1", "-P", "100", "-d", d, "-t", "rpush");
        String sha = (String) redis.call("SCRIPT", "LOAD", "local v = redis.call('LPOP', KEYS[1]); "
                + "redis.call('SET', KEYS[2], 'x'); return redis.call('INCR', KEYS[3])");
        // mylist holds n payload-sized items from the pipelined RPUSH above, so every LPOP pops one
        ref("evalsha-c50", "EVALSHA (LPOP+SET+INCR), 50 clients", n, "-c", "50", "evalsha", sha, "3", "mylist",
                "k:set", "k:incr");
        redis.call("FLUSHALL");
    }

    private void ref(String key, String label, int n, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-q", "-n", String.valueOf(n)));
        cmd.addAll(List.of(args));
        redis.call("CONFIG", "RESETSTAT");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(capSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        long commands = redis.totalCommands() - statOverhead;
        Matcher m = Pattern.compile("([0-9.]+) requests per second").matcher(text);
        double rps = Double.NaN;
        while (m.find()) {
            rps = Double.parseDouble(m.group(1));
        }
        refs.add(new Ref(key, label, rps, (double) commands / n));
        log("redis-benchmark %-40s %,12.0f requests/s %6.2f cmds/request", label, rps, (double) commands / n);
    }

    // ---- one implementation, one workload ----

    private void step(Impl impl, String workload, int workers, int jobs, Map<String, String> more) {
        String ns = "bench-" + impl.name().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT) + "-" + workload
                + "-" + workers;
        boolean io = workload.equals("drain-io");
        List<String> cmd = new ArrayList<>(impl.command());
        cmd.add("workload=" + (io ? "drain" : workload));
        cmd.add("port=" + port);
        cmd.add("ns=" + ns);
        cmd.add("jobs=" + jobs);
        cmd.add("workers=" + workers);
        cmd.add("warmup=" + (io ? Math.min(warmup(), 1000) : warmup()));
        more.forEach((k, v) -> cmd.add(k + "=" + v));
        Path logFile = logs.resolve(ns + ".log");
        Step result;
        Process p = null;
        try {
            Files.deleteIfExists(logFile);
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Process proc = p;
            Thread reader = new Thread(() -> readProtocol(proc, lines, logFile), "stdout-" + ns);
            reader.setDaemon(true);
            reader.start();
            String ready = next(lines, 180);
            if (!"@READY".equals(ready)) {
                throw new IllegalStateException("no @READY: " + ready);
            }
            OutputStream stdin = p.getOutputStream();
            redis.call("CONFIG", "RESETSTAT");
            send(stdin, "GO");
            String res = next(lines, capSeconds);
            if (res == null || !res.startsWith("@RESULT ")) {
                throw new IllegalStateException(res == null ? "no result within the " + capSeconds + " s cap"
                        : "side failed: " + res);
            }
            long commands = redis.totalCommands() - statOverhead;
            Map<String, Double> r = parse(res.substring(8));
            long len = (Long) redis.call("LLEN", ns + ":queue:" + Side.QUEUE);
            long expected = workload.startsWith("enqueue") ? jobs : 0;
            String error = len == expected ? null : "queue holds " + len + " jobs, expected " + expected;
            int done = r.get("jobs").intValue();
            if (done != jobs) {
                error = "side reports " + done + " jobs, expected " + jobs;
            }
            Map<String, Double> extra = new LinkedHashMap<>(r);
            if (workload.equals("idle")) {
                extra.put("cmdsPerSecond", commands / r.get("seconds"));
            }
            result = new Step(impl.name(), workload, workers, jobs, r.get("seconds"),
                    jobs == 0 ? 0 : (double) commands / jobs, r.get("rssKb").longValue(),
                    r.get("threads").longValue(), extra, error);
            send(stdin, "EXIT");
            stdin.close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                log("%s did not exit within 60 s after EXIT; killing it", impl.name());
            }
        } catch (Exception e) {
            result = new Step(impl.name(), workload, workers, jobs, Double.NaN, Double.NaN, 0, 0, Map.of(),
                    e.getMessage() + " (log: " + logFile + ")");
        } finally {
            if (p != null) {
                kill(p);
            }
        }
        steps.add(result);
        if (result.ok()) {
            log("%-12s %-14s %2d workers %,8d jobs %8.3f s %,10.0f jobs/s %6.2f cmds/job RSS %,7d kB %4d threads%s",
                    impl.name(), workload, workers, jobs, result.seconds(), jobs == 0 ? 0 : result.jobsPerSecond(),
                    result.cmdsPerJob(), result.rssKb(), result.threads(),
                    result.extra().containsKey("p99Us") ? String.format(Locale.ROOT, " p50 %.2f ms p99 %.2f ms",
                            result.extra().get("p50Us") / 1000, result.extra().get("p99Us") / 1000) : "");
        } else {
            log("%-12s %-14s %2d workers FAILED: %s", impl.name(), workload, workers, result.error());
        }
        redis.call("FLUSHALL");
    }

    private static void send(OutputStream stdin, String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private static String next(BlockingQueue<String> lines, int seconds) throws InterruptedException {
        return lines.poll(seconds, TimeUnit.SECONDS);
    }

    /** Protocol lines ({@code @...}) to the queue, anything else a side prints on stdout to its log. */
    private static void readProtocol(Process p, BlockingQueue<String> lines, Path logFile) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                Writer w = Files.newBufferedWriter(logFile.resolveSibling(logFile.getFileName() + ".stdout"))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("@")) {
                    lines.add(line);
                } else {
                    w.write(line + "\n");
                }
            }
            lines.add("@EOF exit status " + p.waitFor());
        } catch (IOException | InterruptedException e) {
            lines.add("@EOF " + e);
        }
    }

    /** Ends a side and every process it started (Ruby's forked workers), by pid. */
    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        if (p.isAlive()) {
            p.destroyForcibly();
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                c.destroyForcibly();
            }
        }
    }

    /** Parses the flat JSON object a side prints (numbers only are kept). */
    static Map<String, Double> parse(String json) {
        Map<String, Double> m = new LinkedHashMap<>();
        Matcher x = Pattern.compile("\"([A-Za-z0-9]+)\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(json);
        while (x.find()) {
            m.put(x.group(1), Double.parseDouble(x.group(2)));
        }
        return m;
    }

    static void log(String fmt, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, fmt, args));
    }

    // ---- what Report reads ----

    boolean quick() {
        return quick;
    }

    String versions() {
        return versions;
    }

    List<Impl> impls() {
        return impls;
    }

    List<String> skipped() {
        return skipped;
    }

    List<Step> steps() {
        return steps;
    }

    List<Ref> refs() {
        return refs;
    }

    int capSeconds() {
        return capSeconds;
    }
}
