package io.github.resque4j.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.resque4j.metrics.ResqueMetrics;
import io.github.resque4j.metrics.micrometer.MicrometerResqueMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer metrics for resque4j ({@code docs/METRICS.md}) when the application has a {@link MeterRegistry}
 * bean (Spring Boot's actuator makes one). The {@link ResqueAutoConfiguration} beans pick them up: the worker
 * listener for job figures, the sampler for queue sizes and utilisation.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"},
        before = ResqueAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = {"resque4j.enabled", "resque4j.metrics.enabled"}, matchIfMissing = true)
public class ResqueMetricsAutoConfiguration {

    /**
     * @param registry the application's registry
     * @param props histogram setting
     * @return the metrics
     */
    @Bean
    @ConditionalOnMissingBean
    public ResqueMetrics resqueMetrics(MeterRegistry registry, ResqueProperties props) {
        return MicrometerResqueMetrics.builder(registry)
                .percentileHistogram(props.getMetrics().isPercentileHistogram()).build();
    }
}
