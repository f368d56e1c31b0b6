package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;
import io.github.resque4j.scheduler.Schedules;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RubyResque;

/** A Java scheduler next to a real resque-scheduler 5.0 process (skipped without the Ruby env vars). */
@ExtendWith(RedisExtension.class)
class RubySchedulerInteropTest {

    /** A running Ruby scheduler and its lock value. */
    private record RubyScheduler(Process process, String lockValue) implements AutoCloseable {
        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static RubyScheduler startRuby(RedisKit kit, int lockTimeout) throws Exception {
        RubyResque.assumeSchedulerAvailable();
        Process p = RubyResque.startScript(kit.server(), kit.ns().name(), "scheduler.rb",
                Map.of("INTERVAL", "0.2", "LOCK_TIMEOUT", String.valueOf(lockTimeout)), ProcessBuilder.Redirect.DISCARD);
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).startsWith("SCHEDULER ");
        return new RubyScheduler(p, line.substring(10));
    }

    private static Scheduler startJava(RedisKit kit, int lockTimeout) {
        Scheduler s = Scheduler.create(kit.config(), SchedulerOptions.builder().interval(Duration.ofMillis(200))
                .lockTimeout(Duration.ofSeconds(lockTimeout)).build());
        s.start();
        return s;
    }

    private static String lockKey(RedisKit kit) {
        return kit.ns().name() + ":" + kit.ns().name() + ":resque_scheduler_master_lock";
    }

    @Test
    void whoeverIsMasterMovesTheOthersDelayedJobsAndTheOtherWaits(RedisKit kit) throws Exception {
        try (RubyScheduler ruby = startRuby(kit, 180)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ruby.lockValue().equals(kit.call("GET", lockKey(kit))));
            try (Scheduler java = startJava(kit, 180); DelayedJobs delayed = DelayedJobs.create(kit.config())) {
                delayed.enqueueAt(Instant.now().plusSeconds(1), "default", "NoopJob", "java-made");
                await().atMost(Duration.ofSeconds(15)).until(() -> kit.list("queue:default").size() == 1);
                assertThat(java.isMaster()).isFalse();
                assertThat(java.movedCount()).isZero();
                assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"NoopJob\",\"args\":[\"java-made\"]}");
            }
        }
    }

    @Test
    void rubyEnqueueAtJobsAreMovedByTheJavaScheduler(RedisKit kit) throws Exception {
        try (io.github.resque4j.testsupport.SchedulerRuby ruby = io.github.resque4j.testsupport.SchedulerRuby.start(
                kit.server(), kit.ns().name()); Scheduler java = startJava(kit, 180)) {
            long at = Instant.now().getEpochSecond() + 2;
            ruby.call("enqueue_at_with_queue", "default", at, "RubyMade", List.of(1, 1.5, Map.of("k", "ü")));
            ruby.call("enqueue_at_with_queue", "other", at, "RubyMade", List.of(2));
            assertThat(kit.list("queue:default")).isEmpty();
            await().atMost(Duration.ofSeconds(15)).until(() -> kit.list("queue:default").size() == 1
                    && kit.list("queue:other").size() == 1);
            assertThat(java.isMaster()).isTrue();
            assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"RubyMade\",\"args\":[1,1.5,{\"k\":\"ü\"}]}");
            assertThat(ruby.call("delayed_queue_schedule_size")).isEqualTo(0);
            assertThat(ruby.call("count_all_scheduled_jobs")).isEqualTo(0);
        }
    }

    @Test
    void recurringJobFiresOncePerTickAndTheJavaSchedulerTakesOverWhenRubyDies(RedisKit kit) throws Exception {
        try (RubyScheduler ruby = startRuby(kit, 3)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ruby.lockValue().equals(kit.call("GET", lockKey(kit))));
            try (Scheduler java = startJava(kit, 3); Schedules schedules = Schedules.create(kit.config())) {
                Map<String, Object> cfg = new LinkedHashMap<>();
                cfg.put("class", "NoopJob");
                cfg.put("cron", "* * * * * *");
                cfg.put("queue", "ticks");
                schedules.set("each_second", cfg);
                await().atMost(Duration.ofSeconds(15)).until(() -> kit.list("queue:ticks").size() >= 2);
                int before = kit.list("queue:ticks").size();
                Thread.sleep(4_000); // observation window: the count must grow by ~1 per second, not 2
                int grown = kit.list("queue:ticks").size() - before;
                assertThat(grown).as("jobs in 4 s with both schedulers running").isBetween(3, 5);
                assertThat(java.firedCount()).isZero();

                ruby.process().destroyForcibly();
                ruby.process().waitFor(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(10)).until(java::isMaster);
                long fired = java.firedCount();
                await().atMost(Duration.ofSeconds(10)).until(() -> java.firedCount() >= fired + 2);
                assertThat(java.loadedSchedules()).contains("each_second");
            }
        }
    }
}
