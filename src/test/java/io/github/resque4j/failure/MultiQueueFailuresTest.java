package io.github.resque4j.failure;

import static io.github.resque4j.failure.FailureFixtures.entry;
import static io.github.resque4j.failure.FailureFixtures.push;
import static io.github.resque4j.failure.FailureFixtures.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.FailureBackend;

/** The RedisMultiQueue backend: {@code <q>_failed} lists named in {@code failed_queues} (WIRE.md §8.3). */
@ExtendWith(RedisExtension.class)
class MultiQueueFailuresTest {
    private static final Instant NOW = Instant.parse("2026-11-25T13:45:00Z");
    private static final String OTHER_2 = entry("2026/11/25 13:41:33 UTC", "OtherQueueJob", List.of(2),
            "ArgumentError", "other");
    private static final String OTHER_4 = entry("2026/11/25 13:41:34 UTC", "OtherQueueJob", List.of(4),
            "NameError", "other");
    private RedisKit kit;
    private Failures failures;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
        this.failures = Failures.builder(kit.config()).backend(FailureBackend.REDIS_MULTI_QUEUE).zone(ZoneOffset.UTC)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).batchSize(2).build();
        kit.call("SADD", kit.ns().key("failed_queues"), "other_failed", "default_failed");
        push(kit, "default_failed", simple(1), simple(3), simple(5));
        push(kit, "other_failed", OTHER_2, OTHER_4);
    }

    @AfterEach
    void tearDown() {
        failures.close();
    }

    @Test
    void listsCountAndAllSpanTheLists() {
        assertThat(failures.backend()).isEqualTo(FailureBackend.REDIS_MULTI_QUEUE);
        assertThat(failures.lists()).extracting(FailureList::name).containsExactly("default_failed", "other_failed");
        assertThat(failures.count()).isEqualTo(5);
        assertThat(failures.list("default_failed").count()).isEqualTo(3);
        List<FailureEntry> all = failures.all(0, 10);
        assertThat(all).extracting(e -> e.list() + "[" + e.index() + "]").containsExactly("default_failed[0]",
                "default_failed[1]", "default_failed[2]", "other_failed[0]", "other_failed[1]");
        assertThat(failures.all(2, 2)).extracting(FailureEntry::raw).containsExactly(simple(5), OTHER_2);
        assertThat(failures.all(4, 2)).extracting(FailureEntry::raw).containsExactly(OTHER_4);
        assertThat(failures.all(5, 2)).isEmpty();
        assertThat(failures.list("default_failed").all(1, 1)).extracting(FailureEntry::raw).containsExactly(simple(3));
        assertThat(failures.list("failed").count()).isZero(); // Ruby's default argument names it; allowed
        assertThatThrownBy(() -> failures.get(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("default_failed");
        assertThatThrownBy(() -> failures.requeue(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> failures.remove(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> failures.list("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requeueWritesRetriedAtWithoutZoneAndRemoveUsesTheList() {
        FailureEntry e = failures.requeue(0, "default_failed");
        assertThat(e.retriedAt()).isEqualTo("2026/11/25 13:45:00");
        assertThat(kit.list("default_failed").get(0)).endsWith(",\"retried_at\":\"2026/11/25 13:45:00\"}");
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[1]}");
        failures.remove(1, "default_failed");
        assertThat(kit.list("default_failed")).containsExactly(e.raw(), simple(5));
        FailureEntry other = failures.list("other_failed").get(1).orElseThrow();
        failures.requeue(other);
        failures.remove(failures.list("other_failed").get(0).orElseThrow());
        assertThat(kit.list("other_failed")).hasSize(1).allMatch(s -> s.contains("\"retried_at\""));
        assertThatThrownBy(() -> failures.remove(7, "other_failed")).isInstanceOf(FailureNotFoundException.class)
                .hasMessageContaining("'other_failed'");
    }

    @Test
    void requeueQueueAddsTheListNameAndPushesNewestFirst() {
        kit.call("SREM", kit.ns().key("failed_queues"), "other_failed");
        assertThat(failures.requeueQueue("other")).isEqualTo(new BulkResult(2, 2, 0, 0, false));
        assertThat(kit.members("failed_queues")).containsExactlyInAnyOrder("default_failed", "other_failed");
        // Ruby's each() walks the list from the end: the newest failure is pushed first.
        assertThat(kit.list("queue:other")).containsExactly("{\"class\":\"OtherQueueJob\",\"args\":[4]}",
                "{\"class\":\"OtherQueueJob\",\"args\":[2]}");
        assertThat(failures.requeueQueue("nothing")).isEqualTo(BulkResult.EMPTY);
        assertThat(kit.members("failed_queues")).contains("nothing_failed");
    }

    @Test
    void requeueAllCoversEveryList() {
        assertThat(failures.requeueAll()).isEqualTo(new BulkResult(5, 5, 0, 0, false));
        assertThat(kit.list("queue:default")).containsExactly("{\"class\":\"SimpleJob\",\"args\":[5]}",
                "{\"class\":\"SimpleJob\",\"args\":[3]}", "{\"class\":\"SimpleJob\",\"args\":[1]}");
        assertThat(kit.list("queue:other")).hasSize(2);
        assertThat(failures.count(FailureFilter.builder().retried(true).build())).isEqualTo(5);
    }

    @Test
    void removeQueueIsSaddAndDel() {
        kit.call("SREM", kit.ns().key("failed_queues"), "other_failed");
        assertThat(failures.removeQueue("other")).isEqualTo(new BulkResult(2, 2, 0, 0, false));
        assertThat(kit.call("EXISTS", kit.ns().key("other_failed"))).isEqualTo(0L);
        assertThat(kit.members("failed_queues")).containsExactlyInAnyOrder("default_failed", "other_failed");
        assertThat(failures.count()).isEqualTo(3);
    }

    @Test
    void clearDeletesEveryListAndKeepsTheSet() {
        assertThat(failures.clear()).isEqualTo(5);
        assertThat(kit.call("EXISTS", kit.ns().key("default_failed"), kit.ns().key("other_failed"))).isEqualTo(0L);
        assertThat(kit.members("failed_queues")).containsExactlyInAnyOrder("default_failed", "other_failed");
        assertThat(failures.count()).isZero();
    }

    @Test
    void clearRetriedAndFiltersCoverEveryList() {
        failures.requeue(2, "default_failed");
        failures.requeue(0, "other_failed");
        FailureFilter nameError = FailureFilter.builder().exception("NameError").build();
        assertThat(failures.count(nameError)).isEqualTo(1);
        assertThat(failures.list(FailureFilter.builder().retried(true).build(), 0, 10))
                .extracting(e -> e.list() + "[" + e.index() + "]").containsExactly("default_failed[2]", "other_failed[0]");
        assertThat(failures.list(FailureFilter.builder().retried(true).build(), 1, 10))
                .extracting(FailureEntry::list).containsExactly("other_failed");
        assertThat(failures.clearRetried()).isEqualTo(new BulkResult(2, 2, 0, 0, false));
        assertThat(kit.list("default_failed")).containsExactly(simple(1), simple(3));
        assertThat(kit.list("other_failed")).containsExactly(OTHER_4);
        assertThat(failures.remove(FailureFilter.all(), BulkProgress.NONE)).isEqualTo(new BulkResult(3, 3, 0, 0,
                false));
        assertThat(failures.count()).isZero();
    }
}
