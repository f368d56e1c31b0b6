package io.github.resque4j.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;

import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.RedisServer;

/**
 * Real node-resque (actionhero/node-resque, the version pinned in {@code interop-tests/package-lock.json}), run
 * by {@code interop-tests/node/driver.js} and driven over stdin/stdout: one JSON array
 * {@code ["command", args...]} per line in, one {@code {"ok": ...}} or {@code {"error": "..."}} per line out.
 *
 * <p>On first use in a JVM the npm dependencies are installed with {@code npm ci} when
 * {@code interop-tests/node_modules/node-resque} is missing or not the pinned version (a file lock in
 * {@code interop-tests/target/} keeps concurrent builds from installing at the same time). Tests are skipped,
 * with the reason and the fix, when {@code node} is missing or the install cannot be done.
 */
public final class NodeResque implements AutoCloseable {
    /** The folder holding package.json, package-lock.json and node/. */
    public static final Path DIR = Path.of("interop-tests").toAbsolutePath();
    /**
     * JavaScript's {@code Date#toString()}, which node-resque writes for {@code failed_at} and {@code run_at}, e.g.
     * {@code Tue Nov 25 2025 15:32:00 GMT+0000 (Coordinated Universal Time)}.
     */
    public static final String JS_DATE =
            "[A-Z][a-z]{2} [A-Z][a-z]{2} \\d\\d \\d{4} \\d\\d:\\d\\d:\\d\\d GMT[+-]\\d{4} \\(.+\\)";
    private static final Path DRIVER = DIR.resolve("node/driver.js");
    private static final Path MODULE = DIR.resolve("node_modules/node-resque/package.json");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String EOF = "\u0000EOF";
    private static final RubyJson JSON = RubyJson.jsonGem();

    private static String unavailable; // guarded by NodeResque.class
    private static boolean checked; // guarded by NodeResque.class

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Map<String, Object> info;

