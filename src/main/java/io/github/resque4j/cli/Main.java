package io.github.resque4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.ResqueException;

/**
 * Entry point of the {@code resque4j} command line. Exit codes: 0 ok, 1 usage or bad input, 2 Redis
 * unreachable, 3 partial failure.
 */
public final class Main {
    /** Success. */
    public static final int OK = 0;
    /** Unknown command or option, malformed input, nothing changed. */
    public static final int USAGE = 1;
    /** Redis could not be reached. */
    public static final int REDIS_UNAVAILABLE = 2;
    /** A bulk operation did only part of its work. */
    public static final int PARTIAL = 3;

    private Main() {
    }

    /** @param args command line */
    public static void main(String[] args) {
        // Operators want command output, not driver chatter; -D… on the command line still wins.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /**
     * Runs one command in-process (tests use this).
     *
     * @param args command line
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Resque4jCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("resque4j: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof RedisUnavailableException) {
                err.println("resque4j: " + ex.getMessage());
                return REDIS_UNAVAILABLE;
            }
            if (ex instanceof ResqueException || ex instanceof IllegalArgumentException) {
                err.println("resque4j: " + ex.getMessage());
                return USAGE;
            }
            throw ex;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
