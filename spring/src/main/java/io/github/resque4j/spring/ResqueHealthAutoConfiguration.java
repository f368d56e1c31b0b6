package io.github.resque4j.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.resque4j.worker.WorkerPool;

/**
 * The {@code resque} health component ({@link ResqueHealthIndicator}) when Spring Boot's health support is on the
 * classpath and there is a worker pool; {@code management.health.resque.enabled=false} turns it off.
 */
@AutoConfiguration(after = ResqueAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
public class ResqueHealthAutoConfiguration {

    /** Nested, so that its health-only conditions are read only once the class check above has passed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(WorkerPool.class)
    @ConditionalOnEnabledHealthIndicator("resque")
    static class IndicatorConfiguration {
        /**
         * @param pool the pool
         * @return its health
         */
        @Bean(name = "resqueHealthIndicator")
        @ConditionalOnMissingBean(name = "resqueHealthIndicator")
        ResqueHealthIndicator resqueHealthIndicator(WorkerPool pool) {
            return new ResqueHealthIndicator(pool);
        }
    }
}
