package io.github.resque4j.failure;

import static io.github.resque4j.failure.FailureFixtures.JSON;
import static io.github.resque4j.failure.FailureFixtures.entry;
import static io.github.resque4j.failure.FailureFixtures.push;
import static io.github.resque4j.failure.FailureFixtures.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
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

import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.FailureBackend;

/** The Redis failure backend ({@code failed} list): Ruby's operations and the verification that guards them. */
@ExtendWith(RedisExtension.class)
class RedisBackendFailuresTest {
    private static final Instant NOW = Instant.parse("2026-11-25T13:45:00Z");
    private RedisKit kit;
    private Failures failures;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
        this.failures = Failures.builder(kit.config()).backend(FailureBackend.REDIS).zone(ZoneOffset.UTC)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterEach
    void tearDown() {
        failures.close();
    }

    private List<String> failed() {
        return kit.list("failed");
    }

    private static Map<String, Object> decode(String raw) {
        return JSON.decodeObject(raw);
    }

    @Test
    void countAllAndGetReadEntriesWithTheirPositions() {
        push(kit, "failed", simple(0), simple(1), entry("2026/11/25 08:41:09 EST", "Other", List.of(2), "NameError",
                "other"));
        assertThat(failures.count()).isEqualTo(3);
        List<FailureEntry> all = failures.all(0, 10);
        assertThat(all).extracting(FailureEntry::index).containsExactly(0L, 1L, 2L);
        assertThat(all).extracting(FailureEntry::raw).containsExactlyElementsOf(failed());
        FailureEntry e = all.get(2);
        assertThat(e.list()).isEqualTo("failed");
        assertThat(e.className()).isEqualTo("Other");
        assertThat(e.args()).containsExactly(2);
        assertThat(e.exception()).isEqualTo("NameError");
        assertThat(e.error()).isEqualTo("failed Other");
        assertThat(e.backtrace()).isEmpty();
        assertThat(e.worker()).isEqualTo("vm:9273:other");
        assertThat(e.queue()).isEqualTo("other");
        assertThat(e.failedAt()).isEqualTo("2026/11/25 08:41:09 EST");
        assertThat(e.failedAtInstant()).contains(Instant.parse("2026-11-25T13:41:09Z"));
        assertThat(e.retriedAt()).isNull();
        assertThat(e.problem()).isEmpty();
        assertThat(e.payload()).isEqualTo(Map.of("class", "Other", "args", List.of(2)));

        assertThat(failures.all(1, 1)).extracting(FailureEntry::index).containsExactly(1L);
        assertThat(failures.all(2, 5)).hasSize(1);
        assertThat(failures.all(3, 5)).isEmpty();
        assertThat(failures.all(0, 0)).isEmpty();
        assertThat(failures.get(1)).map(FailureEntry::raw).contains(simple(1));
        assertThat(failures.get(3)).isEmpty();
        assertThat(failures.get(-1)).isEmpty();
        assertThatThrownBy(() -> failures.all(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> failures.all(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(failures.lists()).extracting(FailureList::name).containsExactly("failed");
        assertThat(failures.list("failed").count()).isEqualTo(3);
        assertThatThrownBy(() -> failures.list("default_failed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'failed'");
    }

    @Test
    void requeueRewritesTheEntryWithRetriedAtAndPushesOnlyClassAndArgs() {
        String original = "{\"failed_at\":\"2026/11/25 13:41:19 UTC\",\"payload\":{\"class\":\"SimpleJob\","
                + "\"args\":[1,{\"k\":\"é\"},1.0e+20],\"id\":\"extra key\"},\"exception\":\"ArgumentError\","
                + "\"error\":\"x\",\"backtrace\":[],\"worker\":\"w\",\"queue\":\"default\"}";
        push(kit, "failed", original);
        FailureEntry after = failures.requeue(0);
        String expected = original.substring(0, original.length() - 1) + ",\"retried_at\":\"2026/11/25 13:45:00 UTC\"}";
        assertThat(failed()).containsExactly(expected);
        assertThat(after.raw()).isEqualTo(expected);
        assertThat(after.retriedAt()).isEqualTo("2026/11/25 13:45:00 UTC");
        assertThat(after.index()).isZero();
        assertThat(kit.list("queue:default")).containsExactly(
                "{\"class\":\"SimpleJob\",\"args\":[1,{\"k\":\"é\"},1.0e+20]}");
        assertThat(kit.members("queues")).containsExactly("default");
    }

    @Test
    void requeueAgainOverwritesRetriedAtInPlaceKeepingKeyOrder() {
        // retried_at in the middle (another client's layout): a Ruby Hash keeps the key where it is.
        String odd = "{\"retried_at\":\"2026/01/01 00:00:00 UTC\",\"failed_at\":\"2026/11/25 13:41:19 UTC\","
                + "\"payload\":{\"class\":\"SimpleJob\"},\"queue\":\"default\"}";
        push(kit, "failed", simple(1), odd);
        failures.requeue(0);
        failures.close();
        failures = Failures.builder(kit.config()).zone(ZoneId.of("America/New_York"))
                .clock(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).build();
        failures.requeue(0);
        failures.requeue(1);
        assertThat(decode(failed().get(0))).containsEntry("retried_at", "2026/11/25 08:46:00 EST");
        assertThat(new ArrayList<>(decode(failed().get(0)).keySet())).containsExactly("failed_at", "payload",
                "exception", "error", "backtrace", "worker", "queue", "retried_at");
        assertThat(failed().get(1)).isEqualTo("{\"retried_at\":\"2026/11/25 08:46:00 EST\","
                + "\"failed_at\":\"2026/11/25 13:41:19 UTC\",\"payload\":{\"class\":\"SimpleJob\"},\"queue\":\"default\"}");
        // args absent: Ruby's *nil is no arguments
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[1]}",
                "{\"class\":\"SimpleJob\",\"args\":[1]}", "{\"class\":\"SimpleJob\",\"args\":[]}");
    }

    @Test
    void requeueOfAnEntryThatWasReplacedOrShiftedChangesNothing() {
        push(kit, "failed", simple(0), simple(1), simple(2));
        FailureEntry seen = failures.get(1).orElseThrow();

        // Another client removes entry 0: entry 1 is now at index 0, index 1 holds simple(2).
        kit.call("LREM", kit.ns().key("failed"), "1", simple(0));
        assertThatThrownBy(() -> failures.requeue(seen)).isInstanceOfSatisfying(FailureMovedException.class, e -> {
            assertThat(e.index()).isEqualTo(1);
            assertThat(e.list()).isEqualTo("failed");
            assertThat(e.getMessage()).contains("failure entry 1 of list 'failed' changed");
        });
        assertThat(failed()).containsExactly(simple(1), simple(2));
        assertThat(kit.list("queue:default")).isEmpty();
        assertThat(kit.members("queues")).isEmpty();

        // Another client requeued it (retried_at rewritten): same index, other bytes.
        FailureEntry fresh = failures.get(0).orElseThrow();
        failures.requeue(0);
        kit.call("DEL", kit.ns().key("queue:default"), kit.ns().key("queues"));
        String rewritten = failed().get(0);
        assertThatThrownBy(() -> failures.requeue(fresh)).isInstanceOf(FailureMovedException.class);
        assertThatThrownBy(() -> failures.remove(fresh)).isInstanceOf(FailureMovedException.class);
        assertThat(failed()).containsExactly(rewritten, simple(2));
        assertThat(kit.list("queue:default")).isEmpty();

        // The list got shorter than the index.
        FailureEntry last = failures.get(1).orElseThrow();
        kit.call("RPOP", kit.ns().key("failed"));
        assertThatThrownBy(() -> failures.requeue(last)).isInstanceOf(FailureMovedException.class)
                .hasMessageContaining("shorter");
        assertThatThrownBy(() -> failures.remove(last)).isInstanceOf(FailureMovedException.class);
        assertThat(failed()).containsExactly(rewritten);
    }

    @Test
    void requeueOfAVerifiedEntryWorks() {
        push(kit, "failed", simple(0), simple(1));
        FailureEntry seen = failures.all(0, 2).get(1);
        FailureEntry after = failures.requeue(seen);
        assertThat(after.retriedAt()).isEqualTo("2026/11/25 13:45:00 UTC");
        assertThat(failed()).containsExactly(simple(0), after.raw());
        assertThat(failures.requeue(after).raw()).isEqualTo(after.raw()); // same second: same bytes again
        assertThat(kit.list("queue:default")).hasSize(2);
        assertThatThrownBy(() -> failures.list("failed").requeue(new FailureEntry("other_failed", 0, simple(0), null,
                null, null, null, null, null, null, null, Optional.empty()))).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void outOfRangeIndicesAreTypedErrorsNeverNoOps() {
        push(kit, "failed", simple(0));
        assertThatThrownBy(() -> failures.requeue(1)).isInstanceOfSatisfying(FailureNotFoundException.class,
                e -> assertThat(e.index()).isEqualTo(1));
        assertThatThrownBy(() -> failures.remove(5)).isInstanceOf(FailureNotFoundException.class)
                .hasMessage("no failure entry at index 5 of list 'failed'");
        assertThatThrownBy(() -> failures.remove(-1)).isInstanceOf(FailureNotFoundException.class);
        assertThatThrownBy(() -> failures.requeue(-1)).isInstanceOf(FailureNotFoundException.class);
        assertThat(failed()).containsExactly(simple(0));
        assertThat(kit.list("queue:default")).isEmpty();
    }

    @Test
    void removeLeavesNoTombstone() {
        push(kit, "failed", simple(0), simple(1), simple(2));
        failures.remove(1);
        assertThat(failed()).containsExactly(simple(0), simple(2));
        FailureEntry last = failures.get(1).orElseThrow();
        failures.remove(last);
        failures.remove(0);
        assertThat(failed()).isEmpty();
        assertThat(kit.call("EXISTS", kit.ns().key("failed"))).isEqualTo(0L);
    }

    @Test
    void staleTombstonesBelowTheIndexAreCleanedUpToo() {
        // Ruby clients that died between LSET "" and LREM left two tombstones below our entry.
        push(kit, "failed", simple(0), "", simple(1), "", simple(2), simple(3));
        assertThat(failures.get(1).orElseThrow().problem()).hasValueSatisfying(p -> assertThat(p).contains("tombstone"));
        failures.remove(4);
        assertThat(failed()).containsExactly(simple(0), simple(1), simple(3));
        push(kit, "failed", "");
        failures.remove(0);
        // A tombstone above the index is not ours (maybe a Ruby removal in flight): it stays.
        assertThat(failed()).containsExactly(simple(1), simple(3), "");
    }

    @Test
    void malformedEntriesAreListedWithTheirProblemAndCanBeRemovedButNotRequeued() {
        String notJson = "this is not json";
        String noPayload = "{\"failed_at\":\"2026/11/25 13:41:19 UTC\",\"queue\":\"default\",\"worker\":7}";
        String noClass = "{\"payload\":{\"args\":[1]},\"queue\":\"default\",\"backtrace\":\"one frame\"}";
        String badArgs = "{\"payload\":{\"class\":\"X\",\"args\":{\"a\":1}},\"queue\":\"default\"}";
        String noQueue = "{\"payload\":{\"class\":\"X\",\"args\":[]},\"failed_at\":\"yesterday\"}";
        String array = "[1,2]";
        push(kit, "failed", notJson, noPayload, noClass, badArgs, noQueue, array, simple(9));
        List<FailureEntry> all = failures.all(0, 10);
        assertThat(all).hasSize(7);
        assertThat(all.get(0).problem()).hasValueSatisfying(p -> assertThat(p).startsWith("not a JSON object"));
        assertThat(all.get(1).problem()).contains("no payload");
        assertThat(all.get(1).worker()).isEqualTo("7");
        assertThat(all.get(1).failedAtInstant()).contains(Instant.parse("2026-11-25T13:41:19Z"));
        assertThat(all.get(2).problem()).hasValueSatisfying(p -> assertThat(p).contains("no class name"));
        assertThat(all.get(2).backtrace()).containsExactly("one frame");
        assertThat(all.get(3).problem()).contains("payload args is not a JSON array");
        assertThat(all.get(4).problem()).hasValueSatisfying(p -> assertThat(p).contains("no queue"));
        assertThat(all.get(4).failedAtInstant()).isEmpty();
        assertThat(all.get(5).problem()).hasValueSatisfying(p -> assertThat(p).startsWith("not a JSON object"));
        assertThat(all.get(6).problem()).isEmpty();
        for (int i = 0; i < 6; i++) {
            int index = i;
            assertThatThrownBy(() -> failures.requeue(index)).isInstanceOf(PayloadFormatException.class)
                    .hasMessageContaining("cannot requeue");
            FailureEntry e = all.get(i);
            assertThatThrownBy(() -> failures.requeue(e)).isInstanceOfSatisfying(PayloadFormatException.class,
                    x -> assertThat(x.rawPayload()).isEqualTo(e.raw()));
        }
        assertThat(failed()).containsExactly(notJson, noPayload, noClass, badArgs, noQueue, array, simple(9));
        assertThat(kit.list("queue:default")).isEmpty();

        BulkResult r = failures.requeue(FailureFilter.all(), BulkProgress.NONE);
        assertThat(r).isEqualTo(new BulkResult(7, 1, 0, 6, false));
        for (int i = 5; i >= 0; i--) {
            failures.remove(all.get(i));
        }
        assertThat(failed()).hasSize(1);
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[9]}");
    }

    @Test
    void requeueAllRequeueQueueAndRemoveQueueFollowRuby() {
        String other1 = entry("2026/11/25 13:41:19 UTC", "OtherQueueJob", List.of(2), "ArgumentError", "other");
        String other2 = entry("2026/11/25 13:41:20 UTC", "OtherQueueJob", List.of(4), "ArgumentError", "other");
        push(kit, "failed", simple(0), other1, simple(3), other2);
        assertThat(failures.requeueQueue("other")).isEqualTo(new BulkResult(2, 2, 0, 0, false));
        assertThat(kit.list("queue:other")).containsExactly("{\"class\":\"OtherQueueJob\",\"args\":[2]}",
                "{\"class\":\"OtherQueueJob\",\"args\":[4]}");
        assertThat(failures.list(FailureFilter.builder().retried(true).build(), 0, 10))
                .extracting(FailureEntry::index).containsExactly(1L, 3L);
        assertThat(failures.requeueAll()).isEqualTo(new BulkResult(4, 4, 0, 0, false));
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[0]}",
                "{\"class\":\"SimpleJob\",\"args\":[3]}");
        assertThat(kit.list("queue:other")).hasSize(4);
        assertThat(failures.removeQueue("other")).isEqualTo(new BulkResult(2, 2, 0, 0, false));
        assertThat(failures.all(0, 10)).extracting(FailureEntry::className).containsExactly("SimpleJob", "SimpleJob");
        assertThat(failures.removeQueue("nothing")).isEqualTo(BulkResult.EMPTY);
        assertThatThrownBy(() -> failures.requeueQueue("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearRetriedAndClear() {
        push(kit, "failed", simple(0), simple(1), simple(2), simple(3));
        failures.requeue(0);
        failures.requeue(2);
        failures.requeue(3);
        assertThat(failures.clearRetried()).isEqualTo(new BulkResult(3, 3, 0, 0, false));
        assertThat(failed()).containsExactly(simple(1));
        assertThat(failures.clear()).isEqualTo(1);
        assertThat(kit.call("EXISTS", kit.ns().key("failed"))).isEqualTo(0L);
        assertThat(failures.clear()).isZero();
    }

    @Test
    void filtersByClassExceptionQueueTimeAndRetried() {
        push(kit, "failed",
                entry("2026/11/25 10:00:00 UTC", "A", List.of(1), "ArgumentError", "default"),
                entry("2026/11/25 06:00:00 EST", "B", List.of(2), "NameError", "default"), // 11:00 UTC
                entry("2026/11/25 12:00:00 UTC", "A", List.of(3), "NameError", "other"),
                entry("not a time", "A", List.of(4), "ArgumentError", "default"),
                "garbage");
        FailureFilter classA = FailureFilter.builder().className("A").build();
        assertThat(failures.count(classA)).isEqualTo(3);
        assertThat(failures.list(classA, 0, 10)).extracting(FailureEntry::index).containsExactly(0L, 2L, 3L);
        assertThat(failures.list(classA, 1, 1)).extracting(FailureEntry::index).containsExactly(2L);
        assertThat(failures.list(classA, 3, 1)).isEmpty();
        assertThat(failures.count(FailureFilter.builder().exception("NameError").build())).isEqualTo(2);
        assertThat(failures.count(FailureFilter.builder().queue("other").build())).isEqualTo(1);
        assertThat(failures.count(FailureFilter.builder().className("A").exception("ArgumentError").queue("default")
                .build())).isEqualTo(2);
        FailureFilter window = FailureFilter.builder().failedFrom(Instant.parse("2026-11-25T11:00:00Z"))
                .failedTo(Instant.parse("2026-11-25T12:00:00Z")).build();
        assertThat(failures.list(window, 0, 10)).extracting(FailureEntry::className).containsExactly("B");
        assertThat(failures.count(FailureFilter.builder().failedFrom(Instant.parse("2026-11-25T10:00:00Z")).build()))
                .isEqualTo(3); // the unparseable time and the garbage never match a time criterion
        assertThat(failures.count(FailureFilter.builder().failedTo(Instant.parse("2026-11-25T10:00:01Z")).build()))
                .isEqualTo(1);
        assertThat(failures.count(FailureFilter.all())).isEqualTo(5);
        assertThat(failures.count(FailureFilter.builder().retried(false).build())).isEqualTo(5);

        BulkResult removed = failures.remove(FailureFilter.builder().className("A").queue("default").build(),
                BulkProgress.NONE);
        assertThat(removed).isEqualTo(new BulkResult(2, 2, 0, 0, false));
        assertThat(failures.all(0, 10)).extracting(FailureEntry::className).containsExactly("B", "A", null);
        BulkResult requeued = failures.requeue(window, BulkProgress.NONE);
        assertThat(requeued).isEqualTo(new BulkResult(1, 1, 0, 0, false));
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"B\",\"args\":[2]}");
    }

    @Test
    void redisDownIsRedisUnavailable() {
        LocalRedisProcess own = LocalRedisProcess.start();
        try {
            Failures f = Failures.create(ResqueConfig.builder().redis(own.uri()).namespace("down")
                    .commandTimeout(java.time.Duration.ofSeconds(1)).build(), FailureBackend.REDIS);
            try (f) {
                assertThat(f.count()).isZero();
                own.stopProcess();
                assertThatThrownBy(f::count).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> f.requeue(0)).isInstanceOf(RedisUnavailableException.class);
            }
        } finally {
            own.close();
        }
        int port = freePort();
        assertThatThrownBy(() -> Failures.create(ResqueConfig.builder().redis("redis://127.0.0.1:" + port)
                .connectTimeout(java.time.Duration.ofMillis(500)).build(), FailureBackend.REDIS))
                .isInstanceOf(RedisUnavailableException.class);
    }

    private static int freePort() {
        try {
            return LocalRedisProcess.freePort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void wrongTypeKeyIsAResqueError() {
        kit.call("SET", kit.ns().key("failed"), "not a list");
        assertThatThrownBy(failures::count).isInstanceOf(io.github.resque4j.ResqueException.class)
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void entryPayloadIsImmutable() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("k", List.of(1));
        push(kit, "failed", entry("2026/11/25 13:41:19 UTC", "X", List.of(nested), "E", "default"));
        FailureEntry e = failures.get(0).orElseThrow();
        assertThatThrownBy(() -> e.args().add(1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> arg = (Map<String, Object>) e.args().get(0);
        assertThatThrownBy(() -> arg.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> e.backtrace().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
