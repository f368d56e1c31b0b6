package io.github.resque4j.internal.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.resque4j.Payload;
import io.github.resque4j.internal.RubyTime;
import io.github.resque4j.metrics.ResqueMetrics;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.WorkerListener;

/** Turns worker events into {@link ResqueMetrics} calls. */
public final class MetricsWorkerListener implements WorkerListener {
    /** Rails' Resque adapter wraps every job in this class (WIRE.md 12.9). */
    static final String ACTIVE_JOB_WRAPPER = "ActiveJob::QueueAdapters::ResqueAdapter::JobWrapper";

    private final ResqueMetrics metrics;
    private final Clock clock;

    /** @param metrics where events go */
    public MetricsWorkerListener(ResqueMetrics metrics) {
        this(metrics, Clock.systemUTC());
    }

    MetricsWorkerListener(ResqueMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void beforeJob(String workerId, JobContext job) {
        dueAt(job.payload()).ifPresent(due -> {
            Duration waited = Duration.between(due, clock.instant());
            metrics.queueLatency(jobClass(job.payload()), job.queue(), waited.isNegative() ? Duration.ZERO : waited);
        });
    }

    @Override
    public void afterJob(String workerId, JobContext job, Duration elapsed, Throwable failure) {
        metrics.jobFinished(jobClass(job.payload()), job.queue(), elapsed, failure);
    }

    @Override
    public void onMalformedJob(String workerId, String queue, Throwable error) {
        metrics.jobMalformed(queue);
    }

    /**
     * @param payload a job
     * @return the class it runs as: ActiveJob's {@code job_class} for the Rails wrapper, else the payload's class
     */
    static String jobClass(Payload payload) {
        if (ACTIVE_JOB_WRAPPER.equals(payload.className())) {
            Object inner = firstArgHash(payload).get("job_class");
            if (inner instanceof String && !((String) inner).isEmpty()) {
                return (String) inner;
            }
        }
        return payload.className();
    }

    /**
     * When the job became due: {@code enqueued_at} from the payload's top level or its first argument hash
     * (ActiveJob), or that hash's {@code scheduled_at} when later (a delayed Rails 7.1+ job, whose
     * {@code enqueued_at} is when it was scheduled).
     *
     * @param payload a job
     * @return the instant, or empty when the payload does not say
     */
    static Optional<Instant> dueAt(Payload payload) {
        Map<?, ?> hash = firstArgHash(payload);
        Optional<Instant> enqueued = instant(payload.fields().get("enqueued_at"));
        if (enqueued.isEmpty()) {
            enqueued = instant(hash.get("enqueued_at"));
        }
        Optional<Instant> scheduled = instant(hash.get("scheduled_at"));
        if (scheduled.isPresent() && (enqueued.isEmpty() || scheduled.get().isAfter(enqueued.get()))) {
            return scheduled;
        }
        return enqueued;
    }

    private static Map<?, ?> firstArgHash(Payload payload) {
        List<Object> args = payload.args();
        return !args.isEmpty() && args.get(0) instanceof Map ? (Map<?, ?>) args.get(0) : Map.of();
    }

    /** A time as Ruby stacks write it: an ISO-8601 or {@code Time#to_s} string, or epoch seconds. */
    static Optional<Instant> instant(Object value) {
        if (value instanceof String) {
            return RubyTime.parse((String) value);
        }
        if (value instanceof Number) {
            try {
                BigDecimal nanos = new BigDecimal(value.toString()).movePointRight(9).setScale(0, RoundingMode.DOWN);
                return Optional.of(Instant.EPOCH.plusNanos(nanos.longValueExact()));
            } catch (ArithmeticException | NumberFormatException e) {
                return Optional.empty(); // not a plausible time
            }
        }
        return Optional.empty();
    }
}
