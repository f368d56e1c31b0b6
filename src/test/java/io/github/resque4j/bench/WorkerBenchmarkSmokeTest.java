package io.github.resque4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;

/** Keeps the worker benchmark from rotting: a few thousand jobs, no timing asserted. */
@ExtendWith(RedisExtension.class)
class WorkerBenchmarkSmokeTest {

    @Test
    void drainsAndCountsCommands(RedisServer server) {
        List<WorkerBenchmark.Result> results = WorkerBenchmark.run(server.uri(), 3_000, List.of(1, 4));
        assertThat(results).hasSize(2);
        for (WorkerBenchmark.Result r : results) {
            System.out.println(r);
            // Per busy job: one script call (counted) doing Ruby's DEL + 2 INCRBY + GET + LPOP + SET, plus crash-safe
            // fetch's RPUSH into and DEL of the processing list; a first attempt needs no call-token record.
            assertThat((double) r.commands() / r.jobs()).isBetween(9.0, 10.0);
            assertThat((double) r.roundTrips() / r.jobs()).isLessThan(1.2);
        }
    }
}
