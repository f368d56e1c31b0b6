package io.github.resque4j.spring;

import io.github.resque4j.worker.JobRegistry;

/**
 * Registers handlers that are not {@link ResqueJob} beans (lambdas, factories, record-bound handlers), or sets the
 * registry's mapper or instantiator. Declare it as a bean.
 */
@FunctionalInterface
public interface JobRegistryCustomizer {
    /** @param builder already holding the {@link ResqueJob} handlers and allowed packages */
    void customize(JobRegistry.Builder builder);
}
