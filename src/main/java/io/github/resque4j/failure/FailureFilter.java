package io.github.resque4j.failure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Selects failure entries by what Ruby's API cannot filter on: job class, exception class, queue, failure
 * time and whether the entry was requeued. Criteria combine with AND; unset criteria match everything.
 * Immutable and thread-safe; made with {@link #builder()}.
 *
 * <p>Comparisons are exact string matches. The time range is {@code [failedFrom, failedTo)} on
 * {@code failed_at} read as Ruby writes it ({@code 2026/11/25 13:41:03 UTC}, with the zone abbreviation);
 * an entry whose {@code failed_at} is missing or cannot be read never matches a time criterion, because its
 * time is unknown, not old or new.
 */
public final class FailureFilter {
    private static final FailureFilter ALL = new Builder().build();

    private final String className;
    private final String exception;
    private final String queue;
    private final Instant failedFrom;
    private final Instant failedTo;
    private final Boolean retried;

    private FailureFilter(Builder b) {
        this.className = b.className;
        this.exception = b.exception;
        this.queue = b.queue;
        this.failedFrom = b.failedFrom;
        this.failedTo = b.failedTo;
        this.retried = b.retried;
    }

    /** @return the filter that matches every entry, malformed ones included */
    public static FailureFilter all() {
        return ALL;
    }

    /** @return a builder with no criteria */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this filter's criteria */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.className = className;
        b.exception = exception;
        b.queue = queue;
        b.failedFrom = failedFrom;
        b.failedTo = failedTo;
        b.retried = retried;
        return b;
    }

    /** @return whether no criterion is set, so every entry matches */
    public boolean isAll() {
        return className == null && exception == null && queue == null && failedFrom == null && failedTo == null
                && retried == null;
    }

    /** @return the payload class to match, if set */
    public Optional<String> className() {
        return Optional.ofNullable(className);
    }

    /** @return the exception class name to match, if set */
    public Optional<String> exception() {
        return Optional.ofNullable(exception);
    }

    /** @return the job queue (the entry's {@code queue} field) to match, if set */
    public Optional<String> queue() {
        return Optional.ofNullable(queue);
    }

    /** @return the inclusive lower bound on {@code failed_at}, if set */
    public Optional<Instant> failedFrom() {
        return Optional.ofNullable(failedFrom);
    }

    /** @return the exclusive upper bound on {@code failed_at}, if set */
    public Optional<Instant> failedTo() {
        return Optional.ofNullable(failedTo);
    }

    /** @return {@code true}: only requeued entries; {@code false}: only never-requeued ones; empty: both */
    public Optional<Boolean> retried() {
        return Optional.ofNullable(retried);
    }

    /**
     * @param entry an entry
     * @return whether it satisfies every criterion
     */
    public boolean matches(FailureEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (className != null && !className.equals(entry.className())) {
            return false;
        }
        if (exception != null && !exception.equals(entry.exception())) {
            return false;
        }
        if (queue != null && !queue.equals(entry.queue())) {
            return false;
        }
        if (retried != null && retried != entry.retried()) {
            return false;
        }
        if (failedFrom != null || failedTo != null) {
            Optional<Instant> at = entry.failedAtInstant();
            if (at.isEmpty()) {
                return false;
            }
            if (failedFrom != null && at.get().isBefore(failedFrom)) {
                return false;
            }
            if (failedTo != null && !at.get().isBefore(failedTo)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FailureFilter)) {
            return false;
        }
        FailureFilter f = (FailureFilter) o;
        return Objects.equals(className, f.className) && Objects.equals(exception, f.exception)
                && Objects.equals(queue, f.queue) && Objects.equals(failedFrom, f.failedFrom)
                && Objects.equals(failedTo, f.failedTo) && Objects.equals(retried, f.retried);
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, exception, queue, failedFrom, failedTo, retried);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (className != null) {
            parts.add("class=" + className);
        }
        if (exception != null) {
            parts.add("exception=" + exception);
        }
        if (queue != null) {
            parts.add("queue=" + queue);
        }
        if (failedFrom != null) {
            parts.add("failedFrom=" + failedFrom);
        }
        if (failedTo != null) {
            parts.add("failedTo=" + failedTo);
        }
        if (retried != null) {
            parts.add("retried=" + retried);
        }
        return "FailureFilter" + (parts.isEmpty() ? "{all}" : parts.toString());
    }

    /** Builder for {@link FailureFilter}; not thread-safe. Passing {@code null} clears a criterion. */
    public static final class Builder {
        private String className;
        private String exception;
        private String queue;
        private Instant failedFrom;
        private Instant failedTo;
        private Boolean retried;

        private Builder() {
        }

        /**
         * @param name payload {@code class} to match exactly, e.g. {@code Mailer::Deliver}
         * @return this
         */
        public Builder className(String name) {
            this.className = name;
            return this;
        }

        /**
         * @param name exception class to match exactly, e.g. {@code Resque::DirtyExit}
         * @return this
         */
        public Builder exception(String name) {
            this.exception = name;
            return this;
        }

        /**
         * @param name the job queue the entry records (its {@code queue} field)
         * @return this
         */
        public Builder queue(String name) {
            this.queue = name;
            return this;
        }

        /**
         * @param from entries that failed at or after this instant
         * @return this
         */
        public Builder failedFrom(Instant from) {
            this.failedFrom = from;
            return this;
        }

        /**
         * @param to entries that failed before this instant
         * @return this
         */
        public Builder failedTo(Instant to) {
            this.failedTo = to;
            return this;
        }

        /**
         * @param requeued {@code true} for requeued entries only, {@code false} for the others
         * @return this
         */
        public Builder retried(Boolean requeued) {
            this.retried = requeued;
            return this;
        }

        /**
         * @return the filter
         * @throws IllegalArgumentException if {@code failedFrom} is after {@code failedTo}
         */
        public FailureFilter build() {
            if (failedFrom != null && failedTo != null && failedFrom.isAfter(failedTo)) {
                throw new IllegalArgumentException("failedFrom " + failedFrom + " is after failedTo " + failedTo);
            }
            return new FailureFilter(this);
        }
    }
}
