package io.github.resque4j.failure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.github.resque4j.internal.RubyTime;

/**
 * One failure entry as stored by Ruby's {@code Resque::Failure::Redis#save} (WIRE.md §8.1) or by a resque4j
 * worker, with its position. Immutable. Entries written by other clients are listed even when they are not
 * valid JSON or lack fields Resque needs: then {@link #problem()} says what is wrong, the fields that could
 * be read are filled in and the others are {@code null}.
 *
 * <p>Field values that are not JSON strings (a number as {@code worker}, say) are given as their JSON-ish
 * {@code String.valueOf} text so nothing is hidden; {@code backtrace} is empty when absent.
 *
 * @param list the failure list name without namespace: {@code failed}, or for RedisMultiQueue e.g.
 *     {@code default_failed}
 * @param index the position in that list when it was read (0 = oldest); it shifts when earlier entries go
 * @param raw the exact text stored in Redis, which requeue and remove compare before acting
 * @param failedAt {@code failed_at} as stored, e.g. {@code 2026/11/25 13:41:03 UTC}; {@code null} if absent
 * @param payload the decoded {@code payload}: usually a {@code Map} with {@code class} and {@code args}
 *     (unmodifiable, key order kept); {@code null} if absent
 * @param exception the exception class name, e.g. {@code ArgumentError}; {@code null} if absent
 * @param error the exception message; {@code null} if absent
 * @param backtrace the stored frames, unmodifiable; empty when absent (Ruby stores {@code []} for failures
 *     raised outside {@code Job#perform})
 * @param worker the id of the worker that recorded it; {@code null} if absent
 * @param queue the queue the job was taken from, which is where requeue puts it back; {@code null} if absent
 * @param retriedAt {@code retried_at} as stored if the entry was requeued, else {@code null}
 * @param problem why the entry cannot be requeued (not JSON, no payload, no class, args not an array, no
 *     queue), or empty for a usable entry; an entry with a problem can still be removed
 */
public record FailureEntry(String list, long index, String raw, String failedAt, Object payload, String exception,
        String error, List<String> backtrace, String worker, String queue, String retriedAt,
        Optional<String> problem) {

    /**
     * Checks the identifying components and freezes the backtrace.
     *
     * @param list see the record description
     * @param index see the record description
     * @param raw see the record description
     * @param failedAt see the record description
     * @param payload see the record description
     * @param exception see the record description
     * @param error see the record description
     * @param backtrace see the record description
     * @param worker see the record description
     * @param queue see the record description
     * @param retriedAt see the record description
     * @param problem see the record description
     */
    public FailureEntry {
        // list and raw identify the entry for requeue/remove; the backtrace is frozen so the record is immutable.
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(problem, "problem");
        backtrace = backtrace == null ? List.of() : List.copyOf(backtrace);
    }

    /** @return the payload's {@code class} when it is a string, else {@code null} */
    public String className() {
        return payload instanceof Map && ((Map<?, ?>) payload).get("class") instanceof String
                ? (String) ((Map<?, ?>) payload).get("class") : null;
    }

    /**
     * @return the payload's {@code args} when they are an array (unmodifiable), else an empty list (Ruby
     *     requeues a missing or null {@code args} as {@code []})
     */
    @SuppressWarnings("unchecked")
    public List<Object> args() {
        if (payload instanceof Map && ((Map<?, ?>) payload).get("args") instanceof List) {
            return (List<Object>) ((Map<?, ?>) payload).get("args");
        }
        return List.of();
    }

    /**
     * {@code failed_at} as an instant. Ruby writes the local time with a zone abbreviation, which resque4j
     * reads for the usual abbreviations; a value without a zone or in another spelling gives empty.
     *
     * @return the failure time, or empty if absent or not parseable
     */
    public Optional<Instant> failedAtInstant() {
        return RubyTime.parse(failedAt);
    }

    /** @return whether the entry has been requeued at least once ({@code retried_at} present) */
    public boolean retried() {
        return retriedAt != null;
    }

    /** @return the raw text, which identifies the entry exactly */
    @Override
    public String toString() {
        return "FailureEntry{" + list + "[" + index + "] " + raw + problem.map(p -> " problem=" + p).orElse("") + "}";
    }
}
