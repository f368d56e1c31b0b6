package io.github.resque4j.activejob;

import io.github.resque4j.JobArgumentException;
import io.github.resque4j.worker.JobContext;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link ActiveJobHandler} sees: the decoded {@link ActiveJob} and the Resque {@link JobContext} it runs
 * in (queue, worker id, the raw payload), with Ruby's view of the arguments: {@link #positionalArguments()} and
 * {@link #keywords()} are what a Ruby {@code def perform(*args, **kwargs)} receives.
 *
 * <p>{@link #argument(int, Class)} converts without loss: integers to any integer type that holds them (and to
 * BigDecimal or, when exact, Double), a Rails 6.1 BigDecimal (a String such as {@code "1.1"}) to BigDecimal, a
 * {@link RubyTime} to Instant, OffsetDateTime or ZonedDateTime, a {@link RubyDate} to LocalDate, a
 * {@link RubyDuration} to Duration, a {@link RubySymbol} to String; anything else only to a type it already is.
 */
public final class ActiveJobContext {
    private final ActiveJob job;
    private final JobContext resque;

    /**
     * @param job the decoded job
     * @param resque the Resque context of the JobWrapper job
     */
    public ActiveJobContext(ActiveJob job, JobContext resque) {
        this.job = Objects.requireNonNull(job, "job");
        this.resque = Objects.requireNonNull(resque, "resque");
    }

    /** @return the job: class, id, queue, executions, locale, timezone, enqueued_at, arguments */
    public ActiveJob job() {
        return job;
    }

    /** @return the Resque side: queue reserved from, worker id, the JobWrapper payload as stored */
    public JobContext resque() {
        return resque;
    }

    /** @return all arguments decoded, a trailing keywords hash included, unmodifiable */
    public List<Object> arguments() {
        return job.arguments();
    }

    /** @return the arguments without a trailing keywords hash ({@code *args} of the Ruby {@code perform}) */
    public List<Object> positionalArguments() {
        List<Object> all = job.arguments();
        return hasKeywords() ? all.subList(0, all.size() - 1) : all;
    }

    /** @return the keyword arguments ({@code **kwargs}: a trailing {@link RubyHash#isKeywords()} hash), or empty */
    public Map<String, Object> keywords() {
        return hasKeywords() ? (RubyHash) job.arguments().get(job.arguments().size() - 1) : Map.of();
    }

    private boolean hasKeywords() {
        List<Object> all = job.arguments();
        return !all.isEmpty() && all.get(all.size() - 1) instanceof RubyHash h && h.isKeywords();
    }

    /**
     * @param index zero-based position in {@link #arguments()}
     * @return the decoded argument
     * @throws JobArgumentException if there is no such argument
     */
    public Object argument(int index) {
        List<Object> all = job.arguments();
        if (index < 0 || index >= all.size()) {
            throw new JobArgumentException("ActiveJob " + job.jobClass() + " has " + all.size()
                    + " argument(s), there is none at index " + index);
        }
        return all.get(index);
    }

    /**
     * Converts one argument (see the class comment for the conversions).
     *
     * @param index zero-based position in {@link #arguments()}
     * @param type the wanted type; a primitive class gives its boxed value
     * @param <T> the wanted type
     * @return the converted argument; {@code null} for nil (unless {@code type} is primitive)
     * @throws JobArgumentException if there is no such argument or it does not convert without loss
     */
    public <T> T argument(int index, Class<T> type) {
        return ArgumentConversion.convert(argument(index), type, "ActiveJob " + job.jobClass() + " argument " + index);
    }

    /**
     * Converts one keyword argument (see the class comment for the conversions).
     *
     * @param name the keyword
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the converted value; {@code null} if absent or nil (unless {@code type} is primitive)
     * @throws JobArgumentException if it does not convert without loss, or is absent and {@code type} is primitive
     */
    public <T> T keyword(String name, Class<T> type) {
        return ArgumentConversion.convert(keywords().get(name), type, "ActiveJob " + job.jobClass() + " keyword "
                + name);
    }

    @Override
    public String toString() {
        return "ActiveJobContext[" + job + ", worker=" + resque.workerId() + "]";
    }
}
