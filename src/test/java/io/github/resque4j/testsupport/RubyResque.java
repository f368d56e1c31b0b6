package io.github.resque4j.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testing.RedisServer;

/**
 * Real Ruby Resque, driven over stdin/stdout by {@code ruby-fixtures/scripts/driver.rb}, on one of two backends
 * chosen once per run ({@link #selection()}):
 * <ol>
 * <li><b>container</b> when a Docker engine is available: the image of {@code ruby-fixtures/Dockerfile}, see
 * {@link RubyContainer};</li>
 * <li><b>local</b> Ruby otherwise, running resque from source ({@code RESQUE_RUBY_LIB}, and
 * {@code RESQUE_SCHEDULER_RUBY_LIB} for the scheduler; see ../shared/RUBY.md);</li>
 * <li>neither: tests that need Ruby are skipped, and the reason says how to enable each backend.</li>
 * </ol>
 * {@value #BACKEND} ({@code auto}, {@code container} or {@code local}) overrides the choice. Both backends run the
 * same scripts with the same environment variables, so a test does not know which one it got.
 */
public final class RubyResque implements AutoCloseable {
    /** Environment variable naming resque's {@code lib} folder. */
    public static final String RESQUE_LIB = "RESQUE_RUBY_LIB";
    /** Environment variable naming resque-scheduler's {@code lib} folder. */
    public static final String SCHEDULER_LIB = "RESQUE_SCHEDULER_RUBY_LIB";
    /** Environment variable choosing the backend: {@code auto} (default), {@code container} or {@code local}. */
    public static final String BACKEND = "RESQUE_RUBY_BACKEND";

    /** Where the Ruby processes run. */
    public enum Backend {
        /** A container of the {@code ruby-fixtures/Dockerfile} image (Testcontainers). */
        CONTAINER,
        /** Local {@code ruby} with resque's sources on the load path. */
        LOCAL
    }

    /**
     * The backend for this run, or why there is none.
     *
     * @param backend the backend, null when Ruby tests must be skipped
     * @param skipReason why they are skipped (saying how to enable each backend), null when a backend exists
     */
    public record Selection(Backend backend, String skipReason) {
        static Selection of(Backend backend) {
            return new Selection(backend, null);
        }

        static Selection skip(String reason) {
            return new Selection(null, reason);
        }

        /** @return whether Ruby can run */
        public boolean available() {
            return backend != null;
        }
    }

    private static volatile Selection selected;

    private final JsonLineDriver driver;

    private RubyResque(Process process) {
        this.driver = new JsonLineDriver(process, () -> "");
    }

    /** @return the backend of this run (decided on first use: the Docker check may take a moment) */
    public static Selection selection() {
        Selection s = selected;
        if (s == null) {
            synchronized (RubyResque.class) {
                s = selected;
                if (s == null) {
                    s = select(System.getenv(), RubyContainer::dockerAvailable);
                    selected = s;
                }
            }
        }
        return s;
    }

    /**
     * The backend choice, with its inputs given (no side effects).
     *
     * @param env environment: {@value #BACKEND}, {@value #RESQUE_LIB}, {@code PATH}
     * @param docker whether a Docker engine is available; asked only when a container could be chosen
     * @return the selection
     */
    public static Selection select(Map<String, String> env, BooleanSupplier docker) {
        String mode = env.getOrDefault(BACKEND, "").trim().toLowerCase(Locale.ROOT);
        String local = localUnavailableReason(env);
        String noDocker = "no Docker engine (start one, or set DOCKER_HOST; the image is built from "
                + "ruby-fixtures/Dockerfile)";
        switch (mode) {
            case "local":
                return local == null ? Selection.of(Backend.LOCAL)
                        : Selection.skip(BACKEND + "=local, but " + local);
            case "container":
                return docker.getAsBoolean() ? Selection.of(Backend.CONTAINER)
                        : Selection.skip(BACKEND + "=container, but " + noDocker);
            case "":
            case "auto":
                if (docker.getAsBoolean()) {
                    return Selection.of(Backend.CONTAINER);
                }
                if (local == null) {
                    return Selection.of(Backend.LOCAL);
                }
                return Selection.skip("no Ruby backend. Container: " + noDocker + ". Local Ruby: " + local
                        + ". See interop-tests/README.md");
            default:
                return Selection.skip(BACKEND + " must be auto, container or local, not '" + mode + "'");
        }
    }

