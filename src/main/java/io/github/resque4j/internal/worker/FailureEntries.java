package io.github.resque4j.internal.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.json.RubyJson;

/**
 * Builds failure entries exactly as {@code Resque::Failure::Redis#save} does (WIRE.md §8.1): field order
 * {@code failed_at, payload, exception, error, backtrace, worker, queue}.
 */
final class FailureEntries {
    /** Frames from here on are the worker runtime, not the job (Ruby cuts at lib/resque/job.rb). */
    private static final String RUNTIME_PACKAGE = "io.github.resque4j.internal.";
    private static final int MAX_FRAMES = 200;

    private final RubyJson json;
    private final RubyTime time;

    FailureEntries(RubyJson json, RubyTime time) {
        this.json = json;
        this.time = time;
    }

    /**
     * @param at when it failed
     * @param payload decoded payload (a map) or, for text that is not JSON, the raw string
     * @param exceptionName exception class name
     * @param error message
     * @param backtrace frames
     * @param workerId worker id
     * @param queue queue
     * @return the entry JSON
     */
    String entry(Instant at, Object payload, String exceptionName, String error, List<String> backtrace,
            String workerId, String queue) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("failed_at", time.failedAt(at));
        m.put("payload", payload);
        m.put("exception", exceptionName);
        m.put("error", error);
        m.put("backtrace", backtrace);
        m.put("worker", workerId);
        m.put("queue", queue);
        return json.encode(m);
    }

    /**
     * @param at when it failed
     * @param payload decoded payload
     * @param error the exception
     * @param workerId worker id
     * @param queue queue
     * @return the entry JSON for a Java exception
     */
    String entry(Instant at, Object payload, Throwable error, String workerId, String queue) {
        return entry(at, payload, error.getClass().getName(), message(error), backtrace(error), workerId, queue);
    }

    /** Ruby's {@code exception.to_s}: the message, or the class name when there is none. */
    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getName() : m;
    }

    /**
     * The job's frames: the stack up to the first runtime frame, then each cause as
     * {@code Caused by: <class>: <message>} with its own frames, so the cause chain is not lost.
     */
    static List<String> backtrace(Throwable t) {
        List<String> out = new ArrayList<>();
        Throwable cur = t;
        int depth = 0;
        while (cur != null && depth++ < 10 && out.size() < MAX_FRAMES) {
            if (cur != t) {
                out.add("Caused by: " + cur.getClass().getName() + ": " + message(cur));
            }
            for (StackTraceElement e : cur.getStackTrace()) {
                if (e.getClassName().startsWith(RUNTIME_PACKAGE) || out.size() >= MAX_FRAMES) {
                    break;
                }
                out.add(e.toString());
            }
            cur = cur.getCause() == cur ? null : cur.getCause();
        }
        return out;
    }
}
