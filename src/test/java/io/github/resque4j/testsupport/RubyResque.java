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