    /**
     * @param env environment
     * @return why local Ruby Resque cannot run, or null if it can
     */
    static String localUnavailableReason(Map<String, String> env) {
        String lib = env.get(RESQUE_LIB);
        if (lib == null || lib.isBlank()) {
            return RESQUE_LIB + " is not set (see ../shared/RUBY.md: point it at a resque v3.0.0 checkout's lib/)";
        }
        if (!Files.isRegularFile(Path.of(lib, "resque.rb"))) {
            return RESQUE_LIB + "=" + lib + " does not contain resque.rb";
        }
        if (!onPath("ruby", env.getOrDefault("PATH", ""))) {
            return "ruby is not on the PATH (apt-get install ruby ruby-redis ruby-redis-namespace ...)";
        }
        return null;
    }

    /** @return why Ruby Resque cannot run here (on any backend), or null if it can */
    public static String unavailableReason() {
        return selection().skipReason();
    }

    /** Skips the calling test unless Ruby Resque can run. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "real Ruby Resque skipped: " + reason);
    }

    /** @return why real resque-scheduler cannot run here, or null if it can */
    public static String schedulerUnavailableReason() {
        Selection s = selection();
        return s.backend() == Backend.LOCAL ? SchedulerRuby.unavailableReason() : s.skipReason();
    }

