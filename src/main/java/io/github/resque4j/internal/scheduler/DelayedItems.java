package io.github.resque4j.internal.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resque4j.Job;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.json.RubyJson;

/**
 * resque-scheduler's encodings and conversions, shared by the delayed-jobs API and (later) the scheduler loop.
 */
public final class DelayedItems {
    private DelayedItems() {
    }

    /**
     * {@code job_to_hash_with_queue(queue, klass, args)}: {@code {"class":…,"args":[…],"queue":…}} in that order.
     *
     * @param json the codec
     * @param queue queue name
     * @param job class and args
     * @return the delayed job's exact text
     * @throws io.github.resque4j.JsonEncodingException for an unencodable argument
     */
    public static String encode(RubyJson json, String queue, Job job) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("class", job.className());
        m.put("args", job.args());
        m.put("queue", queue);
        return json.encode(m);
    }

    /**
     * What {@code Resque::Scheduler.enqueue_from_config} would enqueue for a stored delayed job whose class
     * Ruby cannot load: queue from the item, {@code args} normalised ({@code Hash} → {@code [hash]},
     * otherwise {@code Array(args)}).
     *
     * @param json the codec
     * @param raw the stored text
     * @return queue and job
     * @throws PayloadFormatException if it is not a JSON object, has no non-empty string {@code class}, or no
     *     string {@code queue} (Ruby's scheduler would raise {@code NoQueueError} and lose the job)
     */
    public static Due due(RubyJson json, String raw) {
        Map<String, Object> fields = json.decodeObject(raw);
        Object cls = fields.get("class");
        if (!(cls instanceof String) || ((String) cls).isBlank()) {
            throw new PayloadFormatException("delayed job has no class name (\"class\" must be a non-blank string)",
                    raw);
        }
        Object queue = fields.get("queue");
        if (!(queue instanceof String)) {
            throw new PayloadFormatException("delayed job has no \"queue\"; a Ruby scheduler that cannot load "
                    + cls + " would drop it (NoQueueError)", raw);
        }
        return new Due((String) queue, new Job((String) cls, normaliseArgs(fields.get("args"))));
    }

    /**
     * Ruby's {@code args.is_a?(Hash) ? [args] : Array(args)}.
     *
     * @param args decoded {@code args} value
     * @return the argument list a scheduler would enqueue with, unmodifiable
     */
    @SuppressWarnings("unchecked")
    public static List<Object> normaliseArgs(Object args) {
        if (args == null) {
            return List.of();
        }
        if (args instanceof List) {
            return Collections.unmodifiableList((List<Object>) args);
        }
        List<Object> one = new ArrayList<>(1);
        one.add(args);
        return Collections.unmodifiableList(one);
    }

    /**
     * Ruby's {@code String#to_i}: optional leading whitespace, an optional sign, then decimal digits (underscores
     * between digits allowed); anything else ends the number; no digits gives 0.
     *
     * @param s text
     * @return its integer value
     */
    public static long rubyToI(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        boolean digit = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
                digit = true;
            } else if (c != '_' || !digit || i + 1 >= n || !Character.isDigit(s.charAt(i + 1))) {
                break;
            }
        }
        return negative ? -v : v;
    }

    /**
     * Ruby's {@code key.tr('delayed:', '').to_i}, as {@code scheduled_at} reads a {@code timestamps:} member.
     *
     * @param member e.g. {@code delayed:2000000000}
     * @return the timestamp
     */
    public static long timestampOfMember(String member) {
        StringBuilder b = new StringBuilder(member.length());
        for (int i = 0; i < member.length(); i++) {
            char c = member.charAt(i);
            if ("delay:".indexOf(c) < 0) {
                b.append(c);
            }
        }
        return rubyToI(b.toString());
    }

    /**
     * A delayed job ready to be enqueued.
     *
     * @param queue target queue
     * @param job class and normalised args
     */
    public record Due(String queue, Job job) {
    }
}
