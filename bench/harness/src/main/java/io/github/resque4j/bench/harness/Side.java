package io.github.resque4j.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The child side of the harness protocol, shared by the Java implementations (the node and Ruby sides speak the
 * same protocol in bench/node/side.js and bench/ruby/side.rb).
 *
 * <p>A side is started with {@code key=value} arguments ({@code workload}, {@code port}, {@code ns}, {@code jobs},
 * {@code workers}, {@code sleepMs}, {@code rate}, {@code skip}, {@code seconds}, {@code warmup}). It sets up
 * everything untimed (connections, warm-up, seeded jobs, worker objects), prints {@code @READY}, waits for
 * {@code GO} on stdin, runs the timed part, prints {@code @RESULT {json}} and waits for {@code EXIT} (or end of
 * stdin) before it shuts down. Only lines starting with {@code @} on stdout belong to the protocol.
 *
 * <p>Workloads: {@code enqueue-seq} (jobs enqueued one by one from one thread), {@code enqueue-batch} (the
 * library's batch call), {@code drain} (jobs seeded before READY, workers started at GO, timed until all are
 * processed; {@code sleepMs > 0} makes each job sleep), {@code latency} (workers started before READY; at GO a
 * producer enqueues {@code jobs} jobs at {@code rate} per second, each carrying its wall-clock enqueue time in
 * microseconds; the job records perform start minus that; the first {@code skip} are left out of the
 * percentiles), {@code idle} (workers started before READY, nothing to do, {@code seconds} long).
 */
abstract class Side {
    /** The one queue every workload uses. */
    static final String QUEUE = "bench";

    protected final Map<String, String> params;
    private final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private final PrintStream out;

    Side(String[] args) {
        params = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            params.put(a.substring(0, eq), a.substring(eq + 1));
        }
        // Protocol lines go to the real stdout; anything a library prints there is moved to stderr.
        out = System.out;
        System.setOut(System.err);
    }

    String workload() {
        return params.get("workload");
    }

    int port() {
        return Integer.parseInt(params.get("port"));
    }

    String ns() {
        return params.get("ns");
    }

    int intParam(String key, int dflt) {
        String v = params.get(key);
        return v == null ? dflt : Integer.parseInt(v);
    }

    int jobs() {
        return intParam("jobs", 1000);
    }

    int workers() {
        return intParam("workers", 1);
    }

    /** Tells the driver the side is set up, then blocks until it says GO. */
    void ready() throws IOException {
        out.println("@READY");
        out.flush();
        String line = stdin.readLine();
        if (!"GO".equals(line)) {
            throw new IllegalStateException("expected GO, got " + line);
        }
    }

    /** Prints the result and waits for the driver's EXIT (or end of stdin). */
    void result(double seconds, int jobs, Map<String, Object> extra) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seconds", seconds);
        r.put("jobs", jobs);
        long[] st = procStatus(ProcessHandle.current().pid());
        r.put("rssKb", st[0]);
        r.put("threads", st[1]);
        r.putAll(extra);
        out.println("@RESULT " + json(r));
        out.flush();
        String line;
        while ((line = stdin.readLine()) != null && !"EXIT".equals(line)) {
            // nothing else is sent
        }
    }

    /** Runs the side, reporting any failure as {@code @ERROR} and exit status 1. */
    void main() {
        try {
            run();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            out.println("@ERROR " + t);
            out.flush();
            System.exit(1);
        }
    }

    abstract void run() throws Exception;

    /** Waits (spinning politely) until {@code done} reaches {@code target}. */
    static void await(LongSupplier done, long target) {
        while (done.getAsLong() < target) {
            LockSupport.parkNanos(1_000_000); // 1 ms: cheap to wake, negligible next to a drain
        }
    }

    /** Sleeps until {@code System.nanoTime()} reaches {@code deadline}. */
    static void sleepUntil(long deadline) {
        long now;
        while ((now = System.nanoTime()) < deadline) {
            LockSupport.parkNanos(deadline - now);
        }
    }

    /** @return wall-clock time in microseconds since the epoch (comparable across processes) */
    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /**
     * Latency percentiles over the recorded (enqueue time, latency) pairs, leaving out the {@code skip} earliest
     * enqueued.
     */
    static Map<String, Object> latencyStats(long[] enqueued, long[] latency, int n, int skip) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(enqueued[a], enqueued[b]));
        int from = Math.min(skip, n);
        long[] lat = new long[n - from];
        for (int i = from; i < n; i++) {
            lat[i - from] = latency[order[i]];
        }
        Arrays.sort(lat);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("measured", lat.length);
        r.put("p50Us", percentile(lat, 0.50));
        r.put("p99Us", percentile(lat, 0.99));
        r.put("maxUs", lat.length == 0 ? 0 : lat[lat.length - 1]);
        return r;
    }

    /** Nearest-rank percentile of a sorted array. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** @return {VmRSS in kB, Threads} from /proc/&lt;pid&gt;/status (zeros where unreadable) */
    static long[] procStatus(long pid) {
        long rss = 0;
        long threads = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or the process is gone
        }
        return new long[] {rss, threads};
    }

    /** Flat JSON object of numbers and strings. */
    static String json(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Number) {
                sb.append(v instanceof Double ? String.format(Locale.ROOT, "%.6f", (Double) v) : v.toString());
            } else {
                sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }
}
