package io.github.resque4j.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.InvalidNameException;
import io.github.resque4j.Job;
import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.Payload;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;

/** Every {@link DelayedJobs} method against a real Redis, checked with raw commands. */
@ExtendWith(RedisExtension.class)
class DelayedJobsTest {
    /** "now" of the Ruby transcripts. */
    static final long NOW = 1_795_614_152L;
    static final long T1 = 2_000_000_000L;
    static final long T2 = 2_000_000_100L;

    private RedisKit kit;
    private DelayedJobs jobs;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
        this.jobs = DelayedJobs.builder(kit.config()).clock(clockAt(Instant.ofEpochSecond(NOW, 500_000_000))).build();
    }

    @AfterEach
    void tearDown() {
        jobs.close();
    }

    static Clock clockAt(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    private static String item(String cls, String argsJson, String queue) {
        return "{\"class\":\"" + cls + "\",\"args\":" + argsJson + ",\"queue\":\"" + queue + "\"}";
    }

    private String key(String k) {
        return kit.ns().key(k);
    }

    @SuppressWarnings("unchecked")
    private List<String> zset() {
        return (List<String>) kit.call("ZRANGE", key("delayed_queue_schedule"), "0", "-1", "WITHSCORES");
    }

    @SuppressWarnings("unchecked")
    private List<String> allKeys() {
        List<String> all = new ArrayList<>((List<String>) kit.call("KEYS", kit.ns().name() + ":*"));
        all.sort(null);
        return all;
    }

    /** Writes a delayed job exactly as given, as another client (node-resque, a hand edit) would. */
    private void rawDelayed(long ts, String json, boolean index) {
        kit.call("RPUSH", key("delayed:" + ts), json);
        if (index) {
            kit.call("SADD", key("timestamps:" + json), "delayed:" + ts);
        }
        kit.call("ZADD", key("delayed_queue_schedule"), Long.toString(ts), Long.toString(ts));
    }

    // ------------------------------------------------------------------------------------------ scheduling

    @Test
    void enqueueAtWritesRubysLayoutAndAllThreeKeys() {
        assertThat(jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1, "a"))
                .isEqualTo(DelayedOutcome.DELAYED);
        String json = item("SimpleJob", "[1,\"a\"]", "default");
        assertThat(kit.list("delayed:" + T1)).containsExactly(json);
        assertThat(kit.members("timestamps:" + json)).containsExactly("delayed:" + T1);
        assertThat(zset()).containsExactly("2000000000", "2000000000");
        assertThat(allKeys()).containsExactly(key("delayed:" + T1), key("delayed_queue_schedule"),
                key("timestamps:" + json));
    }

    @Test
    void fractionOfASecondIsDropped() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1, 900_000_000), "default", "SimpleJob", Map.of("k", 1.5));
        assertThat(kit.list("delayed:" + T1)).containsExactly(item("SimpleJob", "[{\"k\":1.5}]", "default"));
    }

    @Test
    void sameJobAtTwoTimestampsSharesOneIndexSet() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1);
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", 1);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1);
        String json = item("SimpleJob", "[1]", "default");
        assertThat(kit.members("timestamps:" + json)).containsExactlyInAnyOrder("delayed:" + T1, "delayed:" + T2);
        assertThat(kit.list("delayed:" + T1)).containsExactly(json, json);
        assertThat(jobs.scheduledAt("default", "SimpleJob", 1)).containsExactly(T1, T2);
    }

    @Test
    void argumentsOfEveryShapeAreEncodedAsRubyWould() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", 1);
        nested.put("a", List.of(Map.of("deep", 1.0e20)));
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "q", "Mailer::Deliver", 1.5, 1.0, 1.0e20, 1.0e-05, -0.0,
                new BigInteger("18446744073709551617"), "héllo 日本 😀 \u2028 \"q\" \\ / \u0001", nested, null, true,
                List.of());
        assertThat(kit.list("delayed:" + T1)).containsExactly("{\"class\":\"Mailer::Deliver\",\"args\":[1.5,1.0,"
                + "1.0e+20,1.0e-05,-0.0,18446744073709551617,\"héllo 日本 😀 \u2028 \\\"q\\\" \\\\ / \\u0001\","
                + "{\"b\":1,\"a\":[{\"deep\":1.0e+20}]},null,true,[]],\"queue\":\"q\"}");
    }

    @Test
    void aNullArgumentIsOneNilArgument() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "explicit", "SimpleJob", (Object) null);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob");
        assertThat(kit.list("delayed:" + T1)).containsExactly(item("SimpleJob", "[null]", "explicit"),
                item("SimpleJob", "[]", "default"));
    }

    @Test
    void enqueueAtWithAJob() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", Job.of("SimpleJob", 7));
        assertThat(kit.list("delayed:" + T1)).containsExactly(item("SimpleJob", "[7]", "default"));
    }

    @Test
    void timeNotInTheFutureEnqueuesImmediatelyWithoutDelayedKeys() {
        // now = NOW.5; Ruby compares whole seconds: ts <= now.to_i is due (resque-scheduler >= 4.5)
        assertThat(jobs.enqueueAt(Instant.ofEpochSecond(NOW, 999_000_000), "default", "SimpleJob", "same second"))
                .isEqualTo(DelayedOutcome.ENQUEUED_NOW);
        assertThat(jobs.enqueueAt(Instant.ofEpochSecond(0), "default", "SimpleJob", "past"))
                .isEqualTo(DelayedOutcome.ENQUEUED_NOW);
        assertThat(jobs.enqueueAt(Instant.ofEpochSecond(NOW + 1), "default", "SimpleJob", "next second"))
                .isEqualTo(DelayedOutcome.DELAYED);
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[\"same second\"]}",
                "{\"class\":\"SimpleJob\",\"args\":[\"past\"]}");
        assertThat(kit.members("queues")).containsExactly("default");
        assertThat(allKeys()).containsExactly(key("delayed:" + (NOW + 1)), key("delayed_queue_schedule"),
                key("queue:default"), key("queues"),
                key("timestamps:" + item("SimpleJob", "[\"next second\"]", "default")));
    }

    @Test
    void enqueueInIsRelativeToTheClock() {
        assertThat(jobs.enqueueIn(Duration.ofSeconds(3600), "default", "SimpleJob")).isEqualTo(DelayedOutcome.DELAYED);
        assertThat(jobs.enqueueIn(Duration.ofMillis(400), "other", "SimpleJob", "sym"))
                .isEqualTo(DelayedOutcome.ENQUEUED_NOW); // NOW.5 + 0.4 is still second NOW: due
        assertThat(kit.list("delayed:" + (NOW + 3600))).containsExactly(item("SimpleJob", "[]", "default"));
        assertThat(kit.list("queue:other")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[\"sym\"]}");
        assertThat(jobs.enqueueIn(Duration.ofSeconds(-5), "other", "SimpleJob", 2))
                .isEqualTo(DelayedOutcome.ENQUEUED_NOW);
        assertThat(jobs.clock().instant()).isEqualTo(Instant.ofEpochSecond(NOW, 500_000_000));
    }

    @Test
    void systemClockIsTheDefault() {
        try (DelayedJobs sys = DelayedJobs.create(kit.config())) {
            assertThat(sys.enqueueIn(Duration.ofHours(1), "default", "SimpleJob")).isEqualTo(DelayedOutcome.DELAYED);
            assertThat(sys.enqueueIn(Duration.ofSeconds(-1), "default", "SimpleJob"))
                    .isEqualTo(DelayedOutcome.ENQUEUED_NOW);
            long ts = sys.delayedQueuePeek(0, 1).get(0);
            assertThat(ts).isBetween(Instant.now().getEpochSecond() + 3590, Instant.now().getEpochSecond() + 3600);
        }
    }

    @Test
    void badNamesAndUnencodableArgumentsWriteNothing() {
        Instant at = Instant.ofEpochSecond(T1);
        Instant past = Instant.ofEpochSecond(1);
        assertThatThrownBy(() -> jobs.enqueueAt(at, "a:b", "SimpleJob")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(at, "a,b", "SimpleJob")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(at, "", "SimpleJob")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(at, null, "SimpleJob")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(at, "q", " ")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(at, "q", (String) null)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(at, "q", "J", Double.NaN)).isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(past, "q", "J", Double.POSITIVE_INFINITY))
                .isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(at, "q", "J", new Object())).isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> jobs.enqueueIn(Duration.ofHours(1), "q", "J", new StringBuilder("x"), new Object()))
                .isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> jobs.delayOrEnqueueAt(at, "q", "J", new Object()))
                .isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> jobs.removeDelayed("q:x", "J")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.removeDelayedJobFromTimestamp(T1, "q", "", 1))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.enqueueDelayed("q", "J", Double.NaN)).isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> jobs.scheduledAt("q", null)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> jobs.enqueueAt(null, "q", "J")).isInstanceOf(NullPointerException.class);
        assertThat(allKeys()).isEmpty();
    }

    @Test
    void delayOrEnqueueAtMovesEveryCopyOrSchedulesOne() {
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", Map.of("id", 11));
        jobs.enqueueAt(Instant.ofEpochSecond(T2 + 5), "default", "SimpleJob", Map.of("id", 11));
        assertThat(jobs.delayOrEnqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", Map.of("id", 11)))
                .isEqualTo(2);
        String json = item("SimpleJob", "[{\"id\":11}]", "default");
        assertThat(kit.list("delayed:" + T1)).containsExactly(json, json);
        assertThat(kit.list("delayed:" + T2)).isEmpty();
        assertThat(kit.members("timestamps:" + json)).containsExactly("delayed:" + T1);

        assertThat(jobs.delayOrEnqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", "new")).isEqualTo(1);
        assertThat(kit.list("delayed:" + T2)).containsExactly(item("SimpleJob", "[\"new\"]", "default"));
    }

    // ------------------------------------------------------------------------------------------ removal

    @Test
    void removeDelayedRemovesEveryCopyAndItsIndexButLeavesTheSchedule() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1);
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", 1);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 2);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "special", "SimpleJob", 1);

        assertThat(jobs.removeDelayed("default", "SimpleJob", 1)).isEqualTo(3);
        assertThat(jobs.removeDelayed("default", "SimpleJob", 1)).isZero();
        assertThat(kit.list("delayed:" + T1)).containsExactly(item("SimpleJob", "[2]", "default"),
                item("SimpleJob", "[1]", "special"));
        assertThat(kit.call("EXISTS", key("timestamps:" + item("SimpleJob", "[1]", "default")))).isEqualTo(0L);
        // Ruby leaves the (now empty) timestamp in the schedule for the scheduler to drop.
        assertThat(zset()).containsExactly("2000000000", "2000000000", "2000000100", "2000000100");
        // the queue is part of the bytes
        assertThat(jobs.removeDelayed("other", "SimpleJob", 1)).isZero();
        assertThat(jobs.removeDelayed("special", "SimpleJob", 1)).isEqualTo(1);
        assertThat(jobs.removeDelayed("default", "SimpleJob", 2L)).isEqualTo(1);
        assertThat(jobs.countAllDelayed()).isZero();
    }

    @Test
    void removeDelayedJobFromTimestampCleansUpAnEmptiedTimestamp() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 2);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 2);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 3);
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", 2);

        assertThat(jobs.removeDelayedJobFromTimestamp(T1, "default", "SimpleJob", 2)).isEqualTo(2);
        assertThat(kit.list("delayed:" + T1)).containsExactly(item("SimpleJob", "[3]", "default"));
        assertThat(kit.members("timestamps:" + item("SimpleJob", "[2]", "default"))).containsExactly("delayed:" + T2);
        assertThat(zset()).contains("2000000000");

        assertThat(jobs.removeDelayedJobFromTimestamp(T1, "default", "SimpleJob", 3)).isEqualTo(1);
        assertThat(kit.call("EXISTS", key("delayed:" + T1))).isEqualTo(0L);
        assertThat(zset()).containsExactly("2000000100", "2000000100");
        assertThat(jobs.removeDelayedJobFromTimestamp(T1, "default", "SimpleJob", 3)).isZero();
        assertThat(jobs.removeDelayedJobFromTimestamp(T2, "other", "SimpleJob", 2)).isZero();
        assertThat(zset()).containsExactly("2000000100", "2000000100");
    }

    @Test
    void removeDelayedIfDecodesAndRemovesByStoredBytes() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", Map.of("id", 10));
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", Map.of("id", 10));
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", Map.of("id", 11));
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "OtherJob", Map.of("id", 10));
        String foreign = "{\"class\":\"SimpleJob\",\"queue\":\"default\",\"args\":[{\"id\":10}]}";
        rawDelayed(T1, foreign, true);

        assertThat(jobs.findDelayedIf("SimpleJob", DelayedJobsTest::idIs10)).containsExactly(
                item("SimpleJob", "[{\"id\":10}]", "default"), foreign, item("SimpleJob", "[{\"id\":10}]", "default"));
        assertThat(jobs.removeDelayedIf("SimpleJob", DelayedJobsTest::idIs10)).isEqualTo(3);
        assertThat(kit.list("delayed:" + T1)).isEmpty();
        assertThat(kit.list("delayed:" + T2)).containsExactly(item("SimpleJob", "[{\"id\":11}]", "default"),
                item("OtherJob", "[{\"id\":10}]", "default"));
        assertThat(kit.call("EXISTS", key("timestamps:" + foreign))).isEqualTo(0L);
        // null class: every class
        assertThat(jobs.removeDelayedIf(null, DelayedJobsTest::idIs10)).isEqualTo(1);
        assertThat(jobs.removeDelayedIf(null, args -> true)).isEqualTo(1);
        assertThat(jobs.countAllDelayed()).isZero();
    }

    private static boolean idIs10(List<Object> args) {
        return !args.isEmpty() && args.get(0) instanceof Map && Integer.valueOf(10).equals(((Map<?, ?>) args.get(0))
                .get("id"));
    }

    @Test
    void removeDelayedIfAlsoRemovesCopiesWithoutAnIndexEntry() {
        String unindexed = "{\"class\":\"SimpleJob\",\"args\":[5],\"queue\":\"default\"}";
        rawDelayed(T1, unindexed, false);
        rawDelayed(T1, unindexed, false);
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", 5);
        assertThat(jobs.removeDelayed("default", "SimpleJob", 5)).isEqualTo(1); // Ruby's byte path: index only
        assertThat(kit.list("delayed:" + T1)).hasSize(2);
        assertThat(jobs.removeDelayedIf("SimpleJob", args -> args.equals(List.of(5)))).isEqualTo(2);
        assertThat(kit.list("delayed:" + T1)).isEmpty();
    }

    @Test
    void removeDelayedIfSeesArgumentsAsTheSchedulerWouldEnqueueThem() {
        rawDelayed(T1, "{\"class\":\"A\",\"args\":{\"k\":1},\"queue\":\"q\"}", true);
        rawDelayed(T1, "{\"class\":\"A\",\"args\":\"scalar\",\"queue\":\"q\"}", true);
        rawDelayed(T1, "{\"class\":\"A\",\"queue\":\"q\"}", true);
        rawDelayed(T1, "not json", true);
        rawDelayed(T1, "[1,2]", true);
        List<List<Object>> seen = new ArrayList<>();
        assertThat(jobs.removeDelayedIf("A", args -> seen.add(args) && false)).isZero();
        assertThat(seen).containsExactly(List.of(Map.of("k", 1)), List.of("scalar"), List.of());
        assertThat(jobs.removeDelayedIf("A", args -> args.isEmpty())).isEqualTo(1);
        assertThat(kit.list("delayed:" + T1)).hasSize(4);
    }

    @Test
    void foreignKeyOrderIsInvisibleToTheByteBasedCalls() {
        // delayed_foreign: delayed?(B)=false, remove_delayed(B)=0
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1);
        rawDelayed(T1, "{\"class\":\"SimpleJob\",\"queue\":\"default\",\"args\":[2]}", true);
        assertThat(jobs.isDelayed("default", "SimpleJob", 1)).isTrue();
        assertThat(jobs.isDelayed("default", "SimpleJob", 2)).isFalse();
        assertThat(jobs.scheduledAt("default", "SimpleJob", 2)).isEmpty();
        assertThat(jobs.removeDelayed("default", "SimpleJob", 2)).isZero();
        assertThat(jobs.removeDelayedJobFromTimestamp(T1, "default", "SimpleJob", 2)).isZero();
        assertThat(jobs.enqueueDelayed("default", "SimpleJob", 2)).isZero();
        assertThat(jobs.delayedTimestampSize(T1)).isEqualTo(2);
        assertThat(jobs.removeDelayedIf("SimpleJob", args -> args.equals(List.of(2)))).isEqualTo(1);
        assertThat(jobs.delayedTimestampPeekRaw(T1, 0, 10)).containsExactly(item("SimpleJob", "[1]", "default"));
    }

    // ------------------------------------------------------------------------------------------ reading

    @Test
    void readSideMatchesRubysAnswers() {
        // the enqueue_at scenario's jobs; its log has Ruby's answers
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1, "a");
        jobs.enqueueAt(Instant.ofEpochSecond(T1, 900_000_000), "default", "SimpleJob", Map.of("k", 1.5));
        jobs.enqueueAt(Instant.ofEpochSecond(T1 + 60), "default", "SimpleJob", 1, "a");
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "explicit", "SimpleJob", (Object) null);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "q", "StringOnlyClass", 2);
        jobs.enqueueIn(Duration.ofSeconds(3600), "default", "SimpleJob");
        jobs.enqueueIn(Duration.ofSeconds(3600), "other", "SimpleJob", "sym");

        assertThat(jobs.delayedQueuePeek(0, 10)).containsExactly(NOW + 3600, T1, T1 + 60);
        assertThat(jobs.delayedQueuePeek(1, 1)).containsExactly(T1);
        assertThat(jobs.delayedQueuePeek(-1, 1)).containsExactly(T1 + 60);
        assertThat(jobs.delayedQueuePeek(5, 10)).isEmpty();
        assertThat(jobs.delayedQueuePeek(0, 0)).isEmpty();
        assertThat(jobs.delayedQueueScheduleSize()).isEqualTo(3);
        assertThat(jobs.delayedTimestampSize(T1)).isEqualTo(4);
        assertThat(jobs.delayedTimestampSize(42)).isZero();
        List<Payload> peek = jobs.delayedTimestampPeek(T1, 0, 10);
        assertThat(peek).extracting(Payload::raw).containsExactly(item("SimpleJob", "[1,\"a\"]", "default"),
                item("SimpleJob", "[{\"k\":1.5}]", "default"), item("SimpleJob", "[null]", "explicit"),
                item("StringOnlyClass", "[2]", "q"));
        assertThat(peek.get(2).fields()).containsEntry("queue", "explicit");
        assertThat(peek.get(2).args()).containsExactly((Object) null);
        assertThat(jobs.delayedTimestampPeek(T1, 3, 1)).extracting(Payload::className).containsExactly("StringOnlyClass");
        assertThat(jobs.delayedTimestampPeek(T1, 4, 1)).isEmpty();
        assertThat(jobs.delayedTimestampPeekRaw(T1, 1, 2)).hasSize(2);
        assertThat(jobs.delayedTimestampPeekRaw(T1, -1, 1)).containsExactly(item("StringOnlyClass", "[2]", "q"));
        assertThat(jobs.delayedTimestampPeekRaw(T1, -2, 2)).containsExactly(item("SimpleJob", "[null]", "explicit"),
                item("StringOnlyClass", "[2]", "q"));
        assertThat(jobs.delayedTimestampPeekRaw(T1, 0, 0)).isEmpty();
        assertThat(jobs.countAllDelayed()).isEqualTo(7);
        assertThat(jobs.scheduledAt("default", "SimpleJob", 1, "a")).containsExactly(T1, T1 + 60);
        assertThat(jobs.isDelayed("default", "SimpleJob", 1, "a")).isTrue();
        assertThat(jobs.isDelayed("default", "SimpleJob", 1, "b")).isFalse();
        assertThat(jobs.nextDelayedTimestamp()).isEmpty();
        assertThat(jobs.nextDelayedTimestamp(Instant.ofEpochSecond(T1, 999_999_999))).contains(NOW + 3600);
        assertThat(jobs.nextDelayedTimestamp(Instant.ofEpochSecond(NOW + 3599))).isEmpty();
    }

    @Test
    void peekNamesAnEntryThatIsNotAPayload() {
        rawDelayed(T1, "{\"class\":\"A\",\"args\":[],\"queue\":\"q\"}", true);
        rawDelayed(T1, "garbage", false);
        assertThatThrownBy(() -> jobs.delayedTimestampPeek(T1, 0, 5)).isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("delayed:" + T1 + " entry 1")
                .satisfies(e -> assertThat(((PayloadFormatException) e).rawPayload()).isEqualTo("garbage"));
    }

    @Test
    void emptyScheduleReadsAsEmpty() {
        assertThat(jobs.delayedQueuePeek(0, 10)).isEmpty();
        assertThat(jobs.delayedQueueScheduleSize()).isZero();
        assertThat(jobs.countAllDelayed()).isZero();
        assertThat(jobs.nextDelayedTimestamp(Instant.MAX)).isEmpty();
        assertThat(jobs.scheduledAt("q", "J")).isEmpty();
        assertThat(jobs.removeDelayed("q", "J")).isZero();
        assertThat(jobs.removeDelayedIf(null, a -> true)).isZero();
        assertThat(allKeys()).isEmpty();
    }

    @Test
    void lastEnqueuedAtHashIsNeitherCountedNorReset() {
        // trap 11: delayed:last_enqueued_at is a hash inside the delayed:* key space
        kit.call("HSET", key("delayed:last_enqueued_at"), "every_minute", "2026-11-25 13:43:17 +0000");
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1);
        assertThat(jobs.countAllDelayed()).isEqualTo(1);
        assertThat(jobs.removeDelayedIf(null, a -> false)).isZero();
        jobs.resetDelayedQueue();
        assertThat(allKeys()).containsExactly(key("delayed:last_enqueued_at"));
    }

    // ------------------------------------------------------------------------------------------ enqueue now

    @Test
    void enqueueDelayedMovesEveryCopyToItsQueueNow() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 4);
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", 4);
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", 5);
        assertThat(jobs.enqueueDelayed("default", "SimpleJob", 4)).isEqualTo(2);
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[4]}",
                "{\"class\":\"SimpleJob\",\"args\":[4]}");
        assertThat(kit.members("queues")).containsExactly("default");
        assertThat(jobs.countAllDelayed()).isEqualTo(1);
        assertThat(jobs.enqueueDelayed("default", "SimpleJob", 4)).isZero();
    }

    @Test
    void enqueueNextItemPopsTheHeadAndEnqueuesIt() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "other", "OtherQueueJob", "keep");
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", Map.of("id", 11), 1.0e20);
        Optional<EnqueuedDelayedJob> first = jobs.enqueueNextItem(T1);
        assertThat(first).contains(new EnqueuedDelayedJob(T1, "other", Job.of("OtherQueueJob", "keep"),
                item("OtherQueueJob", "[\"keep\"]", "other")));
        assertThat(kit.list("queue:other")).containsExactly("{\"class\":\"OtherQueueJob\",\"args\":[\"keep\"]}");
        assertThat(kit.call("EXISTS", key("timestamps:" + item("OtherQueueJob", "[\"keep\"]", "other"))))
                .isEqualTo(0L);
        assertThat(zset()).contains("2000000000");

        assertThat(jobs.enqueueNextItem(T1)).map(EnqueuedDelayedJob::queue).contains("default");
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[{\"id\":11},1.0e+20]}");
        assertThat(kit.members("queues")).containsExactlyInAnyOrder("default", "other");
        // emptied: list and schedule entry gone
        assertThat(zset()).isEmpty();
        assertThat(allKeys()).containsExactly(key("queue:default"), key("queue:other"), key("queues"));
        assertThat(jobs.enqueueNextItem(T1)).isEmpty();
        assertThat(allKeys()).containsExactly(key("queue:default"), key("queue:other"), key("queues"));
    }

    @Test
    void enqueueNextItemHandlesForeignLayoutsAndArgumentShapes() {
        rawDelayed(T1, "{\"class\":\"SimpleJob\",\"queue\":\"default\",\"args\":[2]}", true);
        rawDelayed(T1, "{\"queue\":\"default\",\"class\":\"A\",\"args\":{\"k\":1}}", true);
        rawDelayed(T1, "{\"class\":\"A\", \"args\":\"s\", \"queue\":\"default\"}", false);
        rawDelayed(T1, "{\"class\":\"A\",\"queue\":\"default\"}", false);
        for (int i = 0; i < 4; i++) {
            assertThat(jobs.enqueueNextItem(T1)).isPresent();
        }
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[2]}",
                "{\"class\":\"A\",\"args\":[{\"k\":1}]}", "{\"class\":\"A\",\"args\":[\"s\"]}",
                "{\"class\":\"A\",\"args\":[]}");
        assertThat(allKeys()).containsExactly(key("queue:default"), key("queues"));
    }

    @Test
    void enqueueNextItemLeavesAJobWithoutQueueWhereItWas() {
        String noQueue = "{\"class\":\"SimpleJob\",\"args\":[1],\"queue\":null}";
        rawDelayed(T1, noQueue, true);
        rawDelayed(T1, "{\"class\":\"SimpleJob\",\"args\":[2],\"queue\":\"default\"}", true);
        assertThatThrownBy(() -> jobs.enqueueNextItem(T1)).isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("queue")
                .satisfies(e -> assertThat(((PayloadFormatException) e).rawPayload()).isEqualTo(noQueue));
        assertThat(kit.list("delayed:" + T1)).containsExactly(noQueue,
                "{\"class\":\"SimpleJob\",\"args\":[2],\"queue\":\"default\"}");
        assertThat(kit.members("timestamps:" + noQueue)).containsExactly("delayed:" + T1);
        assertThat(zset()).containsExactly("2000000000", "2000000000");

        kit.call("DEL", key("delayed:" + T2));
        rawDelayed(T2, "not json", false);
        assertThatThrownBy(() -> jobs.enqueueNextItem(T2)).isInstanceOf(PayloadFormatException.class);
        assertThat(kit.list("delayed:" + T2)).containsExactly("not json");
        assertThat(kit.call("EXISTS", key("queues"))).isEqualTo(0L);
    }

    @Test
    void resetDelayedQueueDeletesListsIndexesAndSchedule() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1);
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob", 1);
        jobs.enqueueAt(Instant.ofEpochSecond(T2), "default", "SimpleJob", 2);
        jobs.enqueueAt(Instant.ofEpochSecond(1), "default", "SimpleJob", "now");
        for (int i = 0; i < 1500; i++) {
            jobs.enqueueAt(Instant.ofEpochSecond(T2 + 1), "default", "Many", i);
        }
        jobs.resetDelayedQueue();
        assertThat(allKeys()).containsExactly(key("queue:default"), key("queues"));
        jobs.resetDelayedQueue();
        assertThat(allKeys()).containsExactly(key("queue:default"), key("queues"));
    }

    @Test
    void namespaceIsPrefixedToKeysButNotToIndexMembers() {
        jobs.enqueueAt(Instant.ofEpochSecond(T1), "default", "SimpleJob");
        assertThat(allKeys()).allSatisfy(k -> assertThat(k).startsWith(kit.ns().name() + ":"));
        assertThat(kit.members("timestamps:" + item("SimpleJob", "[]", "default"))).containsExactly("delayed:" + T1);
    }
}
