package io.github.resque4j.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.github.resque4j.worker.PoolHealth;
import io.github.resque4j.worker.WorkerPool;

/**
 * The worker pool's {@link WorkerPool#health()} as the {@code resque} health component: {@code UP}; {@code DOWN}
 * when no worker can reach Redis; {@code OUT_OF_SERVICE} before start and after stop; {@value #DEGRADED} when
 * only some workers cannot reach Redis. Spring Boot's default status order does not know {@value #DEGRADED}, so it
 * leaves the overall status alone until {@code management.endpoint.health.status.order} names it.
 */
public final class ResqueHealthIndicator implements HealthIndicator {
    /** Status code for a pool in which some workers cannot reach Redis. */
    public static final String DEGRADED = "DEGRADED";

    private final WorkerPool pool;

    /** @param pool the pool */
    public ResqueHealthIndicator(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        PoolHealth h = pool.health();
        Health.Builder b;
        switch (h.status()) {
            case UP:
                b = Health.up();
                break;
            case DEGRADED:
                b = Health.status(new Status(DEGRADED, "some workers cannot reach Redis"));
                break;
            case DOWN:
                b = Health.down();
                break;
            default:
                b = Health.outOfService();
                break;
        }
        b.withDetail("workers", h.workers()).withDetail("busy", h.busy())
                .withDetail("redisUnreachable", h.redisUnreachable()).withDetail("processed", h.processed())
                .withDetail("failed", h.failed()).withDetail("paused", h.paused());
        h.lastRedisError().ifPresent(e -> b.withDetail("lastRedisError", e));
        h.lastRedisErrorAt().ifPresent(t -> b.withDetail("lastRedisErrorAt", t.toString()));
        return b.build();
    }
}
