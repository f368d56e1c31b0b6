/**
 * ActiveJob interop: Rails apps on the Resque adapter enqueue
 * {@code {"class":"ActiveJob::QueueAdapters::ResqueAdapter::JobWrapper","args":[<job.serialize>]}}; this package
 * reads and writes that layout byte for byte as Rails 6.1 does.
 *
 * <ul>
 *   <li>{@link io.github.resque4j.activejob.ActiveJob}: the job data (class, id, queue, executions, locale,
 *       timezone, enqueued_at, …) with the arguments decoded; built from Java, or read from a payload.</li>
 *   <li>{@link io.github.resque4j.activejob.ActiveJobArguments}: ActiveJob's argument serialization. Ruby values
 *       with no JSON form get types here: {@link io.github.resque4j.activejob.RubySymbol},
 *       {@link io.github.resque4j.activejob.RubyHash} (symbol keys, keyword arguments),
 *       {@link io.github.resque4j.activejob.GlobalId} (a model reference, never resolved),
 *       {@link io.github.resque4j.activejob.RubyTime}, {@link io.github.resque4j.activejob.RubyDate},
 *       {@link io.github.resque4j.activejob.RubyDuration}, {@link io.github.resque4j.activejob.RubyModule} and
 *       {@link io.github.resque4j.activejob.SerializedObject} for custom serializers.</li>
 *   <li>{@link io.github.resque4j.activejob.ActiveJobDispatcher}: Java handlers per ActiveJob class, registered in a
 *       {@link io.github.resque4j.worker.JobRegistry} under the wrapper class.</li>
 *   <li>{@link io.github.resque4j.activejob.ActiveJobs}: enqueue for a Rails worker, now or through
 *       resque-scheduler.</li>
 * </ul>
 *
 * <p>Checked against payloads recorded from Rails 6.1.7 (compat/activejob/) and live Ruby workers.
 */
package io.github.resque4j.activejob;