    /** Skips the calling test unless real resque-scheduler can run (on any backend). */
    public static void assumeSchedulerAvailable() {
        String reason = schedulerUnavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "real Ruby resque-scheduler skipped: " + reason);
    }

    private static boolean onPath(String exe, String path) {
        for (String p : path.split(java.io.File.pathSeparator)) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, exe))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The local command line. Only the local backend has one: a test that builds its own process from it is
     * skipped when local Ruby is missing (use {@link #startScript} to run on either backend).
     *
     * @return {@code ruby -I <resque lib> [-I <scheduler lib>]}
     */
    public static List<String> rubyCommand() {
        String reason = localUnavailableReason(System.getenv());
        if (reason != null) {
            Assumptions.abort("this scenario starts Ruby through RubyResque.rubyCommand(), which needs local Ruby: "
                    + reason);
        }
        List<String> cmd = new ArrayList<>(List.of("ruby", "-I", System.getenv(RESQUE_LIB)));
        String sched = System.getenv(SCHEDULER_LIB);
        if (sched != null && !sched.isBlank()) {
            cmd.addAll(List.of("-I", sched));
        }
        return cmd;
    }

    /**
     * Starts a fixture script on this run's backend, with {@code REDIS_URL} (as the backend reaches the server)
     * and {@code RESQUE_NAMESPACE} set. Skips the test when no backend exists.
     *
     * @param server Redis
     * @param namespace namespace
     * @param script file name under {@code ruby-fixtures/scripts/}, e.g. {@code scheduler.rb}
     * @param env further environment variables for the script
     * @param stderr {@code INHERIT}, {@code DISCARD} or a file
     * @return the running process; its stdout is readable through {@link Process#getInputStream()}
     */
    public static Process startScript(RedisServer server, String namespace, String script, Map<String, String> env,
            ProcessBuilder.Redirect stderr) {
        return launch(server, namespace, script, env, ProcessBuilder.Redirect.PIPE, stderr);
    }

    private static Process launch(RedisServer server, String namespace, String script, Map<String, String> env,
            ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr) {
        assumeAvailable();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("RESQUE_NAMESPACE", namespace);
        all.putAll(env);
        if (selection().backend() == Backend.CONTAINER) {
            RubyContainer c = RubyContainer.get(server);
            all.put("REDIS_URL", c.redisUri(server));
            return c.exec(script, all, stdout, stderr);
        }
        all.put("REDIS_URL", server.uri());
        List<String> cmd = rubyCommand();
        cmd.add(Path.of("ruby-fixtures/scripts", script).toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout).redirectError(stderr);
        pb.environment().putAll(all);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the driver.
     *
     * @param server Redis to use
     * @param namespace Resque namespace
     * @return a running driver
     */
    public static RubyResque start(RedisServer server, String namespace) {
        RubyResque r = new RubyResque(startScript(server, namespace, "driver.rb", Map.of(),
                ProcessBuilder.Redirect.INHERIT));
        r.call("ping");
        return r;
    }

    /**
     * Starts a real Ruby Resque worker process ({@code ruby-fixtures/scripts/work.rb}, no fork per job).
     *
     * @param server Redis
     * @param namespace namespace
     * @param queues Ruby's QUEUES value
     * @return the process, after it printed its worker id (call {@code info()} for nothing more)
     */
    public static RubyWorker startWorker(RedisServer server, String namespace, String queues) {
        return startWorker(server, namespace, queues, Map.of());
    }

    /**
     * Starts a real Ruby Resque worker process ({@code ruby-fixtures/scripts/work.rb}) with more environment.
     *
     * @param server Redis
     * @param namespace namespace
     * @param queues Ruby's QUEUES value
     * @param env further variables, which win over the defaults ({@code INTERVAL=0.2}, {@code FORK_PER_JOB=false});
     *     e.g. {@code INTERVAL}, {@code FORK_PER_JOB}, {@code RESQUE_JSON_ADAPTER}, {@code VERBOSE}
     * @return the process, after it printed its worker id; the rest of its stdout is drained
     */
    public static RubyWorker startWorker(RedisServer server, String namespace, String queues,
            Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("QUEUES", queues);
        all.put("INTERVAL", "0.2");
        all.put("FORK_PER_JOB", "false");
        all.putAll(env);
        Process p = startScript(server, namespace, "work.rb", all, ProcessBuilder.Redirect.INHERIT);
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || !line.startsWith("WORKER ")) {
                p.destroyForcibly();
                throw new IllegalStateException("Ruby worker did not start: " + line);
            }
            Thread drain = new Thread(() -> {
                try {
                    while (r.readLine() != null) {
                        // keeps the pipe from filling up (VERBOSE logs go to stdout)
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "ruby-worker-stdout");
            drain.setDaemon(true);
            drain.start();
            return new RubyWorker(p, line.substring(7));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts resque-web ({@code Resque::Server} under WEBrick) on a free loopback port.
     *
     * @param server Redis
     * @param namespace namespace
     * @return the running web server; its base URL is {@code http://127.0.0.1:<port>}
     */
    public static RubyWeb startWeb(RedisServer server, String namespace) {
        assumeAvailable();
        if (selection().backend() == Backend.CONTAINER) {
            Assumptions.assumeTrue(RubyContainer.get(server).hostNetwork(), "resque-web in the Ruby container "
                    + "listens on the container's loopback: it needs " + RubyContainer.NETWORK_ENV + "=host");
        }
        try {
            int port = LocalRedisProcess.freePort();
            Process p = launch(server, namespace, "web.rb", Map.of("WEB_PORT", String.valueOf(port)),
                    ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.DISCARD);
            return new RubyWeb(p, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A running resque-web.
     *
     * @param process the Ruby process
     * @param baseUrl where it listens
     */
    public record RubyWeb(Process process, String baseUrl) implements AutoCloseable {
        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /**
     * A running Ruby worker process.
     *
     * @param process the process
     * @param id the worker id Ruby computed
     */
    public record RubyWorker(Process process, String id) implements AutoCloseable {
        /** SIGKILL. */
        public void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * Runs one driver command.
     *
     * @param command command name
     * @param args arguments (JSON-encodable)
     * @return the decoded result
     * @throws IllegalStateException carrying Ruby's exception class and message
     */
    @SuppressWarnings("unchecked")
    public Object call(String command, Object... args) {
        return driver.call(command, args);
    }

    @Override
    public void close() {
        driver.close();
    }
}
