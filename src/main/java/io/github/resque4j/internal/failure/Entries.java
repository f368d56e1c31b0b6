package io.github.resque4j.internal.failure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.json.RubyJson;

/**
 * Reads failure entries (WIRE.md §8.1) leniently, since other clients write them too, and builds what Ruby's
 * {@code Failure.requeue} writes: the entry re-encoded with {@code retried_at}, and {@code {"class","args"}}.
 */
final class Entries {
    /** What Ruby's {@code DataStore#remove_from_failed_queue} stores for a moment; never a real entry. */
    static final String TOMBSTONE = "";

    private final RubyJson json;

    Entries(RubyJson json) {
        this.json = json;
    }

    /**
     * @param list list name
     * @param index position
     * @param raw stored text
     * @return the entry, with a problem description if it cannot be requeued
     */
    FailureEntry parse(String list, long index, String raw) {
        if (raw.isEmpty()) {
            return bare(list, index, raw, "empty entry: the removal tombstone of an interrupted Failure.remove");
        }
        Map<String, Object> m;
        try {
            m = json.decodeObject(raw);
        } catch (PayloadFormatException e) {
            return bare(list, index, raw, "not a JSON object: " + e.getMessage());
        }
        Object bt = m.get("backtrace");
        List<String> backtrace = new ArrayList<>();
        if (bt instanceof List) {
            for (Object frame : (List<?>) bt) {
                backtrace.add(String.valueOf(frame));
            }
        } else if (bt != null) {
            backtrace.add(String.valueOf(bt));
        }
        String problem = problemOf(m);
        return new FailureEntry(list, index, raw, text(m.get("failed_at")), freeze(m.get("payload")),
                text(m.get("exception")), text(m.get("error")), backtrace, text(m.get("worker")), text(m.get("queue")),
                text(m.get("retried_at")), Optional.ofNullable(problem));
    }

    private static FailureEntry bare(String list, long index, String raw, String problem) {
        return new FailureEntry(list, index, raw, null, null, null, null, List.of(), null, null, null,
                Optional.of(problem));
    }

    private static String text(Object v) {
        return v == null || v instanceof String ? (String) v : String.valueOf(v);
    }

    /**
     * Why Ruby's {@code Job.create(item['queue'], item['payload']['class'], *item['payload']['args'])} could
     * not re-create the job (or would create something other than the failed job), or null if it can.
     */
    static String problemOf(Map<String, Object> m) {
        List<String> problems = new ArrayList<>(2);
        Object payload = m.get("payload");
        if (payload == null) {
            problems.add("no payload");
        } else if (!(payload instanceof Map)) {
            problems.add("payload is not a JSON object");
        } else {
            Map<?, ?> p = (Map<?, ?>) payload;
            Object cls = p.get("class");
            if (!(cls instanceof String) || ((String) cls).isEmpty()) {
                problems.add("payload has no class name (\"class\" must be a non-empty string)");
            }
            Object args = p.get("args");
            if (args != null && !(args instanceof List)) {
                problems.add("payload args is not a JSON array");
            }
        }
        Object queue = m.get("queue");
        if (!(queue instanceof String) || ((String) queue).isEmpty()) {
            problems.add("no queue (\"queue\" must be a non-empty string)");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** The commands' arguments for requeueing one entry. */
    record Requeue(String newEntry, String queue, String job) {
    }

    /**
     * @param raw stored text
     * @param retriedAt the {@code retried_at} value to write
     * @return what to write
     * @throws PayloadFormatException if the entry cannot be requeued
     */
    Requeue requeue(String raw, String retriedAt) {
        if (raw.isEmpty()) {
            throw new PayloadFormatException("cannot requeue an empty failure entry (a removal tombstone)", raw);
        }
        Map<String, Object> m;
        try {
            m = json.decodeObject(raw);
        } catch (PayloadFormatException e) {
            throw new PayloadFormatException("cannot requeue a failure entry that is not a JSON object: "
                    + e.getMessage(), raw, e);
        }
        String problem = problemOf(m);
        if (problem != null) {
            throw new PayloadFormatException("cannot requeue failure entry: " + problem, raw);
        }
        Map<?, ?> payload = (Map<?, ?>) m.get("payload");
        // A Ruby Hash keeps an existing key's position on assignment; LinkedHashMap.put does the same.
        m.put("retried_at", retriedAt);
        Map<String, Object> job = new LinkedHashMap<>(4);
        job.put("class", payload.get("class"));
        Object args = payload.get("args");
        job.put("args", args == null ? List.of() : args); // Ruby: *nil is no arguments
        try {
            return new Requeue(json.encode(m), (String) m.get("queue"), json.encode(job));
        } catch (JsonEncodingException e) {
            // e.g. a number too large for a double decodes as Infinity, which Ruby cannot write back either
            throw new PayloadFormatException("cannot re-encode failure entry: " + e.getMessage(), raw, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object freeze(Object v) {
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) v).forEach((k, x) -> out.put(k, freeze(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>(((List<?>) v).size());
            for (Object x : (List<?>) v) {
                out.add(freeze(x));
            }
            return Collections.unmodifiableList(out);
        }
        return v;
    }
}
