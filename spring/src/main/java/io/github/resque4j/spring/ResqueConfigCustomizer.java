package io.github.resque4j.spring;

import io.github.resque4j.config.ResqueConfig;

/**
 * Adjusts the auto-configured {@link ResqueConfig} beyond what the {@code resque4j.*} properties say, e.g.
 * Sentinel, a TLS CA file or an application-owned {@code RedissonClient}. Declare it as a bean.
 */
@FunctionalInterface
public interface ResqueConfigCustomizer {
    /** @param builder prefilled from the properties */
    void customize(ResqueConfig.Builder builder);
}
