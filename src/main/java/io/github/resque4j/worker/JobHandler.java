package io.github.resque4j.worker;

/**
 * Runs one job: the Java counterpart of a Ruby job class's {@code self.perform(*args)}. Register handlers
 * with {@link JobRegistry.Builder}; payloads are mapped to them by their Ruby class name.
 *
 * <p>A handler registered as a shared instance is called from several worker threads at once, so it
 * must be thread-safe; register a factory to get a fresh instance per job instead.
 */
@FunctionalInterface
public interface JobHandler {

    /**
     * Performs the job.
     *
     * @param job the job's class name, queue, arguments and conversions
     * @throws Exception any failure; throwing marks the job failed (the worker records it in Resque's
     *     failed list, as Ruby does for an exception escaping {@code perform})
     */
    void perform(JobContext job) throws Exception;
}
