package io.github.resque4j;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.resque4j.json.RubyJson;

/**
 * A job payload as stored in Redis: the exact text plus its decoded fields (key order and any extra
 * top-level keys kept, so re-encoding gives Ruby's bytes).
 */
public final class Payload {
    private final String raw;
    private final Map<String, Object> fields;
    private final String className;
    private final List<Object> args;

    private Payload(String raw, Map<String, Object> fields, String className, List<Object> args) {
        this.raw = raw;
        this.fields = fields;
        this.className = className;
        this.args = args;
    }

    /**
     * Decodes a stored payload.
     *
     * @param raw the text as stored
     * @param json the codec
     * @return the payload
     * @throws PayloadFormatException if it is not a JSON object with a string {@code class} and an array (or
     *         absent/null) {@code args}
     */
    @SuppressWarnings("unchecked")
    public static Payload parse(String raw, RubyJson json) {
        Map<String, Object> fields = json.decodeObject(raw);
        Object cls = fields.get("class");
        if (!(cls instanceof String) || ((String) cls).isEmpty()) {
            throw new PayloadFormatException("payload has no class name (\"class\" must be a non-empty string)", raw);
        }
        Object a = fields.get("args");
        List<Object> args;
        if (a == null) {
            // Ruby calls perform() when args is missing or null.
            args = List.of();
        } else if (a instanceof List) {
            args = Collections.unmodifiableList((List<Object>) a);
        } else {
            throw new PayloadFormatException("payload args must be a JSON array, got " + typeName(a), raw);
        }
        return new Payload(raw, Collections.unmodifiableMap(fields), (String) cls, args);
    }

    private static String typeName(Object o) {
        if (o instanceof Map) {
            return "an object";
        }
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    /** @return the exact stored text */
    public String raw() {
        return raw;
    }

    /** @return all decoded top-level fields in stored order, unmodifiable */
    public Map<String, Object> fields() {
        return fields;
    }

    /** @return the {@code class} field */
    public String className() {
        return className;
    }

    /** @return the {@code args} array (empty if absent or null), unmodifiable */
    public List<Object> args() {
        return args;
    }

    /** @return class and args only, as Ruby's {@code Failure.requeue} re-creates a job */
    public Job toJob() {
        return new Job(className, args);
    }

    @Override
    public String toString() {
        return raw;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload && ((Payload) o).raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }
}
