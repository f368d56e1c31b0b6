package io.github.resque4j.activejob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.Payload;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.DelayedOutcome;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RespClient;

/**
 * Enqueues every recorded case from Java ({@link ActiveJobs}: now, {@code wait_until} and {@code wait} through
 * resque-scheduler's delayed keys) into a fresh namespace each and compares every key Redis then holds with the
 * keys Rails 6.1 left (compat/activejob/payloads.jsonl): names, types and exact values, including the
 * {@code timestamps:<job json>} index. Jobs are built with the recorded job id and enqueue second; the delayed
 * clock is set so that {@code wait: 3600} lands on the recorded timestamp.
 */
@ExtendWith(RedisExtension.class)
class ActiveJobEnqueueReplayTest {

    @Test
    void javaLeavesTheKeysRailsLeft(RedisKit kit) {
        int i = 0;
        for (ActiveJobRecordings.Row row : ActiveJobRecordings.enqueued()) {
            String ns = kit.ns().name() + "-" + i++;
            ActiveJob recorded = ActiveJob.from(Payload.parse(row.payload(), RubyJson.jsonGem()));
            ActiveJobCases.Case c = ActiveJobCases.get(row.name());
            ActiveJob job = c.build(recorded.jobId(), recorded.enqueuedAtInstant().orElseThrow());
            enqueue(kit, ns, row, c, job, row.delayedAt());
            assertThat(dump(kit.raw(), ns)).as(row.toString()).isEqualTo(normalised(row.keys()));
        }
    }

    /** ActiveJob's retry (executions 1, 30 s later) written from Java equals the re-enqueue Rails did. */
    @Test
    @SuppressWarnings("unchecked")
    void javaWritesARetryAsRailsDid(RedisKit kit) {
        for (String adapter : List.of("json_gem", "oj")) {
            ActiveJobRecordings.Row row = ActiveJobRecordings.row(adapter, "retry_on");
            Map<String, Map<String, Object>> keys = new LinkedHashMap<>(row.retryKeys());
            keys.remove("queues"); // left by the first enqueue
            String delayedKey = keys.keySet().stream().filter(k -> k.startsWith("delayed:")).findFirst().orElseThrow();
            ActiveJob retried = ActiveJob.from(Payload.parse(((List<String>) keys.get(delayedKey).get("value")).get(0),
                    RubyJson.jsonGem()));
            ActiveJob job = ActiveJobCases.get("retry_on").build(retried.jobId(),
                    retried.enqueuedAtInstant().orElseThrow()).toBuilder().executions(1)
                    .exceptionExecutions(Map.of("[ArgumentError]", 1)).build();
            String ns = kit.ns().name() + "-retry-" + adapter;
            // The clock of the recording: the retry time has passed since.
            Clock clock = Clock.fixed(retried.enqueuedAtInstant().orElseThrow(), ZoneOffset.UTC);
            try (DelayedJobs delayed = DelayedJobs.builder(config(kit, ns, row)).clock(clock).build()) {
                ActiveJobs.enqueueAt(delayed, Instant.ofEpochSecond(Long.parseLong(delayedKey.substring(8))), job);
            }
            assertThat(dump(kit.raw(), ns)).as(adapter).isEqualTo(normalised(keys));
        }
    }

    private static ResqueConfig config(RedisKit kit, String ns, ActiveJobRecordings.Row row) {
        return kit.config().mutate().namespace(ns).jsonProfile(row.profile()).build();
    }

    private static void enqueue(RedisKit kit, String ns, ActiveJobRecordings.Row row, ActiveJobCases.Case c,
            ActiveJob job, Long delayedAt) {
        ResqueConfig config = config(kit, ns, row);
        switch (c.when()) {
            case NOW -> {
                try (ResqueClient client = ResqueClient.create(config)) {
                    assertThat(ActiveJobs.enqueue(client, job)).isTrue();
                }
            }
            case AT -> {
                try (DelayedJobs delayed = DelayedJobs.create(config)) {
                    DelayedOutcome outcome = ActiveJobs.enqueueAt(delayed, c.at(), job);
                    assertThat(outcome).isEqualTo(delayedAt == null ? DelayedOutcome.ENQUEUED_NOW : DelayedOutcome.DELAYED);
                }
            }
            case IN -> {
                // Rails computed the time from its clock: Time.now + 3600, truncated to the recorded second.
                Clock clock = Clock.fixed(Instant.ofEpochSecond(delayedAt).minus(c.delay()), ZoneOffset.UTC);
                try (DelayedJobs delayed = DelayedJobs.builder(config).clock(clock).build()) {
                    ActiveJobs.enqueueIn(delayed, c.delay(), job);
                }
            }
        }
    }

    /** The recorded form: key → {type, value}; sets as sorted lists, zsets as [member, score] pairs. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> dump(RespClient raw, String ns) {
        Map<String, Object> out = new TreeMap<>();
        for (String full : (List<String>) raw.call("KEYS", ns + ":*")) {
            String key = full.substring(ns.length() + 1);
            String type = (String) raw.call("TYPE", full);
            Object value = switch (type) {
                case "list" -> raw.call("LRANGE", full, "0", "-1");
                case "set" -> List.copyOf(new TreeSet<>((List<String>) raw.call("SMEMBERS", full)));
                case "zset" -> {
                    List<String> flat = (List<String>) raw.call("ZRANGE", full, "0", "-1", "WITHSCORES");
                    List<Object> pairs = new ArrayList<>();
                    for (int j = 0; j < flat.size(); j += 2) {
                        pairs.add(List.of(flat.get(j), Long.parseLong(flat.get(j + 1))));
                    }
                    yield pairs;
                }
                default -> raw.call("GET", full);
            };
            out.put(key, Map.of("type", type, "value", value));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalised(Map<String, Map<String, Object>> keys) {
        Map<String, Object> out = new TreeMap<>();
        keys.forEach((k, v) -> {
            Object value = v.get("value");
            if ("set".equals(v.get("type"))) {
                value = List.copyOf(new TreeSet<>((List<String>) value));
            } else if ("zset".equals(v.get("type"))) {
                List<Object> pairs = new ArrayList<>();
                for (List<Object> p : (List<List<Object>>) value) {
                    pairs.add(List.of(p.get(0), ((Number) p.get(1)).longValue()));
                }
                value = pairs;
            }
            out.put(k, Map.of("type", v.get("type"), "value", value));
        });
        return out;
    }
}
