package io.github.resque4j.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.resque4j.json.RubyJson;

/**
 * Dumps every key of one namespace in the format of the recorded Ruby state files
 * ({@code compat/wire/state/*.txt}): keys sorted, set members and hash fields sorted, lists in order, the
 * namespace rewritten to {@code resque} so a Java run can be compared with Ruby's.
 */
public final class StateDump {
    private StateDump() {
    }

    /**
     * @param redis a raw connection
     * @param namespace the namespace the test used
     * @param withTtl whether to print TTLs (Ruby's dumps do; they vary with timing)
     * @return the dump text, each line ending in a newline
     */
    @SuppressWarnings("unchecked")
    public static String dump(RespClient redis, String namespace, boolean withTtl) {
        List<String> keys = new ArrayList<>((List<String>) redis.call("KEYS", globEscape(namespace) + ":*"));
        keys.sort(null);
        StringBuilder out = new StringBuilder();
        for (String key : keys) {
            String shown = "resque" + key.substring(namespace.length());
            String type = (String) redis.call("TYPE", key);
            out.append("KEY ").append(shown).append("  TYPE ").append(type);
            long ttl = (Long) redis.call("TTL", key);
            if (withTtl && ttl >= 0) {
                out.append("  TTL ").append(ttl);
            }
            out.append('\n');
            switch (type) {
                case "string":
                    out.append("  = ").append(redis.call("GET", key)).append('\n');
                    break;
                case "list": {
                    List<String> items = (List<String>) redis.call("LRANGE", key, "0", "-1");
                    for (int i = 0; i < items.size(); i++) {
                        out.append("  [").append(i).append("] ").append(items.get(i)).append('\n');
                    }
                    break;
                }
                case "set":
                    for (String m : new TreeSet<>((List<String>) redis.call("SMEMBERS", key))) {
                        out.append("  * ").append(m).append('\n');
                    }
                    break;
                case "hash": {
                    List<String> flat = (List<String>) redis.call("HGETALL", key);
                    TreeMap<String, String> sorted = new TreeMap<>();
                    for (int i = 0; i < flat.size(); i += 2) {
                        sorted.put(flat.get(i), flat.get(i + 1));
                    }
                    sorted.forEach((f, v) -> out.append("  ").append(f).append(" => ").append(v).append('\n'));
                    break;
                }
                case "zset": {
                    List<String> flat = (List<String>) redis.call("ZRANGE", key, "0", "-1", "WITHSCORES");
                    for (int i = 0; i < flat.size(); i += 2) {
                        out.append("  ").append(RubyJson.rubyFloatToS(Double.parseDouble(flat.get(i + 1))))
                                .append(" -> ").append(flat.get(i)).append('\n');
                    }
                    break;
                }
                default:
                    out.append("  ?").append('\n');
            }
        }
        return out.toString();
    }

    private static String globEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
