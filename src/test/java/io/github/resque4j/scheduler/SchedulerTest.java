package io.github.resque4j.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.ResqueException;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;

@ExtendWith(RedisExtension.class)
class SchedulerTest {
    private static final Duration FAST = Duration.ofMillis(100);
    private final RubyJson json = RubyJson.jsonGem();

    private Scheduler scheduler(RedisKit kit, SchedulerOptions.Builder b, String lockValue) {
        Scheduler s = Scheduler.create(kit.config(), b.lockValue(lockValue).zone(ZoneId.of("UTC")).build());
        s.start();
        return s;
    }

    private String lockKey(RedisKit kit) {
        return kit.ns().name() + ":" + kit.ns().name() + ":resque_scheduler_master_lock";
    }

    @Test
    void onlyOneMasterAndTheOtherTakesOverAfterRelease(RedisKit kit) {
        try (Scheduler a = scheduler(kit, SchedulerOptions.builder().interval(FAST), "host-a:1")) {
            await().atMost(Duration.ofSeconds(5)).until(a::isMaster);
            try (Scheduler b = scheduler(kit, SchedulerOptions.builder().interval(FAST), "host-b:2")) {
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !b.isMaster());
                assertThat(kit.call("GET", lockKey(kit))).isEqualTo("host-a:1");
                assertThat((Long) kit.call("TTL", lockKey(kit))).isBetween(170L, 180L);
                a.close();
                await().atMost(Duration.ofSeconds(5)).until(b::isMaster);
                assertThat(kit.call("GET", lockKey(kit))).isEqualTo("host-b:2");
            }
        }
    }

    @Test
    void aDeadMasterIsReplacedWithinTheLockTimeoutAndCannotReleaseTheNewLock(RedisKit kit) {
        // A "dies": its loop stops after the first tick (interval of an hour) and it never releases.
        Scheduler a = scheduler(kit, SchedulerOptions.builder().interval(Duration.ofHours(1))
                .lockTimeout(Duration.ofSeconds(2)), "host-a:1");
        await().atMost(Duration.ofSeconds(5)).until(a::isMaster);
        try (Scheduler b = scheduler(kit, SchedulerOptions.builder().interval(FAST).lockTimeout(Duration.ofSeconds(2)),
                "host-b:2")) {
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(6)).until(b::isMaster);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
            a.close(); // compare-before-release: must not delete b's lock
            assertThat(kit.call("GET", lockKey(kit))).isEqualTo("host-b:2");
        }
    }

    @Test
    void lockKeyCarriesTheNamespaceTwiceAndThePrefix(RedisKit kit) {
        try (Scheduler s = scheduler(kit, SchedulerOptions.builder().interval(FAST).lockPrefix("myprefix"), "x:1")) {
            await().atMost(Duration.ofSeconds(5)).until(s::isMaster);
            assertThat(kit.call("GET", kit.ns().name() + ":" + kit.ns().name() + ":myprefix:resque_scheduler_master_lock"))
                    .isEqualTo("x:1");
        }
    }

    @Test
    void movesDueDelayedJobsAndSetsAsideTheUndeliverable(RedisKit kit) {
        Instant past = Instant.now().minusSeconds(30);
        try (DelayedJobs delayed = DelayedJobs.builder(kit.config()).clock(Clock.fixed(past.minusSeconds(60),
                ZoneId.of("UTC"))).build()) {
            delayed.enqueueAt(past, "default", "SimpleJob", 1, Map.of("k", 1.5));
            delayed.enqueueAt(past.plusSeconds(1), "other", "OtherJob");
            delayed.enqueueAt(Instant.now().plusSeconds(3600), "default", "Future", 1);
        }
        String ts = String.valueOf(past.getEpochSecond());
        kit.call("RPUSH", kit.ns().key("delayed:" + ts), "{\"class\":\"NoQueue\",\"args\":[1]}", "not json");
        try (Scheduler s = scheduler(kit, SchedulerOptions.builder().interval(FAST), "x:1")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> s.movedCount() == 4);
        }
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[1,{\"k\":1.5}]}");
        assertThat(kit.list("queue:other")).containsExactly("{\"class\":\"OtherJob\",\"args\":[]}");
        List<String> failed = kit.list("failed");
        assertThat(failed).hasSize(2);
        assertThat(json.decodeObject(failed.get(0)).get("payload")).isEqualTo(Map.of("class", "NoQueue", "args",
                List.of(1)));
        assertThat(json.decodeObject(failed.get(1)).get("payload")).isEqualTo("not json");
        assertThat((List<?>) kit.call("ZRANGE", kit.ns().key("delayed_queue_schedule"), "0", "-1")).hasSize(1);
        assertThat(kit.call("EXISTS", kit.ns().key("delayed:" + ts))).isEqualTo(0L);
    }

    @Test
    void recurringJobsFireOnceEvenWithTwoSchedulers(RedisKit kit) {
        SchedulerOptions.Builder b = SchedulerOptions.builder().interval(FAST).dynamic(false)
                .schedule("every_1s", Map.of("class", "Tick", "every", "1s", "queue", "ticks", "args", List.of("x")))
                .schedule("cron_each_sec", Map.of("class", "CronTick", "cron", "* * * * * *", "queue", "crons"));
        try (Scheduler a = scheduler(kit, b, "a:1"); Scheduler c = scheduler(kit, b, "c:2")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> kit.list("queue:ticks").size() >= 3
                    && kit.list("queue:crons").size() >= 3);
            long fired = a.firedCount() + c.firedCount();
            assertThat(fired).isEqualTo(kit.list("queue:ticks").size() + kit.list("queue:crons").size());
            assertThat(a.firedCount() == 0 || c.firedCount() == 0).as("only the master fires").isTrue();
        }
        assertThat(kit.list("queue:ticks").get(0)).isEqualTo("{\"class\":\"Tick\",\"args\":[\"x\"]}");
        @SuppressWarnings("unchecked")
        List<String> last = (List<String>) kit.call("HKEYS", kit.ns().key("delayed:last_enqueued_at"));
        assertThat(last).containsExactlyInAnyOrder("every_1s", "cron_each_sec");
        assertThat((String) kit.call("HGET", kit.ns().key("delayed:last_enqueued_at"), "every_1s"))
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000");
    }

    @Test
    void dynamicSchedulesAreFollowed(RedisKit kit) {
        try (Scheduler s = scheduler(kit, SchedulerOptions.builder().interval(FAST), "x:1");
                Schedules schedules = Schedules.create(kit.config())) {
            await().atMost(Duration.ofSeconds(5)).until(s::isMaster);
            schedules.set("dyn", new java.util.LinkedHashMap<>(Map.of("class", "Dyn", "every", "1s", "queue", "dq",
                    "persist", true)));
            assertThat(kit.call("HGET", kit.ns().key("persistent_schedules"), "dyn")).asString()
                    .doesNotContain("persist").contains("\"every\":\"1s\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> kit.list("queue:dq").size() >= 2);
            assertThat(s.loadedSchedules()).contains("dyn");
            assertThat(schedules.remove("dyn")).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !s.loadedSchedules().contains("dyn"));
            assertThat(kit.members("schedules_changed")).isEmpty();
        }
    }

    @Test
    void schedulesWeCannotHonourExactlyAreRefused(RedisKit kit) {
        try (Schedules schedules = Schedules.create(kit.config())) {
            assertThatThrownBy(() -> schedules.set("bad", Map.of("class", "X", "cron", "every full moon",
                    "queue", "q"))).isInstanceOf(ResqueException.class);
            assertThatThrownBy(() -> schedules.set("noq", Map.of("class", "X", "every", "1m")))
                    .isInstanceOf(ResqueException.class).hasMessageContaining("queue");
            assertThatThrownBy(() -> schedules.set("none", Map.of("class", "X", "queue", "q")))
                    .isInstanceOf(ResqueException.class);
            assertThat(schedules.list()).isEmpty();
        }
    }

    @Test
    void staticScheduleFileInResqueSchedulerFormat(RedisKit kit) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("schedule", ".yml");
        java.nio.file.Files.writeString(f, ""
                + "clear_cache:\n"
                + "  cron: \"0 */6 * * *\"\n"
                + "  class: ClearCache\n"
                + "  queue: low\n"
                + "  args:\n"
                + "    - all\n"
                + "  description: \"clears the cache\"\n"
                + "only_in_production:\n"
                + "  every: 1h\n"
                + "  class: Prod\n"
                + "  queue: low\n"
                + "  rails_env: production\n");
        Map<String, Map<String, Object>> loaded = ScheduleFiles.load(f);
        assertThat(loaded.keySet()).containsExactly("clear_cache", "only_in_production");
        assertThat(loaded.get("clear_cache")).containsEntry("args", List.of("all"));
        try (Scheduler s = scheduler(kit, SchedulerOptions.builder().interval(FAST).dynamic(false).env("staging")
                .schedules(loaded), "x:1")) {
            assertThat(s.loadedSchedules()).containsExactly("clear_cache");
        }
    }
}
