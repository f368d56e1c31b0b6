package io.github.resque4j.cli;

import java.io.PrintWriter;

import io.github.resque4j.RedisUnavailableException;

/**
 * Long-running commands ({@code work}, {@code scheduler}) started while Redis is unreachable wait for it with
 * capped exponential backoff (100 ms doubling to 30 s), saying so once per state change, instead of exiting.
 */
final class StartupRetry {
    static final long MAX_BACKOFF_MS = 30_000;

    private StartupRetry() {
    }

    /**
     * @param start the start action (retryable: it throws and leaves nothing half-started)
     * @param err where to report
     * @throws InterruptedException if interrupted while waiting (e.g. SIGTERM)
     */
    static void run(Runnable start, PrintWriter err) throws InterruptedException {
        long backoff = 100;
        boolean waiting = false;
        while (true) {
            try {
                start.run();
                if (waiting) {
                    err.println("resque4j: Redis is reachable, started");
                    err.flush();
                }
                return;
            } catch (RedisUnavailableException e) {
                if (!waiting) {
                    waiting = true;
                    err.println("resque4j: " + e.getMessage() + "; retrying with backoff up to "
                            + MAX_BACKOFF_MS / 1000 + " s");
                    err.flush();
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }
}
