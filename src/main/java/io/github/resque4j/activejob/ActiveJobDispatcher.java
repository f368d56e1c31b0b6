package io.github.resque4j.activejob;

import io.github.resque4j.UnknownJobClassException;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobRegistry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs ActiveJob jobs on Java handlers chosen by their ActiveJob class name ({@code job_class}). Every ActiveJob
 * payload has the Resque class {@value ActiveJob#WRAPPER_CLASS}, so the dispatcher is the {@link JobHandler}
 * registered for that name, and it picks the {@link ActiveJobHandler} registered for the {@code job_class}:
 *
 * <pre>{@code
 * ActiveJobDispatcher activeJobs = ActiveJobDispatcher.builder()
 *         .register("WelcomeMailerJob", job -> mailer.welcome(job.argument(0, GlobalId.class).modelId()))
 *         .register("Admin::CleanupJob", job -> cleanup.run(job.keyword("dry_run", Boolean.class)))
 *         .build();
 * // registerWith(b) is b.register(ActiveJob.WRAPPER_CLASS, activeJobs)
 * JobRegistry jobs = activeJobs.registerWith(JobRegistry.builder())
 *         .register("PlainResqueJob", job -> ...)
 *         .build();
 * }</pre>
 *
 * <p>A payload whose {@code job_class} has no handler fails with {@link UnknownJobClassException}, as a Ruby
 * worker fails with {@code NameError} on an unknown constant; a malformed one fails with
 * {@link io.github.resque4j.PayloadFormatException}. Both land in Resque's failed list with the payload, like any
 * failure. Hooks registered for a class name see {@value ActiveJob#WRAPPER_CLASS}, as Ruby's hooks see
 * {@code JobWrapper}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ActiveJobDispatcher implements JobHandler {
    private final Map<String, ActiveJobHandler> handlers;

    private ActiveJobDispatcher(Builder b) {
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(b.handlers));
    }

    /** @return a builder for a new dispatcher */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decodes the JobWrapper payload and runs the handler of its {@code job_class}.
     *
     * @param job the Resque job ({@value ActiveJob#WRAPPER_CLASS})
     * @throws Exception whatever the handler throws
     * @throws UnknownJobClassException if no handler is registered for the job's {@code job_class}
     * @throws io.github.resque4j.PayloadFormatException if the payload is not a well-formed ActiveJob job
     */
    @Override
    public void perform(JobContext job) throws Exception {
        ActiveJob activeJob = ActiveJob.from(job.payload());
        ActiveJobHandler handler = handlers.get(activeJob.jobClass());
        if (handler == null) {
            throw new UnknownJobClassException(activeJob.jobClass(), "no ActiveJob handler for job_class '"
                    + activeJob.jobClass() + "': register one with ActiveJobDispatcher.builder().register(\""
                    + activeJob.jobClass() + "\", handler)");
        }
        handler.perform(new ActiveJobContext(activeJob, job));
    }

    /**
     * Registers this dispatcher for {@value ActiveJob#WRAPPER_CLASS}.
     *
     * @param registry a registry builder
     * @return the same builder
     * @throws IllegalArgumentException if the wrapper class is already registered there
     */
    public JobRegistry.Builder registerWith(JobRegistry.Builder registry) {
        return registry.register(ActiveJob.WRAPPER_CLASS, this);
    }

    /**
     * @param jobClass an ActiveJob class name
     * @return whether a handler is registered for it
     */
    public boolean handles(String jobClass) {
        return handlers.containsKey(jobClass);
    }

    /** @return the registered ActiveJob class names, in registration order, unmodifiable */
    public Set<String> jobClasses() {
        return handlers.keySet();
    }

    @Override
    public String toString() {
        return "ActiveJobDispatcher" + handlers.keySet();
    }

    /** Collects handlers. Not thread-safe; each {@link #build()} is independent of later changes. */
    public static final class Builder {
        private final Map<String, ActiveJobHandler> handlers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param jobClass the ActiveJob class name as {@code job_class} gives it, e.g. {@code Admin::CleanupJob}
         * @param handler runs those jobs; shared, so thread-safe
         * @return this builder
         * @throws IllegalArgumentException if the name is blank, padded, or already registered
         */
        public Builder register(String jobClass, ActiveJobHandler handler) {
            Objects.requireNonNull(jobClass, "jobClass");
            Objects.requireNonNull(handler, "handler");
            if (jobClass.isBlank() || !jobClass.strip().equals(jobClass)) {
                throw new IllegalArgumentException("ActiveJob class name '" + jobClass
                        + "' is blank or has leading or trailing whitespace");
            }
            if (handlers.putIfAbsent(jobClass, handler) != null) {
                throw new IllegalArgumentException("ActiveJob class '" + jobClass + "' is already registered");
            }
            return this;
        }

        /** @return the dispatcher */
        public ActiveJobDispatcher build() {
            return new ActiveJobDispatcher(this);
        }
    }
}
