package io.github.resque4j.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import io.github.resque4j.json.RubyJson;

/**
 * Real Ruby Resque, run locally from source ({@code RESQUE_RUBY_LIB}, see ../shared/RUBY.md), driven over
 * stdin/stdout by {@code ruby-fixtures/scripts/driver.rb}. Tests that need it are skipped with the reason
 * when Ruby or the Resque sources are missing.
 */
public final class RubyResque implements AutoCloseable {
    /** Environment variable naming resque's {@code lib} folder. */
    public static final String RESQUE_LIB = "RESQUE_RUBY_LIB";
    /** Environment variable naming resque-scheduler's {@code lib} folder. */
    public static final String SCHEDULER_LIB = "RESQUE_SCHEDULER_RUBY_LIB";

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final RubyJson json = RubyJson.jsonGem();

    private RubyResque(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** @return why Ruby Resque cannot run here, or null if it can */
    public static String unavailableReason() {
        String lib = System.getenv(RESQUE_LIB);
        if (lib == null || lib.isBlank()) {
            return RESQUE_LIB + " is not set (see ../shared/RUBY.md: point it at a resque v3.0.0 checkout's lib/)";
        }
        if (!Files.isRegularFile(Path.of(lib, "resque.rb"))) {
            return RESQUE_LIB + "=" + lib + " does not contain resque.rb";
        }
        if (!onPath("ruby")) {
            return "ruby is not on the PATH (apt-get install ruby ruby-redis ruby-redis-namespace ...)";
        }
        return null;
    }

    /** Skips the calling test unless Ruby Resque can run. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "real Ruby Resque skipped: " + reason);
    }

    static boolean onPath(String exe) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, exe))) {
                return true;
            }
        }
        return false;
    }

    /** @return {@code ruby -I <resque lib> [-I <scheduler lib>]} */
    public static List<String> rubyCommand() {
        List<String> cmd = new ArrayList<>(List.of("ruby", "-I", System.getenv(RESQUE_LIB)));
        String sched = System.getenv(SCHEDULER_LIB);
        if (sched != null && !sched.isBlank()) {
            cmd.addAll(List.of("-I", sched));
        }
        return cmd;
    }

    /**
     * Starts the driver.
     *
     * @param server Redis to use
     * @param namespace Resque namespace
     * @return a running driver
     */
    public static RubyResque start(RedisServer server, String namespace) {
        assumeAvailable();
        List<String> cmd = rubyCommand();
        cmd.add(Path.of("ruby-fixtures/scripts/driver.rb").toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("REDIS_URL", server.uri());
        env.put("RESQUE_NAMESPACE", namespace);
        try {
            RubyResque r = new RubyResque(pb.start());
            r.call("ping");
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        assumeAvailable();
        List<String> cmd = rubyCommand();
        cmd.add(Path.of("ruby-fixtures/scripts/work.rb").toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("REDIS_URL", server.uri());
        env.put("RESQUE_NAMESPACE", namespace);
        env.put("QUEUES", queues);
        env.put("INTERVAL", "0.2");
        env.put("FORK_PER_JOB", "false");
        try {
            Process p = pb.start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || !line.startsWith("WORKER ")) {
                p.destroyForcibly();
                throw new IllegalStateException("Ruby worker did not start: " + line);
            }
            return new RubyWorker(p, line.substring(7));
        } catch (IOException e) {
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
        List<String> cmd = rubyCommand();
        cmd.add(Path.of("ruby-fixtures/scripts/web.rb").toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            int port = LocalRedisProcess.freePort();
            Map<String, String> env = pb.environment();
            env.put("REDIS_URL", server.uri());
            env.put("RESQUE_NAMESPACE", namespace);
            env.put("WEB_PORT", String.valueOf(port));
            return new RubyWeb(pb.start(), "http://127.0.0.1:" + port);
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
        List<Object> line = new ArrayList<>();
        line.add(command);
        line.addAll(Arrays.asList(args));
        try {
            in.write(json.encode(line));
            in.write('\n');
            in.flush();
            String reply = out.readLine();
            if (reply == null) {
                throw new IllegalStateException("Ruby driver exited (code " + waitExit() + ")");
            }
            Map<String, Object> m = json.decodeObject(reply);
            if (m.containsKey("error")) {
                throw new IllegalStateException("Ruby: " + m.get("error"));
            }
            return m.get("ok");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int waitExit() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // process may be gone
        }
        if (waitExit() == -1) {
            process.destroyForcibly();
        }
    }
}
