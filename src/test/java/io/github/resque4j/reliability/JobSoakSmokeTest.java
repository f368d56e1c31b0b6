package io.github.resque4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.github.resque4j.testing.LocalRedisProcess;

/** {@link JobSoak} at CI size (20,000 jobs), so the soak harness cannot rot. */
class JobSoakSmokeTest {
    @Test
    void ledgerAddsUpAcrossAPoolRestart() throws Exception {
        Assumptions.assumeTrue(LocalRedisProcess.available(), "needs redis-server on the PATH");
        JobSoak.Result r = JobSoak.run(20_000, 4);
        System.out.print(r.print());
        assertThat(r.neverExecuted()).isZero();
        assertThat(r.executedTwice()).isZero(); // graceful restart: nothing runs twice
        assertThat(r.succeeded() + r.failedEntries() + r.queued()).isEqualTo(r.enqueued());
        assertThat(r.failedEntries()).isEqualTo(200).isEqualTo(r.statFailed());
    }
}
