package io.github.resque4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Resque job as Ruby creates it: the class name string and the argument list. Encodes to exactly
 * {@code {"class":…,"args":[…]}}, {@code class} first.
 *
 * @param className the Ruby class name, e.g. {@code Mailer::Deliver}; never empty
 * @param args the arguments (may contain {@code null}); never {@code null}, unmodifiable
 */
public record Job(String className, List<Object> args) {

    /** Validates and freezes the arguments. */
    public Job {
        Names.requireClassName(className);
        if (args == null) {
            throw new IllegalArgumentException("args must not be null (use an empty list)");
        }
        // List.copyOf rejects null elements, which are valid Ruby nil arguments.
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /**
     * @param className the Ruby class name
     * @param args the arguments
     * @return the job
     */
    public static Job of(String className, Object... args) {
        return new Job(className, args == null ? List.of() : Arrays.asList(args));
    }

    /** @return {@code {"class":…,"args":[…]}} as an ordered map, ready to encode */
    public Map<String, Object> toPayload() {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("class", className);
        m.put("args", args);
        return m;
    }
}
