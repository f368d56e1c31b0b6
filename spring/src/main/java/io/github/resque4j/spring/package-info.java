/**
 * Spring Boot auto-configuration for resque4j: properties under {@code resque4j.*}, a
 * {@link io.github.resque4j.client.ResqueClient}, a {@link io.github.resque4j.worker.WorkerPool} running
 * {@link io.github.resque4j.spring.ResqueJob} handler beans with the application context's lifecycle, a
 * {@code resque} health component and Micrometer metrics when a {@code MeterRegistry} exists.
 */
package io.github.resque4j.spring;
