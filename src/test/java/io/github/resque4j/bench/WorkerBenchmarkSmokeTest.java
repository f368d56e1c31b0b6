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
            // Per busy job: one script call doing Ruby's DEL + 2 INCRBY + GET + LPOP + SET, plus the GET/SET of
            // resque4j's call token.
            // Ruby's 7 + the call token (GET, SET) + crash-safe fetch (RPUSH into, DEL of the processing list).
            assertThat((double) r.commands() / r.jobs()).isBetween(10.0, 11.5);
            assertThat((double) r.roundTrips() / r.jobs()).isLessThan(1.2);
        }
    }
}
