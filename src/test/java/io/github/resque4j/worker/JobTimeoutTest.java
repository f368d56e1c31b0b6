package io.github.resque4j.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;

@ExtendWith(RedisExtension.class)
class JobTimeoutTest {
    private final RubyJson json = RubyJson.jsonGem();

    @Test
    void aJobPastItsTimeoutIsInterruptedAndFailedAndTheWorkerCarriesOn(RedisKit kit) {
        List<String> ran = new CopyOnWriteArrayList<>();
        JobRegistry reg = JobRegistry.builder()
                .register("Sleepy", job -> Thread.sleep(job.arg(0, Long.class)))
                .register("Stubborn", job -> {
                    long end = System.nanoTime() + Duration.ofMillis(job.arg(0, Long.class)).toNanos();
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait(); // ignores interruption
                    }
                })
                .register("Quick", job -> ran.add("quick " + job.args()))
                .build();
        kit.client().enqueue("q", "Sleepy", 10_000);
        kit.client().enqueue("q", "Quick", 1);
        kit.client().enqueue("q", "Sleepy", 50);       // under its class limit
        kit.client().enqueue("q", "Stubborn", 600);    // ignores the interrupt, ends late: still a timeout
        kit.client().enqueue("q", "Quick", 2);
        try (WorkerPool pool = WorkerPool.create(kit.config(), WorkerOptions.builder(reg, "q")
                .pollTimeout(Duration.ofMillis(200)).jobTimeout(Duration.ofMillis(300))
                .jobTimeout("Sleepy", Duration.ofMillis(200)).build())) {
            pool.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> "5".equals(kit.get("stat:processed")));
        }
        assertThat(ran).containsExactly("quick [1]", "quick [2]");
        List<String> failed = kit.list("failed");
        assertThat(failed).hasSize(2);
        Map<String, Object> first = json.decodeObject(failed.get(0));
        assertThat(first.get("exception")).isEqualTo("io.github.resque4j.JobTimeoutException");
        assertThat(first.get("error")).isEqualTo("job Sleepy exceeded its 200 ms timeout and was interrupted");
        assertThat((List<?>) first.get("backtrace")).anyMatch(f -> f.toString().contains("InterruptedException"));
        Map<String, Object> second = json.decodeObject(failed.get(1));
        assertThat(second.get("error")).isEqualTo("job Stubborn exceeded its 300 ms timeout and was interrupted");
        assertThat(kit.get("stat:failed")).isEqualTo("2");
    }
}
