package io.github.resque4j.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;
import io.github.resque4j.testsupport.Compat;
import io.github.resque4j.testsupport.MonitoredCommand;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RedisMonitor;
import io.github.resque4j.testsupport.Replay;
import io.github.resque4j.testsupport.StateDump;

/**
 * Replays resque-scheduler 5.0's {@code handle_delayed_items} recordings (batch size 2, and the job Ruby
 * loses) with the Java scheduler. Recorded timestamps are shifted to "now" so the same items are due, and
 * shifted back for the comparison; the master lock value is normalised.
 */
@ExtendWith(RedisExtension.class)
class SchedulerReplayTest {
    private final RubyJson json = RubyJson.jsonGem();

    /** Ruby's "now" in each recording (the zrangebyscore upper bound). */
    private static long rubyNow(List<MonitoredCommand> ruby) {
        for (MonitoredCommand c : ruby) {
            if (c.name().equals("zrangebyscore")) {
                return Long.parseLong(c.args().get(2));
            }
        }
        throw new IllegalStateException("no zrangebyscore");
    }

    private static String rubyLockValue(List<MonitoredCommand> ruby) {
        for (MonitoredCommand c : ruby) {
            if (c.name().equals("evalsha")) {
                return c.args().get(3);
            }
        }
        throw new IllegalStateException("no lock");
    }

    private static List<String> timestampsIn(List<MonitoredCommand> ruby) {
        List<String> out = new ArrayList<>();
        for (MonitoredCommand c : ruby) {
            if (c.name().equals("zadd") && !out.contains(c.args().get(1))) {
                out.add(c.args().get(1));
            }
        }
        return out;
    }

    private static String replaceAll(String s, Map<String, String> map) {
        String out = s;
        for (Map.Entry<String, String> e : map.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private record Run(List<String> expected, List<String> actual, String expectedState, String actualState,
            List<String> failed) {
    }

    private Run replay(RedisKit kit, String scenario, SchedulerOptions.Builder options, long items) {
        List<MonitoredCommand> ruby = Compat.transcript(scenario);
        long now = Long.parseLong(String.valueOf(kit.call("TIME") instanceof List<?> l ? l.get(0) : "0"));
        long shift = now - rubyNow(ruby);
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> back = new LinkedHashMap<>();
        for (String ts : timestampsIn(ruby)) {
            forward.put(ts, String.valueOf(Long.parseLong(ts) + shift));
            back.put(String.valueOf(Long.parseLong(ts) + shift), ts);
        }
        List<MonitoredCommand> seed = new ArrayList<>();
        for (MonitoredCommand c : ruby) {
            if (c.name().equals("echo") || c.name().equals("zrangebyscore") || c.name().equals("info")) {
                break;
            }
            seed.add(c.map(a -> replaceAll(a, forward)));
        }
        String ns = kit.ns().name();
        RedisMonitor monitor = RedisMonitor.start(kit.server());
        Replay.run(kit.raw(), seed, ns);
        String javaLock;
        try (Scheduler scheduler = Scheduler.create(kit.config(), options.dynamic(false).zone(ZoneId.of("UTC"))
                .interval(java.time.Duration.ofHours(1)).build())) {
            scheduler.start(); // its loop ticks once right away, then sleeps for an hour
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> scheduler.movedCount() == items);
            javaLock = scheduler.lockValue();
            List<MonitoredCommand> seen = monitor.stop();
            // The lock was taken with resque-scheduler's own script: same SHA, same double-namespaced key.
            assertThat(seen).anyMatch(c -> c.name().equals("evalsha")
                    && c.args().get(0).equals("8f4a4e422bfa8f9a0931e350d6e30b1c3ce97c33")
                    && c.args().get(2).equals(ns + ":" + ns + ":resque_scheduler_master_lock"));
            String rubyLock = rubyLockValue(ruby);
            List<String> actual = new ArrayList<>();
            for (String c : Replay.asRuby(RedisMonitor.writes(seen, ns + ":"), ns)) {
                if (!c.contains("resque_scheduler_master_lock")) {
                    actual.add(replaceAll(c, back));
                }
            }
            List<String> expected = new ArrayList<>();
            for (String c : Replay.spelled(RedisMonitor.writes(ruby, "resque:"))) {
                if (!c.contains("resque_scheduler_master_lock")) {
                    expected.add(c);
                }
            }
            // The lock key carries the namespace twice; the dump only rewrites the first one.
            String actualState = replaceAll(StateDump.dump(kit.raw(), ns, false), back).replace(javaLock, "<LOCK>")
                    .replace("resque:" + ns + ":", "resque:resque:");
            String expectedState = Compat.state(scenario).replaceAll("  TTL \\d+", "").replace(rubyLock, "<LOCK>");
            return new Run(expected, actual, expectedState, actualState, kit.list("failed"));
        }
    }

    @Test
    void schedulerTickMovesBatchesLikeRuby(RedisKit kit) {
        Run run = replay(kit, "scheduler_tick", SchedulerOptions.builder().batchSize(2)
                .classQueue("OtherQueueJob", "other"), 5);
        assertThat(run.expected()).hasSizeGreaterThan(20);
        assertThat(run.actual()).containsExactlyElementsOf(run.expected());
        assertThat(run.actualState()).isEqualTo(run.expectedState());
    }

    @Test
    void aJobRubyWouldLoseIsSetAsideInTheFailedList(RedisKit kit) {
        Run run = replay(kit, "scheduler_tick_noqueue", SchedulerOptions.builder(), 2);
        // Everything Ruby wrote, plus one RPUSH failed for the job Ruby drops (NoQueueError after LTRIM).
        List<String> withoutAside = new ArrayList<>(run.actual());
        withoutAside.removeIf(c -> c.startsWith("rpush \"resque:failed\""));
        assertThat(withoutAside).containsExactlyElementsOf(run.expected());
        assertThat(run.failed()).hasSize(1);
        Map<String, Object> entry = json.decodeObject(run.failed().get(0));
        assertThat(entry.get("payload")).isEqualTo(Map.of("class", "Java::Only::Job", "args", List.of(1)));
        assertThat(entry.get("exception")).isEqualTo("io.github.resque4j.scheduler.UndeliverableDelayedJob");
        assertThat((String) entry.get("error")).contains("no queue");
        assertThat(entry.keySet()).containsExactly("failed_at", "payload", "exception", "error", "backtrace",
                "worker", "queue");
    }
}
