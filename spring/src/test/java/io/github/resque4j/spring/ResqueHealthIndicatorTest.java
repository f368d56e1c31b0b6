package io.github.resque4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.resque4j.worker.PoolHealth;
import io.github.resque4j.worker.WorkerPool;

class ResqueHealthIndicatorTest {

    private static Health health(PoolHealth.Status status, int unreachable, String error) {
        PoolHealth h = new PoolHealth(status, 4, 1, unreachable, 10, 2, false, Optional.ofNullable(error),
                Optional.ofNullable(error == null ? null : Instant.parse("2026-11-25T10:00:00Z")));
        return new ResqueHealthIndicator(new FixedPool(h)).health();
    }

    @Test
    void mapsEveryPoolStatus() {
        assertThat(health(PoolHealth.Status.UP, 0, null).getStatus()).isEqualTo(Status.UP);
        assertThat(health(PoolHealth.Status.DEGRADED, 1, "connection refused").getStatus().getCode())
                .isEqualTo(ResqueHealthIndicator.DEGRADED);
        assertThat(health(PoolHealth.Status.DOWN, 4, "connection refused").getStatus()).isEqualTo(Status.DOWN);
        assertThat(health(PoolHealth.Status.STOPPED, 0, null).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void detailsCarryTheFigures() {
        Health h = health(PoolHealth.Status.DEGRADED, 1, "connection refused");
        assertThat(h.getDetails()).containsEntry("workers", 4).containsEntry("busy", 1)
                .containsEntry("redisUnreachable", 1).containsEntry("processed", 10L).containsEntry("failed", 2L)
                .containsEntry("paused", false).containsEntry("lastRedisError", "connection refused")
                .containsEntry("lastRedisErrorAt", "2026-11-25T10:00:00Z");
        assertThat(health(PoolHealth.Status.UP, 0, null).getDetails()).doesNotContainKey("lastRedisError");
    }

    /** A pool that only reports a fixed health. */
    private static final class FixedPool implements WorkerPool {
        private final PoolHealth health;

        FixedPool(PoolHealth health) {
            this.health = health;
        }

        @Override
        public PoolHealth health() {
            return health;
        }

        @Override
        public void start() {
        }

        @Override
        public List<String> workerIds() {
            return List.of();
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public boolean isPaused() {
            return false;
        }

        @Override
        public long processedCount() {
            return health.processed();
        }

        @Override
        public long failedCount() {
            return health.failed();
        }

        @Override
        public void close() {
        }
    }
}
