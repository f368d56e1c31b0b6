package io.github.resque4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import io.github.resque4j.testing.LocalRedisProcess;

/**
 * Connection faults under load: redis-server (AOF, fsync always, so data survives) is killed and restarted on
 * the same port 10 times while 20,000 uniquely numbered jobs are enqueued at a steady pace and drained by 4
 * workers. Every acknowledged id must be found exactly once in {processed set, failed list, queue}. The
 * scenario runs once per class; long runs: {@link RedisRestartSoak}.
 */
class RedisRestartTest {
    private static RestartScenario.Ledger ledger;

    private static synchronized RestartScenario.Ledger ledger() throws Exception {
        Assumptions.assumeTrue(LocalRedisProcess.available(), "needs redis-server on the PATH");
        if (ledger == null) {
            ledger = new RestartScenario(20_000, 10, 800, 4).run();
            System.out.println(ledger.print());
        }
        return ledger;
    }

    @Test
    void tenRestartsUnderLoadAreSurvivedAndTheQueueDrains() throws Exception {
        RestartScenario.Ledger l = ledger();
        assertThat(l.enqueuedAcknowledged()).isEqualTo(20_000);
        assertThat(l.outages()).hasSize(10);
        assertThat(l.queued()).as("drained after the last restart").isZero();
        assertThat(l.failed()).as("no job failed").isZero();
        assertThat(l.foundMoreThanOnce()).as("ids found in more than one place").isZero();
        // Until the bug below is fixed jobs can vanish, but only by the known path: a FINISH_AND_RESERVE call
        // that ran twice (its first LPOP'd job discarded), which also counts one finish twice. A loss without
        // that signature (e.g. a BLPOP reply lost, or a job dropped between BLPOP and ACTIVATE) fails here.
        assertThat((long) l.lost()).as("lost jobs not explained by a re-run FINISH_AND_RESERVE (lost ids %s)",
                l.lostIds()).isLessThanOrEqualTo(Math.max(0, l.statProcessed() - l.executions()));
        assertThat(l.processed() + l.lost()).isEqualTo(l.enqueuedAcknowledged());
    }

    @Test
    void tenRestartsUnderLoadLoseNoJob() throws Exception {
        RestartScenario.Ledger l = ledger();
        assertThat(l.lostIds()).as("lost ids").isEmpty();
        assertThat(l.processed() + l.failed() + l.queued()).as("enqueued = processed + failed + queued")
                .isEqualTo(l.enqueuedAcknowledged());
        assertThat(l.statProcessed()).as("stat:processed counts each execution once").isEqualTo(l.executions());
        // A producer whose enqueue reply was lost retries with the same id and stores the job twice (Ruby's push is
        // not idempotent either); the ledger tells those apart by the attempt number the job carries. Workers
        // must never run a stored job twice.
        assertThat(l.executedTwice() - l.executedTwiceRetry()).as("jobs run twice by the workers").isZero();
    }
}
