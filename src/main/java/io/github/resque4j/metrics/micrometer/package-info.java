/**
 * The Micrometer implementation of {@link io.github.resque4j.metrics.ResqueMetrics}. The only package of resque4j
 * that needs {@code io.micrometer:micrometer-core}, an optional dependency: add it to use this package.
 */
package io.github.resque4j.metrics.micrometer;
