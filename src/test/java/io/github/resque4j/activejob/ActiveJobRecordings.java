package io.github.resque4j.activejob;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resque4j.json.JsonProfile;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.Compat;

/**
 * The payloads recorded from Rails 6.1 ActiveJob on the Resque adapter ({@code compat/activejob/payloads.jsonl},
 * written by {@code compat/tools/record_activejob.rb}; the columns are described in compat/activejob/README.md).
 */
public final class ActiveJobRecordings {
    private ActiveJobRecordings() {
    }

    /**
     * One recorded case under one MultiJson adapter.
     *
     * @param adapter {@code json_gem} or {@code oj}
     * @param name the case name (ruby-fixtures/jobs/active_jobs.rb)
     * @param error the enqueue's exception, or null
     * @param keys every key the enqueue wrote (namespace removed) to {@code {"type":…,"value":…}}
     * @param payload the queued or delayed entry exactly as stored
     * @param delayedAt the delayed timestamp, or null
     * @param movedPayload the entry resque-scheduler pushed when it moved the delayed job, or null
     * @param performed what the job recorded when Ruby ran it, or null
     * @param retryKeys for the retry case, the keys ActiveJob's re-enqueue wrote, else null
     */
    public record Row(String adapter, String name, String error, Map<String, Map<String, Object>> keys,
            String payload, Long delayedAt, String movedPayload, Map<String, Object> performed,
            Map<String, Map<String, Object>> retryKeys) {

        /** @return the JSON profile resque4j uses to write what this adapter wrote (with ActiveSupport loaded) */
        public JsonProfile profile() {
            return "oj".equals(adapter) ? JsonProfile.OJ_COMPAT : JsonProfile.ACTIVE_SUPPORT;
        }

        /** @return the job data hash of {@link #payload()} */
        @SuppressWarnings("unchecked")
        public Map<String, Object> jobData() {
            Map<String, Object> p = RubyJson.jsonGem().decodeObject(payload);
            return (Map<String, Object>) ((List<Object>) p.get("args")).get(0);
        }

        @Override
        public String toString() {
            return adapter + "/" + name;
        }
    }

    private static volatile List<Row> rows;

    /** @return every recorded row, in file order (json_gem cases first, then oj) */
    @SuppressWarnings("unchecked")
    public static List<Row> rows() {
        List<Row> r = rows;
        if (r == null) {
            RubyJson json = RubyJson.jsonGem();
            List<Row> out = new ArrayList<>();
            for (String line : Compat.file("activejob/payloads.jsonl").split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Map<String, Object> m = json.decodeObject(line);
                Object at = m.get("delayed_at");
                out.add(new Row((String) m.get("adapter"), (String) m.get("case"), (String) m.get("error"),
                        (Map<String, Map<String, Object>>) m.get("keys"), (String) m.get("payload"),
                        at == null ? null : ((Number) at).longValue(), (String) m.get("moved_payload"),
                        (Map<String, Object>) m.get("performed"),
                        (Map<String, Map<String, Object>>) m.get("retry_keys")));
            }
            rows = r = List.copyOf(out);
        }
        return r;
    }

    /** @return the rows whose enqueue succeeded */
    public static List<Row> enqueued() {
        return rows().stream().filter(r -> r.error() == null).toList();
    }

    /**
     * @param adapter {@code json_gem} or {@code oj}
     * @param name case name
     * @return that row
     */
    public static Row row(String adapter, String name) {
        return rows().stream().filter(r -> r.adapter().equals(adapter) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no recorded row " + adapter + "/" + name));
    }
}
