package io.github.resque4j.spring;

import io.github.resque4j.worker.WorkerOptions;

/**
 * Adjusts the auto-configured {@link WorkerOptions} beyond what the {@code resque4j.*} properties say, e.g.
 * per-class hooks or job timeouts. Declare it as a bean. ({@code JobHook} and {@code WorkerListener} beans are
 * added without one.)
 */
@FunctionalInterface
public interface WorkerOptionsCustomizer {
    /** @param builder prefilled from the properties and the handler, hook and listener beans */
    void customize(WorkerOptions.Builder builder);
}
