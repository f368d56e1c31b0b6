package io.github.resque4j.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import io.github.resque4j.testing.RedisServer;


/**
 * Real resque-scheduler 5.0 (on Resque 3.0), run from source ({@code RESQUE_RUBY_LIB} and
 * {@code RESQUE_SCHEDULER_RUBY_LIB}), driven over stdin/stdout by {@code ruby-fixtures/scripts/scheduler_driver.rb}.
 * Tests that need it are skipped with the reason when Ruby or either source folder is missing.
 */
public final class SchedulerRuby implements AutoCloseable {
    private final Path stderr;
    private final JsonLineDriver driver;

    private SchedulerRuby(Process process, Path stderr) {
        this.stderr = stderr;
        this.driver = new JsonLineDriver(process, () -> ": " + stderrTail());
    }

    /** @return why real resque-scheduler cannot run here, or null if it can */
    public static String unavailableReason() {
        String resque = RubyResque.unavailableReason();
        if (resque != null) {
            return resque;
        }
        String lib = System.getenv(RubyResque.SCHEDULER_LIB);
        if (lib == null || lib.isBlank()) {
            return RubyResque.SCHEDULER_LIB + " is not set (see ../shared/RUBY.md: point it at a resque-scheduler "
                    + "v5.0.0 checkout's lib/)";
        }
        if (!Files.isRegularFile(Path.of(lib, "resque-scheduler.rb"))) {
            return RubyResque.SCHEDULER_LIB + "=" + lib + " does not contain resque-scheduler.rb";
        }
        return null;
    }

    /** Skips the calling test unless real resque-scheduler can run. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "real Ruby resque-scheduler skipped: " + reason);
    }

    /**
     * Starts the driver.
     *
     * @param server Redis to use
     * @param namespace Resque namespace
     * @return a running driver that answered {@code ping}
     */
    public static SchedulerRuby start(RedisServer server, String namespace) {
        assumeAvailable();
        try {
            Path err = Files.createTempFile("scheduler-driver", ".stderr");
            Process p = RubyResque.startScript(server, namespace, "scheduler_driver.rb",
                    Map.of("RESQUE_JSON_ADAPTER", "json_gem"), ProcessBuilder.Redirect.to(err.toFile()));
            SchedulerRuby r = new SchedulerRuby(p, err);
            r.call("ping");
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one driver command.
     *
     * @param command command name (see scheduler_driver.rb)
     * @param args arguments (JSON-encodable)
     * @return the decoded result
     * @throws IllegalStateException carrying Ruby's exception class and message
     */
    public Object call(String command, Object... args) {
        return driver.call(command, args);
    }

    private String stderrTail() {
        try {
            String s = Files.readString(stderr, StandardCharsets.UTF_8);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        driver.close();
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
