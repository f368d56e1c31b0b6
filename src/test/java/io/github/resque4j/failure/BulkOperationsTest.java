package io.github.resque4j.failure;

import static io.github.resque4j.failure.FailureFixtures.entry;
import static io.github.resque4j.failure.FailureFixtures.push;
import static io.github.resque4j.failure.FailureFixtures.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.FailureBackend;

/** Batched, verified bulk operations: progress, cancellation, and concurrent changes between batches. */
@ExtendWith(RedisExtension.class)
class BulkOperationsTest {
    private RedisKit kit;
    private Failures failures;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
        this.failures = Failures.builder(kit.config()).backend(FailureBackend.REDIS).batchSize(3).build();
    }

    @AfterEach
    void tearDown() {
        failures.close();
    }

    private String[] seed(int n) {
        String[] raws = new String[n];
        for (int i = 0; i < n; i++) {
            raws[i] = simple(i);
        }
        push(kit, "failed", raws);
        return raws;
    }

    private List<String> failed() {
        return kit.list("failed");
    }

    private long retried() {
        return failed().stream().filter(s -> s.contains("\"retried_at\"")).count();
    }

    @Test
    void requeueReportsProgressAfterEveryBatch() {
        seed(10);
        List<String> updates = new CopyOnWriteArrayList<>();
        BulkResult r = failures.requeue(FailureFilter.all(), (done, total) -> updates.add(done + "/" + total));
        assertThat(r).isEqualTo(new BulkResult(10, 10, 0, 0, false));
        assertThat(updates).containsExactly("0/10", "3/10", "6/10", "9/10", "10/10");
        assertThat(retried()).isEqualTo(10);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("{\"class\":\"SimpleJob\",\"args\":[" + i + "]}");
        }
        assertThat(kit.list("queue:default")).containsExactlyElementsOf(expected);
    }

    @Test
    void cancellationStopsBetweenBatches() {
        seed(10);
        AtomicBoolean cancel = new AtomicBoolean();
        BulkResult r = failures.requeue(FailureFilter.all(), (done, total) -> cancel.set(done >= 3), cancel::get);
        assertThat(r).isEqualTo(new BulkResult(10, 3, 0, 0, true));
        assertThat(retried()).isEqualTo(3);
        assertThat(kit.list("queue:default")).hasSize(3);
        assertThat(failed().subList(3, 10)).allMatch(s -> !s.contains("retried_at"));

        cancel.set(false);
        BulkResult rm = failures.remove(FailureFilter.all(), (done, total) -> cancel.set(done >= 6), cancel::get);
        assertThat(rm).isEqualTo(new BulkResult(10, 6, 0, 0, true));
        assertThat(failed()).hasSize(4).doesNotContain("");
    }

    @Test
    void interruptStopsBetweenBatchesAndKeepsTheFlag() {
        seed(7);
        BulkResult r;
        try {
            r = failures.remove(FailureFilter.all(), (done, total) -> {
                if (done > 0) {
                    Thread.currentThread().interrupt();
                }
            });
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(r).isEqualTo(new BulkResult(7, 3, 0, 0, true));
        // newest first: entries 4..6 went, 0..3 stay in order
        assertThat(failed()).containsExactly(simple(0), simple(1), simple(2), simple(3));
    }

    @Test
    void anAlreadyInterruptedThreadDoesNothing() {
        seed(4);
        Thread.currentThread().interrupt();
        BulkResult r;
        try {
            r = failures.requeue(FailureFilter.all(), BulkProgress.NONE);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(r).isEqualTo(new BulkResult(0, 0, 0, 0, true));
        assertThat(retried()).isZero();
    }

    @Test
    void anInterruptArrivingAsABatchIsSentIsHonouredAfterIt() {
        // Redisson aborts a sync call whose thread is interrupted, leaving unknown whether the script ran. Here the
        // interrupt arrives just after the between-batch check (from the cancellation poll), so the second batch is
        // sent with the flag set: it must still run completely and be counted, and the run stop after it.
        seed(10);
        AtomicBoolean afterFirst = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        BulkResult r;
        try {
            r = failures.requeue(FailureFilter.all(), (done, total) -> afterFirst.set(done > 0), () -> {
                if (afterFirst.get() && !interrupted.getAndSet(true)) {
                    Thread.currentThread().interrupt();
                }
                return false;
            });
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(r).isEqualTo(new BulkResult(10, 6, 0, 0, true));
        assertThat(retried()).isEqualTo(6);
        assertThat(kit.list("queue:default")).hasSize(6);
    }

    @Test
    void aProgressCallbackThatThrowsStopsTheOperation() {
        seed(5);
        assertThatThrownBy(() -> failures.requeue(FailureFilter.all(), (done, total) -> {
            if (done == 3) {
                throw new IllegalStateException("stop");
            }
        })).hasMessage("stop");
        assertThat(retried()).isEqualTo(3);
    }

    @Test
    void entriesShiftedByAConcurrentRemovalAreFoundAgainByTheirBytes() {
        String[] raws = seed(10);
        BulkResult r = failures.requeue(FailureFilter.all(), (done, total) -> {
            if (done == 3) {
                // A Ruby client removes the oldest entry (already requeued by us) between our batches:
                // every entry still to do moves down one place.
                kit.call("LPOP", kit.ns().key("failed"));
            }
        });
        assertThat(r).isEqualTo(new BulkResult(10, 10, 0, 0, false));
        assertThat(failed()).hasSize(9).allMatch(s -> s.contains("\"retried_at\""));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("{\"class\":\"SimpleJob\",\"args\":[" + i + "]}");
        }
        assertThat(kit.list("queue:default")).containsExactlyElementsOf(expected);
        assertThat(raws).hasSize(10);
    }

    @Test
    void entriesMovedFurtherThanTheSearchWindowAreSkippedNotMisapplied() {
        String[] raws = seed(1000);
        BulkResult r = failures.requeue(FailureFilter.all(), (done, total) -> {
            if (done == 3) {
                kit.call("LTRIM", kit.ns().key("failed"), "600", "-1"); // 600 removals before the rest
            }
        });
        assertThat(r).isEqualTo(new BulkResult(1000, 3, 997, 0, false));
        assertThat(failed()).containsExactlyElementsOf(List.of(raws).subList(600, 1000));
        assertThat(kit.list("queue:default")).hasSize(3);
    }

    @Test
    void identicalEntriesAreEachRequeuedOnceEvenWhenShifted() {
        String same = simple(7);
        push(kit, "failed", simple(0), simple(1), simple(2), same, same, same, simple(8));
        BulkResult r = failures.requeue(FailureFilter.builder().retried(false).build(), (done, total) -> {
            if (done == 3) {
                kit.call("LPOP", kit.ns().key("failed")); // the copies move down one place
            }
        });
        assertThat(r).isEqualTo(new BulkResult(7, 7, 0, 0, false));
        assertThat(failed()).hasSize(6).allMatch(s -> s.contains("\"retried_at\""));
        assertThat(kit.list("queue:default")).filteredOn(s -> s.contains("[7]")).hasSize(3);
        assertThat(kit.list("queue:default")).hasSize(7);
    }

    @Test
    void removalNewestFirstSkipsOnlyTheEntryAnotherClientChanged() {
        String[] raws = seed(10);
        String changed = entry("2026/11/25 13:41:19 UTC", "SimpleJob", List.of(2), "ArgumentError", "default")
                .replace("}", ",\"retried_at\":\"2026/11/25 13:50:00 UTC\"}");
        List<String> updates = new CopyOnWriteArrayList<>();
        BulkResult r = failures.remove(FailureFilter.all(), (done, total) -> {
            updates.add(done + "/" + total);
            if (done == 3) {
                kit.call("LSET", kit.ns().key("failed"), "2", changed); // requeued meanwhile by Ruby
                kit.call("RPUSH", kit.ns().key("failed"), "new failure"); // and a new failure arrives
            }
        });
        assertThat(r).isEqualTo(new BulkResult(10, 9, 1, 0, false));
        assertThat(updates).containsExactly("0/10", "3/10", "6/10", "9/10", "10/10");
        assertThat(failed()).containsExactly(changed, "new failure");
        assertThat(raws).hasSize(10);
    }

    @Test
    void filteredRemovalOldestFirstCarriesTheShiftAcrossBatches() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(i % 3 == 0 ? simple(i)
                    : entry("2026/11/25 13:41:19 UTC", "OtherQueueJob", List.of(i), "ArgumentError", "other"));
        }
        push(kit, "failed", all.toArray(new String[0]));
        // removeQueue walks upwards like Ruby: each batch's indices are lowered by what earlier batches removed.
        assertThat(failures.removeQueue("other")).isEqualTo(new BulkResult(8, 8, 0, 0, false));
        assertThat(failed()).containsExactly(simple(0), simple(3), simple(6), simple(9));
    }

    @Test
    void bulkOnOneListOfTheMultiQueueBackend() {
        try (Failures multi = Failures.builder(kit.config()).backend(FailureBackend.REDIS_MULTI_QUEUE).batchSize(2)
                .build()) {
            kit.call("SADD", kit.ns().key("failed_queues"), "a_failed", "b_failed");
            push(kit, "a_failed", simple(1), simple(2), simple(3));
            push(kit, "b_failed", simple(4));
            FailureList a = multi.list("a_failed");
            List<String> updates = new CopyOnWriteArrayList<>();
            assertThat(a.requeue(FailureFilter.all(), (d, t) -> updates.add(d + "/" + t)))
                    .isEqualTo(new BulkResult(3, 3, 0, 0, false));
            assertThat(updates).containsExactly("0/3", "2/3", "3/3");
            assertThat(a.count(FailureFilter.builder().retried(true).build())).isEqualTo(3);
            assertThat(a.list(FailureFilter.builder().retried(true).build(), 2, 5)).hasSize(1);
            assertThat(a.remove(FailureFilter.builder().retried(true).build(), BulkProgress.NONE).done()).isEqualTo(3);
            assertThat(multi.requeue(FailureFilter.all(), BulkProgress.NONE)).isEqualTo(new BulkResult(1, 1, 0, 0,
                    false));
            assertThat(multi.list("b_failed").clear()).isEqualTo(1);
            assertThat(multi.count()).isZero();
        }
    }
}
