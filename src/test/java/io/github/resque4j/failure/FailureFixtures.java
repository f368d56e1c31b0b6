package io.github.resque4j.failure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.RedisKit;

/** Failure entries laid out as Ruby's {@code Failure::Redis#save} writes them (WIRE.md §8.1). */
final class FailureFixtures {
    static final RubyJson JSON = RubyJson.jsonGem();

    private FailureFixtures() {
    }

    /**
     * @param failedAt {@code failed_at}
     * @param className payload class
     * @param args payload args
     * @param exception exception class
     * @param queue queue
     * @return the entry JSON, Ruby's field order
     */
    static String entry(String failedAt, String className, List<?> args, String exception, String queue) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("class", className);
        payload.put("args", args);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failed_at", failedAt);
        m.put("payload", payload);
        m.put("exception", exception);
        m.put("error", "failed " + className);
        m.put("backtrace", List.of());
        m.put("worker", "vm:9273:" + queue);
        m.put("queue", queue);
        return JSON.encode(m);
    }

    /** @return an entry of SimpleJob on default failing at 2026/11/25 13:41:19 UTC with the given first arg */
    static String simple(Object arg) {
        return entry("2026/11/25 13:41:19 UTC", "SimpleJob", List.of(arg), "ArgumentError", "default");
    }

    /** RPUSHes raw values onto a list of the kit's namespace. */
    static void push(RedisKit kit, String list, String... values) {
        List<String> argv = new ArrayList<>();
        argv.add("RPUSH");
        argv.add(kit.ns().key(list));
        argv.addAll(List.of(values));
        kit.call(argv.toArray(new String[0]));
    }
}
