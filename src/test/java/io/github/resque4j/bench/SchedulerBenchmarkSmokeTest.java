package io.github.resque4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RespClient;

/** Keeps the scheduler benchmark from rotting: 2,000 delayed jobs over 20 timestamps, Java only, no timing. */
@ExtendWith(RedisExtension.class)
class SchedulerBenchmarkSmokeTest {

    @Test
    void movesEveryDelayedJobExactlyOnce(RedisServer server) {
        long base = SchedulerBenchmark.defaultBase(20);
        SchedulerBenchmark.Result r = SchedulerBenchmark.run(server.uri(), 2_000, 20, base, 100);
        System.out.println(r);
        System.out.println(r.breakdown());
        String ns = r.namespace();
        assertThat(r.moved()).isEqualTo(2_000);

        // Checked again here, independently of the benchmark's own verification.
        try (RespClient raw = RespClient.connect(server)) {
            @SuppressWarnings("unchecked")
            List<Object> queued = (List<Object>) raw.call("LRANGE", ns + ":queue:default", "0", "-1");
            List<String> expected = IntStream.range(0, 2_000)
                    .mapToObj(i -> "{\"class\":\"NoopJob\",\"args\":[" + i + "]}").collect(Collectors.toList());
            // Every job exactly once (no duplicates, none missing), re-encoded as Ruby's enqueue does.
            assertThat(queued).hasSize(2_000).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(raw.call("ZCARD", ns + ":delayed_queue_schedule")).isEqualTo(0L);
            assertThat(raw.call("SMEMBERS", ns + ":queues")).isEqualTo(List.of("default"));
            assertThat(raw.call("LLEN", ns + ":failed")).isEqualTo(0L);
            List<String> exists = new ArrayList<>(List.of("EXISTS"));
            for (int t = 0; t < 20; t++) {
                exists.add(ns + ":delayed:" + (base + t));
            }
            for (int i = 0; i < 2_000; i++) {
                exists.add(ns + ":timestamps:" + SchedulerBenchmark.delayedJson(i));
            }
            assertThat(raw.call(exists.toArray(String[]::new))).isEqualTo(0L);
        }
        // Per job: SREM timestamps:<job>, SADD queues, RPUSH queue:default, in one script call per 100 jobs.
        assertThat((double) r.commands() / r.jobs()).isBetween(3.0, 3.5);
        SchedulerBenchmark.cleanUp(server.uri(), r);
    }
}
