package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.Scheduler;
import io.github.resque4j.scheduler.SchedulerOptions;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RubyResque;

/**
 * The master lock handed from a Java {@link Scheduler} to a real resque-scheduler 5.0 process
 * ({@code ruby-fixtures/scripts/scheduler.rb}); RubySchedulerInteropTest covers the way from Ruby to Java.
 */
@ExtendWith(RedisExtension.class)
class RubySchedulerHandoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(RubySchedulerHandoverTest.class);
    private static final String PAYLOAD = "{\"class\":\"NoopJob\",\"args\":[\"handover\"]}";

    /** A running Ruby scheduler and the lock value it uses. */
    private record RubyScheduler(Process process, String lockValue) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static RubyScheduler startRuby(RedisKit kit, int lockTimeout) throws Exception {
        Process p = RubyResque.startScript(kit.server(), kit.ns().name(), "scheduler.rb",
                Map.of("INTERVAL", "0.2", "LOCK_TIMEOUT", String.valueOf(lockTimeout)),
                ProcessBuilder.Redirect.DISCARD);
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).startsWith("SCHEDULER ");
        return new RubyScheduler(p, line.substring(10));
    }

    private static String lockKey(RedisKit kit) {
        return kit.ns().name() + ":" + kit.ns().name() + ":resque_scheduler_master_lock";
    }

    private static String holder(RedisKit kit) {
        return (String) kit.call("GET", lockKey(kit));
    }

    private static Scheduler startJava(RedisKit kit, Duration interval, int lockTimeout) {
        Scheduler s = Scheduler.create(kit.config(), SchedulerOptions.builder().interval(interval)
                .lockTimeout(Duration.ofSeconds(lockTimeout)).build());
        s.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> s.lockValue().equals(holder(kit)));
        return s;
    }

    @Test
    void rubyTakesOverWithinTheTtlWhenTheJavaMasterStopsRenewing(RedisKit kit) throws Exception {
        RubyResque.assumeSchedulerAvailable();
        // Master after its first tick, then silent for an hour: a hung or killed master, as far as Redis can tell.
        try (Scheduler java = startJava(kit, Duration.ofHours(1), 3);
                DelayedJobs delayed = DelayedJobs.create(kit.config())) {
            long acquired = System.nanoTime();
            Instant due = Instant.now().plusSeconds(1);
            delayed.enqueueAt(due, "default", "NoopJob", "handover");
            try (RubyScheduler ruby = startRuby(kit, 3)) {
                long rubyUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acquired);
                assertThat(ruby.lockValue()).isNotEqualTo(java.lockValue());
                // Due, but the lock still names Java: nobody moves it (LLEN read first, so the holder read after
                // it proves Java held the lock then too; it never comes back to Java).
                await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(due.plusMillis(300)));
                long queued = kit.list("queue:default").size();
                if (java.lockValue().equals(holder(kit))) {
                    assertThat(queued).as("moved while the Java lock was live").isZero();
                }

                await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(50))
                        .until(() -> ruby.lockValue().equals(holder(kit)));
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acquired);
                LOG.info("stale Java lock (3 s TTL) taken by Ruby after {} ms; Ruby was up after {} ms", tookMs,
                        rubyUpMs);
                // Not before the 3 s TTL ran out; then at Ruby's next poll (or as soon as a slow Ruby start allows).
                assertThat(tookMs).as("handover time (Ruby up after %d ms)", rubyUpMs)
                        .isBetween(2_500L, Math.max(3_000L, rubyUpMs) + 2_500L);

                await().atMost(Duration.ofSeconds(5)).until(() -> kit.list("queue:default").size() == 1);
                assertThat(kit.list("queue:default")).containsExactly(PAYLOAD);
                assertThat(kit.call("ZCARD", kit.ns().key("delayed_queue_schedule"))).isEqualTo(0L);
                assertThat(java.movedCount()).isZero();
                // Java's close must not delete a lock that is Ruby's now.
                java.close();
                assertThat(holder(kit)).isEqualTo(ruby.lockValue());
            }
        }
    }

    @Test
    void rubyTakesOverAtOnceWhenTheJavaMasterClosesAndReleasesTheLock(RedisKit kit) throws Exception {
        RubyResque.assumeSchedulerAvailable();
        // A 180 s TTL: only the release on close lets Ruby in within seconds.
        Scheduler java = startJava(kit, Duration.ofMillis(200), 180);
        try (DelayedJobs delayed = DelayedJobs.create(kit.config()); RubyScheduler ruby = startRuby(kit, 180)) {
            Thread.sleep(1_000); // Ruby polls the lock five times and stays standby
            assertThat(holder(kit)).isEqualTo(java.lockValue());
            assertThat(java.isMaster()).isTrue();

            long closing = System.nanoTime();
            java.close();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ruby.lockValue().equals(holder(kit)));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            LOG.info("released Java lock taken by Ruby after {} ms", tookMs);
            assertThat(tookMs).isLessThan(3_000L);

            delayed.enqueueAt(Instant.now().plusSeconds(1), "default", "NoopJob", "handover");
            await().atMost(Duration.ofSeconds(10)).until(() -> kit.list("queue:default").size() == 1);
            assertThat(kit.list("queue:default")).containsExactly(PAYLOAD);
            assertThat(java.movedCount()).isZero();
        } finally {
            java.close();
        }
    }
}
