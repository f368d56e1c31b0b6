package io.github.resque4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;

/** Keeps the benchmark from rotting: a few thousand jobs, no timing asserted. */
@ExtendWith(RedisExtension.class)
class EnqueueBenchmarkSmokeTest {

    @Test
    void benchmarkRunsAndCountsCommands(RedisServer server) {
        List<EnqueueBenchmark.Result> results = EnqueueBenchmark.run(server.uri(), 2_000);
        assertThat(results).hasSize(2);
        // Sequential: SADD + RPUSH per job (Redisson may add nothing else on a warm connection).
        assertThat(results.get(0).commands()).isEqualTo(2L * 2_000);
        // Batch: one SADD and one RPUSH per 1,000 jobs.
        assertThat(results.get(1).commands()).isEqualTo(1 + 2);
        results.forEach(System.out::println);
    }
}
