package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.DelayedOutcome;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.SchedulerRuby;
import io.github.resque4j.testsupport.TestNamespace;

/**
 * Real resque-scheduler 5.0 and {@link DelayedJobs} share delayed jobs: each finds, reads, removes and moves what
 * the other scheduled, byte for byte. Skipped unless RESQUE_RUBY_LIB and RESQUE_SCHEDULER_RUBY_LIB are set.
 */
@ExtendWith(RedisExtension.class)
class RubyDelayedInteropTest {
    private static final long T1 = 2_000_000_000L;
    private static final long T2 = 2_000_000_100L;

    private DelayedJobs jobs;
    private ResqueClient client;
    private SchedulerRuby ruby;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        SchedulerRuby.assumeAvailable();
        jobs = DelayedJobs.create(config);
        client = ResqueClient.create(config);
        ruby = SchedulerRuby.start(server, ns.name());
    }

    @AfterEach
    void tearDown() {
        if (ruby != null) {
            ruby.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** @return Ruby's integers (decoded as Integer or Long) as Longs */
    private static List<Long> longs(Object rubyList) {
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) rubyList) {
            out.add(((Number) o).longValue());
        }
        return out;
    }

    /** Argument lists of many JSON shapes, each a separate job. */
    private static List<List<Object>> shapes() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", Map.of("deep", List.of(1.5, "x", Map.of("k", List.of()))));
        nested.put("nil", null);
        List<List<Object>> out = new ArrayList<>();
        out.add(List.of());
        out.add(List.of(1, "a"));
        out.add(List.of(1.5, 1.0, 1.0e20, 1.0e-05, 1.0e15, 999999999999999.0, 0.1, -0.0, 123456789.12345679));
        out.add(List.of(new BigInteger("18446744073709551617"), new BigInteger("-1180591620717411303424"),
                Long.MAX_VALUE, Long.MIN_VALUE, 0));
        out.add(List.of("héllo 日本 😀", "\u2028\u2029 <>&'", "tab\t nl\n quote\" bs\\ slash/ ctl\u0001 del\u007f"));
        out.add(List.of(nested));
        out.add(List.of(List.of(List.of(), List.of(Map.of())), true, false));
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        out.add(withNull);
        return out;
    }

    @Test
    void delayedBytesAreRubysForEveryShape() {
        for (List<Object> args : shapes()) {
            assertThat(jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "InteropJob", args.toArray()))
                    .isEqualTo(DelayedOutcome.DELAYED);
        }
        List<String> stored = jobs.delayedTimestampPeekRaw(T1, 0, 100);
        assertThat(stored).hasSize(shapes().size());
        for (int i = 0; i < shapes().size(); i++) {
            assertThat(ruby.call("encode_delayed", "default", "InteropJob", shapes().get(i))).isEqualTo(stored.get(i));
        }
    }

    @Test
    void rubyFindsAndRemovesWhatJavaScheduled() {
        List<List<Object>> shapes = shapes();
        for (List<Object> args : shapes) {
            jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "InteropJob", args.toArray());
            jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "InteropJob", args.toArray());
        }
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "special", "InteropJob", "explicit queue");

        assertThat(longs(ruby.call("delayed_queue_peek", 0, 10))).containsExactly(T1, T2);
        assertThat(ruby.call("delayed_queue_schedule_size")).isEqualTo(2);
        assertThat(ruby.call("delayed_timestamp_size", T1)).isEqualTo(shapes.size() + 1);
        assertThat(ruby.call("count_all_scheduled_jobs")).isEqualTo(2 * shapes.size() + 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> peek = (List<Map<String, Object>>) ruby.call("delayed_timestamp_peek", T1, 0, 100);
        assertThat(peek).hasSize(shapes.size() + 1);
        assertThat(peek.get(1)).containsEntry("class", "InteropJob").containsEntry("args", List.of(1, "a"))
                .containsEntry("queue", "default");

        for (List<Object> args : shapes) {
            // InteropJob's @queue is :default, so Ruby's class-derived JSON equals Java's explicit-queue JSON
            assertThat(ruby.call("delayed?", "InteropJob", "default", args)).as("delayed? %s", args).isEqualTo(true);
            assertThat(longs(ruby.call("scheduled_at", "InteropJob", "default", args))).as("scheduled_at %s", args)
                    .containsExactlyInAnyOrder(T1, T2);
            assertThat(ruby.call("remove_delayed", "InteropJob", "default", args)).as("remove_delayed %s", args)
                    .isEqualTo(2);
            assertThat(jobs.isDelayed("default", "InteropJob", args.toArray())).isFalse();
        }
        // explicit queue: not found through the class's queue, found with remove_delayed_in_queue
        assertThat(ruby.call("remove_delayed", "InteropJob", "default", List.of("explicit queue"))).isEqualTo(0);
        assertThat(ruby.call("remove_delayed_in_queue", "InteropJob", "special", List.of("explicit queue")))
                .isEqualTo(1);
        assertThat(jobs.countAllDelayed()).isZero();
    }

    @Test
    void rubyRemovesFromATimestampAndCleansUpWhatJavaScheduled() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "InteropJob", 1);
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "InteropJob", 1);
        assertThat(ruby.call("remove_delayed_job_from_timestamp", T1, "InteropJob", "default", List.of(1)))
                .isEqualTo(1);
        assertThat(jobs.delayedQueuePeek(0, 10)).containsExactly(T2);
        assertThat(jobs.scheduledAt("default", "InteropJob", 1)).containsExactly(T2);
        assertThat(ruby.call("remove_delayed_selection", "InteropJob", List.of(1))).isEqualTo(1);
        assertThat(jobs.countAllDelayed()).isZero();
    }

    @Test
    void javaFindsAndRemovesWhatRubyScheduled() {
        List<List<Object>> shapes = shapes();
        for (List<Object> args : shapes) {
            ruby.call("enqueue_at", T1, "InteropJob", "default", args);
            ruby.call("enqueue_at_with_queue", "special", T2, "StringOnlyJob", args);
        }
        List<String> atT1 = jobs.delayedTimestampPeekRaw(T1, 0, 100);
        List<String> atT2 = jobs.delayedTimestampPeekRaw(T2, 0, 100);
        for (int i = 0; i < shapes.size(); i++) {
            Object[] args = shapes.get(i).toArray();
            assertThat(jobs.isDelayed("default", "InteropJob", args)).as("isDelayed %s", shapes.get(i)).isTrue();
            assertThat(jobs.scheduledAt("special", "StringOnlyJob", args)).containsExactly(T2);
            assertThat(jobs.delayedTimestampPeek(T1, i, 1).get(0).args()).isEqualTo(shapes.get(i));
            // the same bytes Java would have written
            assertThat(ruby.call("encode_delayed", "default", "InteropJob", shapes.get(i))).isEqualTo(atT1.get(i));
            assertThat(ruby.call("encode_delayed", "special", "StringOnlyJob", shapes.get(i))).isEqualTo(atT2.get(i));
        }
        for (List<Object> args : shapes) {
            assertThat(jobs.removeDelayed("default", "InteropJob", args.toArray())).as("removeDelayed %s", args)
                    .isEqualTo(1);
            assertThat(ruby.call("delayed?", "InteropJob", "default", args)).isEqualTo(false);
        }
        assertThat(jobs.removeDelayedJobFromTimestamp(T2, "special", "StringOnlyJob", 1, "a")).isEqualTo(1);
        assertThat(jobs.removeDelayedIf("StringOnlyJob", a -> true)).isEqualTo(shapes.size() - 1);
        assertThat(ruby.call("count_all_scheduled_jobs")).isEqualTo(0);
        assertThat(jobs.delayedQueuePeek(0, 10)).containsExactly(T1, T2); // remove_delayed leaves the schedule
    }

    @Test
    void javaQueueNowMatchesRubyQueueNow() {
        // both sides move a Ruby-written and a Java-written job with resque-web's "queue now"
        ruby.call("enqueue_at_with_queue", "elsewhere", T1, "UnknownClass", List.of(Map.of("x", 1.0e20)));
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "elsewhere", "UnknownClass", Map.of("x", 1.0e20));
        assertThat(jobs.enqueueNextItem(T1)).isPresent();
        @SuppressWarnings("unchecked")
        Map<String, Object> rubyMoved = (Map<String, Object>) ruby.call("enqueue_next_item", T1);
        assertThat(rubyMoved).containsEntry("queue", "elsewhere");
        assertThat(client.peekRaw("elsewhere", 0, 10)).containsExactly(
                "{\"class\":\"UnknownClass\",\"args\":[{\"x\":1.0e+20}]}",
                "{\"class\":\"UnknownClass\",\"args\":[{\"x\":1.0e+20}]}");
        assertThat(jobs.delayedQueueScheduleSize()).isZero();
        assertThat(ruby.call("next_delayed_timestamp", T1 + 1)).isNull();
    }

    @Test
    void rubySchedulerMovesJavaDelayedJobsWhenDue() {
        // a due Java job is enqueued at once; future ones wait for the Ruby scheduler
        DelayedJobs fixed = DelayedJobs.builder(client.config())
                .clock(Clock.fixed(Instant.ofEpochSecond(T1 - 10), ZoneOffset.UTC)).build();
        try (fixed) {
            assertThat(fixed.enqueueAt(Instant.ofEpochSecond(T1 - 20), "default", "InteropJob", "now"))
                    .isEqualTo(DelayedOutcome.ENQUEUED_NOW);
            for (List<Object> args : shapes()) {
                fixed.enqueueAt(Instant.ofEpochSecond(T1), "default", "InteropJob", args.toArray());
            }
            fixed.enqueueAt(Instant.ofEpochSecond(T2), "later", "InteropJob", "later");
        }
        assertThat(((Number) ruby.call("next_delayed_timestamp", T1)).longValue()).isEqualTo(T1);
        ruby.call("handle_delayed_items", T1);
        List<String> queued = client.peekRaw("default", 0, 100);
        assertThat(queued).hasSize(1 + shapes().size());
        assertThat(queued.get(0)).isEqualTo("{\"class\":\"InteropJob\",\"args\":[\"now\"]}");
        for (int i = 0; i < shapes().size(); i++) {
            assertThat(queued.get(i + 1)).isEqualTo(client.json().encode(
                    io.github.resque4j.Job.of("InteropJob", shapes().get(i).toArray()).toPayload()));
        }
        // Ruby's scheduler removed the index entries and the emptied timestamp
        assertThat(jobs.isDelayed("default", "InteropJob", 1, "a")).isFalse();
        assertThat(jobs.delayedQueuePeek(0, 10)).containsExactly(T2);
        assertThat(jobs.nextDelayedTimestamp(Instant.ofEpochSecond(T2))).contains(T2);
    }
}