    private NodeResque(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone; EOF below
            }
            lines.add(EOF);
        }, "node-resque-driver-stdout");
        reader.setDaemon(true);
        reader.start();
        this.info = asMap(call("ping"));
    }

    /**
     * @return why node-resque cannot run here, or null if it can (installs the npm dependencies on first call)
     */
    public static synchronized String unavailableReason() {
        if (!checked) {
            unavailable = check();
            checked = true;
        }
        return unavailable;
    }

    /** Skips the calling test unless node-resque can run. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "node-resque interop skipped: " + reason);
    }

    private static String check() {
        if (!Files.isRegularFile(DRIVER)) {
            return DRIVER + " is missing (run the tests from the repository root)";
        }
        if (!onPath("node")) {
            return "node is not on the PATH: install Node.js >= 20 (e.g. apt-get install nodejs npm), then run "
                    + "`npm ci --no-audit --no-fund` in interop-tests/";
        }
        String pinned = pinnedVersion();
        if (pinned == null) {
            return DIR.resolve("package-lock.json") + " does not pin node-resque";
        }
        return installIfNeeded(pinned);
    }

    /**
     * Under a file lock (so a concurrent build's {@code npm ci} is never seen half done): nothing if the pinned
     * version is installed, else {@code npm ci}.
     */
    private static String installIfNeeded(String pinned) {
        Path target = DIR.resolve("target");
        Path log = target.resolve("npm-ci.log");
        String fix = "run `npm ci --no-audit --no-fund` in interop-tests/ with access to the npm registry";
        try {
            Files.createDirectories(target);
            try (FileChannel ch = FileChannel.open(target.resolve("npm-ci.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                ch.lock(); // held until the channel closes; other JVMs wait here
                if (pinned.equals(installedVersion())) {
                    return null;
                }
                if (!onPath("npm")) {
                    return "node-resque " + pinned + " is not installed in interop-tests/node_modules and npm is not "
                            + "on the PATH: install npm (e.g. apt-get install npm), then " + fix;
                }
                Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "`npm ci` in interop-tests/ did not finish within " + INSTALL_TIMEOUT.toMinutes()
                            + " min (output in " + log + "); " + fix;
                }
                if (p.exitValue() != 0 || !pinned.equals(installedVersion())) {
                    return "`npm ci` in interop-tests/ failed (exit " + p.exitValue() + "): " + tail(log)
                            + " -- full output in " + log + "; " + fix;
                }
                return null;
            }
        } catch (IOException e) {
            return "could not run `npm ci` in interop-tests/ (" + e + "); " + fix;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running `npm ci` in interop-tests/";
        }
    }

    /** @return the first lines of npm's error report ({@code npm error code ...}, the message), or the last lines */
    private static String tail(Path log) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> errors = all.stream().filter(l -> l.startsWith("npm error ") && !l.startsWith("npm error  "))
                    .limit(4).collect(Collectors.toList());
            List<String> shown = errors.isEmpty() ? all.subList(Math.max(0, all.size() - 4), all.size()) : errors;
            return String.join(" | ", shown);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    @SuppressWarnings("unchecked")
    private static String pinnedVersion() {
        try {
            Map<String, Object> lock = JSON.decodeObject(Files.readString(DIR.resolve("package-lock.json")));
            Map<String, Object> pkgs = (Map<String, Object>) lock.get("packages");
            Map<String, Object> nr = pkgs == null ? null : (Map<String, Object>) pkgs.get("node_modules/node-resque");
            return nr == null ? null : (String) nr.get("version");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String installedVersion() {
        try {
            return (String) JSON.decodeObject(Files.readString(MODULE)).get("version");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean onPath(String exe) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, exe))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a driver (skipping the test if node-resque cannot run).
     *
     * @param server Redis
     * @param namespace node-resque's {@code connection.namespace}
     * @return a running driver, connected
     */
    public static NodeResque start(RedisServer server, String namespace) {
        assumeAvailable();
        ProcessBuilder pb = new ProcessBuilder("node", DRIVER.toString()).directory(DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("REDIS_HOST", server.host());
        env.put("REDIS_PORT", String.valueOf(server.port()));
        env.put("RESQUE_NAMESPACE", namespace);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new NodeResque(p);
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** @return the driver's {@code ping} answer: node, nodeResque (version), pid, namespace */
    public Map<String, Object> info() {
        return info;
    }

    /** @return the node process id (the pid in node-resque's default worker names) */
    public long pid() {
        return process.pid();
    }

    /**
     * Runs one driver command.
     *
     * @param command command name (see driver.js)
     * @param args JSON-encodable arguments
     * @return the decoded result
     * @throws IllegalStateException with node's error text, or if the driver died or did not answer in time
     */
    public synchronized Object call(String command, Object... args) {
        List<Object> request = new ArrayList<>();
        request.add(command);
        request.addAll(Arrays.asList(args));
        try {
            in.write(JSON.encode(request));
            in.write('\n');
            in.flush();
            String reply = lines.poll(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("node-resque driver did not answer " + command + " within "
                        + CALL_TIMEOUT.toSeconds() + " s");
            }
            if (EOF.equals(reply)) {
                lines.add(EOF);
                throw new IllegalStateException("node-resque driver exited (code " + waitExit() + ")");
            }
            Map<String, Object> m = JSON.decodeObject(reply);
            if (m.containsKey("error")) {
                throw new IllegalStateException("node-resque " + command + ": " + m.get("error"));
            }
            return m.get("ok");
        } catch (IOException e) {
            throw new UncheckedIOException("node-resque driver is gone (code " + waitExit() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a node-resque {@code Worker} in the driver.
     *
     * @param key the driver's handle for it
     * @param queues its queues, in priority order
     * @param jobs class name to behaviour: {@code echo} (remember args), {@code record} (also RPUSH
     *        {@code "<tag>:<first arg>"} to {@code <ns>:interop:done}), {@code fail} (throw {@code InteropError}),
     *        {@code block} (wait for {@link #release})
     * @param extra more options: {@code name} (node-resque's worker name), {@code tag}, {@code timeout} (ms
     *        between empty polls, default 100 here, 5000 in node-resque)
     * @return {@code name}, {@code id} (the member of {@code workers}) and {@code pid}
     */
    public Map<String, Object> startWorker(String key, List<String> queues, Map<String, String> jobs,
            Map<String, Object> extra) {
        Map<String, Object> spec = new LinkedHashMap<>(extra);
        spec.put("key", key);
        spec.put("queues", queues);
        spec.put("jobs", jobs);
        return asMap(call("startWorker", spec));
    }

    /**
     * @param key worker handle
     * @return what each job the worker ran received: {@code class}, {@code queue} (the polled queue), {@code job}
     *         (the parsed payload) and {@code args}, in run order
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> received(String key) {
        return (List<Map<String, Object>>) call("received", key);
    }

    /** @param key worker handle @return {@code successes}, {@code failures}, {@code errors}, {@code received} */
    public Map<String, Object> counts(String key) {
        return asMap(call("counts", key));
    }

    /** @param key worker handle @return how many blocked jobs were let go */
    public Object release(String key) {
        return call("release", key);
    }

    /** @param key worker handle @return its counts, after {@code worker.end()} unregistered it */
    public Map<String, Object> stopWorker(String key) {
        return asMap(call("stopWorker", key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** SIGKILL: the node process dies without unregistering anything. */
    public void kill() {
        process.destroyForcibly();
        waitExit();
    }

    private int waitExit() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Ends every worker and scheduler in the driver (they unregister), then stops the process. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                in.close(); // the driver shuts everything down on EOF
            } catch (IOException ignored) {
                // already gone
            }
            if (waitExit() == -1) {
                process.destroyForcibly();
                waitExit();
            }
        }
    }
}
