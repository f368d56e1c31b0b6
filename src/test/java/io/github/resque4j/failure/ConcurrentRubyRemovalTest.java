package io.github.resque4j.failure;

import static io.github.resque4j.failure.FailureFixtures.JSON;
import static io.github.resque4j.failure.FailureFixtures.entry;
import static io.github.resque4j.failure.FailureFixtures.push;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.worker.FailureBackend;

/**
 * Bulk operations while another client removes entries exactly as Ruby's {@code Failure.remove} does (two separate
 * commands, {@code LSET i ""} then {@code LREM 1 ""}, at random indices): whatever the interleaving, Java never
 * requeues or removes an entry it did not select, never requeues one twice, and leaves no tombstone.
 */
@ExtendWith(RedisExtension.class)
class ConcurrentRubyRemovalTest {
    private static final int ENTRIES = 1500;
    private RedisKit kit;
    private Failures failures;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
        this.failures = Failures.builder(kit.config()).backend(FailureBackend.REDIS).batchSize(40).build();
        String[] raws = new String[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            raws[i] = entry("2026/11/25 13:41:19 UTC", i % 2 == 0 ? "Even" : "Odd", List.of(i), "ArgumentError",
                    "default");
        }
        push(kit, "failed", raws);
    }

    @AfterEach
    void tearDown() {
        failures.close();
    }

    /** A Ruby-style remover on its own connection; counts the removals it started (its LSET ""s). */
    private final class RubyRemover implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong removals = new AtomicLong();
        private final Thread thread;

        RubyRemover() {
            thread = new Thread(this::run, "ruby-style-remover");
            thread.start();
        }

        private void run() {
            String key = kit.ns().key("failed");
            try (RespClient c = RespClient.connect(kit.server())) {
                while (!stop.get()) {
                    long len = (Long) c.call("LLEN", key);
                    if (len == 0) {
                        return;
                    }
                    long i = ThreadLocalRandom.current().nextLong(len);
                    try {
                        c.call("LSET", key, String.valueOf(i), "");
                    } catch (RespClient.RespError e) {
                        continue; // the list shrank under us: Ruby would raise "index out of range"
                    }
                    removals.incrementAndGet();
                    c.call("LREM", key, "1", "");
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }

    private static int arg(String raw) {
        return ((Number) ((List<?>) ((Map<?, ?>) JSON.decodeObject(raw).get("payload")).get("args")).get(0)).intValue();
    }

    @RepeatedTest(3)
    void bulkRequeueNeverRequeuesTheWrongEntryOrOneTwice() throws Exception {
        BulkResult r;
        try (RubyRemover remover = new RubyRemover()) {
            r = failures.requeue(FailureFilter.all(), BulkProgress.NONE);
        }
        List<String> jobs = kit.list("queue:default");
        assertThat(jobs).hasSize((int) r.done());
        Set<Integer> pushed = new HashSet<>();
        for (String job : jobs) {
            int i = ((Number) ((List<?>) JSON.decodeObject(job).get("args")).get(0)).intValue();
            assertThat(pushed.add(i)).as("job %d pushed twice", i).isTrue();
        }
        List<String> left = kit.list("failed");
        assertThat(left).doesNotContain("");
        for (String raw : left) {
            boolean retried = JSON.decodeObject(raw).containsKey("retried_at");
            assertThat(retried).as("entry %s", raw).isEqualTo(pushed.contains(arg(raw)));
        }
        assertThat(r.matched()).isEqualTo(r.done() + r.movedAndSkipped() + r.invalid());
    }

    @RepeatedTest(3)
    void bulkRemoveRemovesOnlySelectedEntries() throws Exception {
        BulkResult r;
        RubyRemover remover = new RubyRemover();
        try (remover) {
            r = failures.remove(FailureFilter.builder().className("Odd").build(), BulkProgress.NONE);
        }
        List<String> left = kit.list("failed");
        assertThat(left).doesNotContain("");
        long oddLeft = left.stream().filter(s -> s.contains("\"Odd\"")).count();
        assertThat(oddLeft).isLessThanOrEqualTo(r.movedAndSkipped());
        // Every element that went was removed either by us (done) or by the Ruby-style remover.
        assertThat(ENTRIES - left.size()).isEqualTo(r.done() + remover.removals.get());
        long evenGone = ENTRIES / 2 - left.stream().filter(s -> s.contains("\"Even\"")).count();
        assertThat(evenGone).isLessThanOrEqualTo(remover.removals.get());
    }
}
