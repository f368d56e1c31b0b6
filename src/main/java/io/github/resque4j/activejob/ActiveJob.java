package io.github.resque4j.activejob;

import io.github.resque4j.Job;
import io.github.resque4j.Names;
import io.github.resque4j.Payload;
import io.github.resque4j.PayloadFormatException;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One ActiveJob job as Rails' Resque adapter carries it: the hash {@code job.serialize} makes, the single argument
 * of {@value #WRAPPER_CLASS}:
 * <pre>{"class":"ActiveJob::QueueAdapters::ResqueAdapter::JobWrapper","args":[{"job_class":"MyJob",
 *   "job_id":"…uuid…","provider_job_id":null,"queue_name":"default","priority":null,"arguments":[…],
 *   "executions":0,"exception_executions":{},"locale":"en","timezone":"UTC",
 *   "enqueued_at":"2026-11-25T17:20:37Z"}]}</pre>
 *
 * <p>Read one with {@link #from(Payload)}: the envelope fields plus the {@linkplain #arguments() arguments decoded}
 * by {@link ActiveJobArguments}. Make one with {@link #builder(String)} and enqueue it with {@link ActiveJobs}; the
 * bytes are those Rails 6.1 writes (keys in the order above), given the same job id, time and the
 * {@link io.github.resque4j.json.JsonProfile} of the Rails side: {@code ACTIVE_SUPPORT} for MultiJson's json_gem
 * adapter, {@code OJ_COMPAT} when the Rails app has the {@code oj} gem. Newer Rails versions read this layout too.
 *
 * <p>A decoded job keeps its serialized arguments as read, so {@link #toJobData()} writes them back unchanged,
 * and keeps fields it does not know (e.g. from a newer Rails) after the known ones. Instances are immutable.
 */
public final class ActiveJob {

    /** The Resque job class of every ActiveJob payload. */
    public static final String WRAPPER_CLASS = "ActiveJob::QueueAdapters::ResqueAdapter::JobWrapper";

    /** {@code Time.now.utc.iso8601}, the {@code enqueued_at} of Rails 6.1. */
    private static final DateTimeFormatter ENQUEUED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Rails 6.1's {@code serialize} keys, in its order, then {@code scheduled_at} (newer Rails). */
    private static final List<String> KNOWN = List.of("job_class", "job_id", "provider_job_id", "queue_name",
            "priority", "arguments", "executions", "exception_executions", "locale", "timezone", "enqueued_at",
            "scheduled_at");

    private final String jobClass;
    private final String jobId;
    private final String providerJobId;
    private final String queueName;
    private final Integer priority;
    private final List<Object> arguments;
    private final List<Object> serializedArguments;
    private final int executions;
    private final Map<String, Integer> exceptionExecutions;
    private final String locale;
    private final String timezone;
    private final String enqueuedAt;
    private final String scheduledAt;
    /** Whether {@code scheduled_at} is written even when null (a newer Rails wrote the key). */
    private final boolean scheduledAtKey;
    private final Map<String, Object> extraFields;

    private ActiveJob(Builder b, List<Object> arguments, List<Object> serializedArguments) {
        this.jobClass = b.jobClass;
        this.jobId = b.jobId;
        this.providerJobId = b.providerJobId;
        this.queueName = b.queueName;
        this.priority = b.priority;
        this.arguments = arguments;
        this.serializedArguments = serializedArguments;
        this.executions = b.executions;
        this.exceptionExecutions = Collections.unmodifiableMap(new LinkedHashMap<>(b.exceptionExecutions));
        this.locale = b.locale;
        this.timezone = b.timezone;
        this.enqueuedAt = b.enqueuedAt;
        this.scheduledAt = b.scheduledAt;
        this.scheduledAtKey = b.scheduledAtKey;
        this.extraFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraFields));
    }

    /**
     * Starts a job for the given ActiveJob class. Defaults are what a Rails 6.1 app with default settings writes:
     * queue {@code default}, no priority, executions 0, locale {@code en}, timezone {@code UTC}, a random
     * UUID as job id and the current second as {@code enqueued_at}, taken when {@link Builder#build()} runs.
     *
     * @param jobClass the Ruby class name, e.g. {@code WelcomeMailerJob} or {@code Admin::CleanupJob}
     * @return a builder
     * @throws io.github.resque4j.InvalidNameException if the name is blank
     */
    public static Builder builder(String jobClass) {
        return new Builder(Names.requireClassName(jobClass));
    }

    /**
     * @param payload a job read from a queue
     * @return whether it is an ActiveJob job: class {@value #WRAPPER_CLASS} and one hash argument with a
     *     string {@code job_class}
     */
    public static boolean isActiveJob(Payload payload) {
        return WRAPPER_CLASS.equals(payload.className()) && payload.args().size() == 1
                && payload.args().get(0) instanceof Map<?, ?> m && m.get("job_class") instanceof String;
    }

    /**
     * Reads an ActiveJob job from its Resque payload (what {@code JobWrapper.perform(job_data)} receives).
     *
     * @param payload the job as read from the queue
     * @return the job, arguments decoded
     * @throws PayloadFormatException (with the payload text) if it is not an ActiveJob job, a field has the
     *     wrong type, or an argument is malformed
     */
    public static ActiveJob from(Payload payload) {
        Objects.requireNonNull(payload, "payload");
        if (!WRAPPER_CLASS.equals(payload.className())) {
            throw new PayloadFormatException("not an ActiveJob payload: class is '" + payload.className()
                    + "', not " + WRAPPER_CLASS, payload.raw());
        }
        if (payload.args().size() != 1 || !(payload.args().get(0) instanceof Map<?, ?> data)) {
            throw new PayloadFormatException(WRAPPER_CLASS + " takes exactly one argument, the job data hash",
                    payload.raw());
        }
        try {
            return fromJobData(castKeys(data));
        } catch (PayloadFormatException e) {
            throw new PayloadFormatException(e.getMessage(), payload.raw(), e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castKeys(Map<?, ?> data) {
        return (Map<String, ?>) data; // decoded JSON objects have String keys
    }

    /**
     * Reads the job data hash ({@code job.serialize}), e.g. the argument of a Resque payload.
     *
     * @param jobData the hash as decoded JSON
     * @return the job, arguments decoded
     * @throws PayloadFormatException if a field has the wrong type or an argument is malformed
     */
    public static ActiveJob fromJobData(Map<String, ?> jobData) {
        Objects.requireNonNull(jobData, "jobData");
        String jobClass = string(jobData, "job_class");
        if (jobClass == null || jobClass.isBlank()) {
            throw new PayloadFormatException("ActiveJob job data has no job_class", null);
        }
        Object args = jobData.get("arguments");
        if (!(args instanceof List<?> serialized)) {
            throw new PayloadFormatException("ActiveJob job data of " + jobClass + " has no arguments array", null);
        }
        Builder b = new Builder(jobClass);
        b.jobId = string(jobData, "job_id");
        b.providerJobId = string(jobData, "provider_job_id");
        b.queueName = string(jobData, "queue_name");
        b.priority = integer(jobData, "priority");
        Integer executions = integer(jobData, "executions");
        b.executions = executions == null ? 0 : executions;
        Object ee = jobData.get("exception_executions");
        if (ee instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (!(v instanceof Integer n)) {
                    throw new PayloadFormatException("ActiveJob exception_executions[" + k + "] is not an integer: "
                            + v, null);
                }
                b.exceptionExecutions.put((String) k, n);
            });
        } else if (ee != null) {
            throw new PayloadFormatException("ActiveJob exception_executions is not a hash: " + ee, null);
        }
        b.locale = string(jobData, "locale");
        b.timezone = string(jobData, "timezone");
        b.enqueuedAt = string(jobData, "enqueued_at");
        b.scheduledAt = string(jobData, "scheduled_at");
        b.scheduledAtKey = jobData.containsKey("scheduled_at");
        jobData.forEach((k, v) -> {
            if (!KNOWN.contains(k)) {
                b.extraFields.put(k, v);
            }
        });
        List<Object> decoded = ActiveJobArguments.decode(serialized);
        return new ActiveJob(b, decoded, Collections.unmodifiableList(new ArrayList<>(serialized)));
    }

    private static String string(Map<String, ?> data, String key) {
        Object v = data.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new PayloadFormatException("ActiveJob " + key + " is not a string: " + v, null);
    }

    private static Integer integer(Map<String, ?> data, String key) {
        Object v = data.get(key);
        if (v == null || v instanceof Integer) {
            return (Integer) v;
        }
        throw new PayloadFormatException("ActiveJob " + key + " is not an integer: " + v, null);
    }

    // --- accessors --------------------------------------------------------------------------------------

    /** @return the Ruby job class, e.g. {@code WelcomeMailerJob} */
    public String jobClass() {
        return jobClass;
    }

    /** @return the job id (a UUID when Rails made it); may be {@code null} in hand-made payloads */
    public String jobId() {
        return jobId;
    }

    /** @return {@code provider_job_id}; {@code null} with the Resque adapter */
    public String providerJobId() {
        return providerJobId;
    }

    /** @return the queue the job was enqueued to; {@code null} only in hand-made payloads */
    public String queueName() {
        return queueName;
    }

    /** @return the priority ({@code set(priority: 10)}), which Resque ignores; {@code null} when unset */
    public Integer priority() {
        return priority;
    }

    /**
     * @return the arguments decoded (see {@link ActiveJobArguments}), as a handler of the job receives them (for a
     *     built job too: an {@code Instant} given to the builder is a {@link RubyTime} here), unmodifiable
     */
    public List<Object> arguments() {
        return arguments;
    }

    /** @return the arguments as serialized JSON, as read or as {@link #toJobData()} writes them, unmodifiable */
    public List<Object> serializedArguments() {
        return serializedArguments;
    }

    /**
     * @return how many times the job ran before this enqueue: 0 for a new job, 1 for a first retry. (Inside a
     *     Ruby {@code perform}, {@code executions} is this plus one.)
     */
    public int executions() {
        return executions;
    }

    /** @return per {@code retry_on} exception list (e.g. {@code [ArgumentError]}), how often it was retried */
    public Map<String, Integer> exceptionExecutions() {
        return exceptionExecutions;
    }

    /** @return the I18n locale the job was enqueued under, e.g. {@code en}; may be {@code null} */
    public String locale() {
        return locale;
    }

    /** @return the {@code Time.zone} name the job was enqueued under, e.g. {@code UTC}; may be {@code null} */
    public String timezone() {
        return timezone;
    }

    /** @return {@code enqueued_at} as written, e.g. {@code 2026-11-25T17:20:37Z}; may be {@code null} */
    public String enqueuedAt() {
        return enqueuedAt;
    }

    /** @return {@link #enqueuedAt()} as an instant, if present and ISO 8601 */
    public Optional<Instant> enqueuedAtInstant() {
        return instant(enqueuedAt);
    }

    /**
     * @return {@code scheduled_at} as written; Rails 6.1 never writes it, newer Rails versions write it for every
     *     job (null unless delayed; source only: rails/rails activejob/lib/active_job/core.rb)
     */
    public String scheduledAt() {
        return scheduledAt;
    }

    /** @return {@link #scheduledAt()} as an instant, if present and ISO 8601 */
    public Optional<Instant> scheduledAtInstant() {
        return instant(scheduledAt);
    }

    /** @return job data fields this class does not know, in order, unmodifiable */
    public Map<String, Object> extraFields() {
        return extraFields;
    }

    private static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    // --- writing ----------------------------------------------------------------------------------------

    /**
     * @return the job data hash ({@code job.serialize}) in Rails' key order, JSON-ready; {@code scheduled_at} and
     *     extra fields only when set or read
     */
    public Map<String, Object> toJobData() {
        Map<String, Object> m = new LinkedHashMap<>(16);
        m.put("job_class", jobClass);
        m.put("job_id", jobId);
        m.put("provider_job_id", providerJobId);
        m.put("queue_name", queueName);
        m.put("priority", priority);
        m.put("arguments", serializedArguments);
        m.put("executions", executions);
        m.put("exception_executions", exceptionExecutions);
        m.put("locale", locale);
        m.put("timezone", timezone);
        m.put("enqueued_at", enqueuedAt);
        if (scheduledAt != null || scheduledAtKey) {
            m.put("scheduled_at", scheduledAt);
        }
        m.putAll(extraFields);
        return m;
    }

    /** @return the Resque job: class {@value #WRAPPER_CLASS}, the job data as its one argument */
    public Job toJob() {
        return new Job(WRAPPER_CLASS, List.of(toJobData()));
    }

    /** @return a builder with every field of this job (arguments as decoded) */
    public Builder toBuilder() {
        Builder b = new Builder(jobClass);
        b.jobId = jobId;
        b.providerJobId = providerJobId;
        b.queueName = queueName;
        b.priority = priority;
        b.arguments.addAll(arguments);
        b.executions = executions;
        b.exceptionExecutions.putAll(exceptionExecutions);
        b.locale = locale;
        b.timezone = timezone;
        b.enqueuedAt = enqueuedAt;
        b.scheduledAt = scheduledAt;
        b.scheduledAtKey = scheduledAtKey;
        b.extraFields.putAll(extraFields);
        b.jobIdSet = true;
        b.enqueuedAtSet = true;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActiveJob other && toJobData().equals(other.toJobData());
    }

    @Override
    public int hashCode() {
        return toJobData().hashCode();
    }

    /** @return class, id and queue (arguments left out: they may hold personal data) */
    @Override
    public String toString() {
        return "ActiveJob[" + jobClass + ", id=" + jobId + ", queue=" + queueName + ", executions=" + executions + "]";
    }

    /** Collects the fields of an {@link ActiveJob}. Not thread-safe. */
    public static final class Builder {
        private final String jobClass;
        private String jobId;
        private boolean jobIdSet;
        private String providerJobId;
        private String queueName = "default";
        private Integer priority;
        private final List<Object> arguments = new ArrayList<>();
        private Map<String, ?> keywords;
        private int executions;
        private final Map<String, Integer> exceptionExecutions = new LinkedHashMap<>();
        private String locale = "en";
        private String timezone = "UTC";
        private String enqueuedAt;
        private boolean enqueuedAtSet;
        private String scheduledAt;
        private boolean scheduledAtKey;
        private final Map<String, Object> extraFields = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder(String jobClass) {
            this.jobClass = jobClass;
        }

        /**
         * @param queue the queue ({@code queue_as} / {@code set(queue:)}); the job is pushed there
         * @return this builder
         * @throws io.github.resque4j.InvalidNameException if Resque cannot carry the name
         */
        public Builder queue(String queue) {
            this.queueName = Names.requireQueue(queue);
            return this;
        }

        /**
         * Replaces the positional arguments.
         *
         * @param args the arguments (types: see {@link ActiveJobArguments})
         * @return this builder
         */
        public Builder arguments(Object... args) {
            return arguments(args == null ? Collections.singletonList(null) : Arrays.asList(args));
        }

        /**
         * Replaces the positional arguments.
         *
         * @param args the arguments (types: see {@link ActiveJobArguments})
         * @return this builder
         */
        public Builder arguments(List<?> args) {
            Objects.requireNonNull(args, "args");
            arguments.clear();
            arguments.addAll(args);
            return this;
        }

        /**
         * Sets keyword arguments, added after the positional ones as Ruby's {@code perform_later(…, key: value)}
         * does (a {@link RubyHash#keywords keywords hash}); an empty map adds none.
         *
         * @param keywords keyword names (symbols in Ruby) to values, in order
         * @return this builder
         */
        public Builder keywords(Map<String, ?> keywords) {
            this.keywords = new LinkedHashMap<>(Objects.requireNonNull(keywords, "keywords"));
            return this;
        }

        /**
         * @param priority {@code set(priority:)}; {@code null} for none. Resque does not use it.
         * @return this builder
         */
        public Builder priority(Integer priority) {
            this.priority = priority;
            return this;
        }

        /**
         * @param jobId the job id; default a random UUID
         * @return this builder
         */
        public Builder jobId(String jobId) {
            this.jobId = Objects.requireNonNull(jobId, "jobId");
            this.jobIdSet = true;
            return this;
        }

        /**
         * @param locale {@code I18n.locale}, e.g. {@code de}; {@code null} is written as null
         * @return this builder
         */
        public Builder locale(String locale) {
            this.locale = locale;
            return this;
        }

        /**
         * @param timezone {@code Time.zone.name}, e.g. {@code Europe/Berlin}; {@code null} when the app has none
         * @return this builder
         */
        public Builder timezone(String timezone) {
            this.timezone = timezone;
            return this;
        }

        /**
         * @param executions runs so far (0 for a new job; a retry writes the runs it had)
         * @return this builder
         */
        public Builder executions(int executions) {
            if (executions < 0) {
                throw new IllegalArgumentException("executions must not be negative: " + executions);
            }
            this.executions = executions;
            return this;
        }

        /**
         * @param exceptionExecutions {@code retry_on} exception lists (e.g. {@code [Net::ReadTimeout]}) to counts
         * @return this builder
         */
        public Builder exceptionExecutions(Map<String, Integer> exceptionExecutions) {
            this.exceptionExecutions.clear();
            this.exceptionExecutions.putAll(exceptionExecutions);
            return this;
        }

        /**
         * @param enqueuedAt the enqueue time, written as Rails 6.1 does ({@code Time.now.utc.iso8601}: whole
         *     seconds, {@code Z}); default: the clock's time at {@link #build()}
         * @return this builder
         */
        public Builder enqueuedAt(Instant enqueuedAt) {
            this.enqueuedAt = ENQUEUED_AT.format(enqueuedAt.truncatedTo(ChronoUnit.SECONDS));
            this.enqueuedAtSet = true;
            return this;
        }

        /**
         * @param clock where the default {@code enqueued_at} comes from (tests)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the job, serializing the arguments now so that an argument ActiveJob cannot carry fails here.
         *
         * @return the job
         * @throws io.github.resque4j.JsonEncodingException naming the argument ActiveJob cannot serialize
         */
        public ActiveJob build() {
            List<Object> all = new ArrayList<>(arguments);
            if (keywords != null && !keywords.isEmpty()) {
                all.add(RubyHash.keywords(keywords));
            }
            List<Object> serialized = ActiveJobArguments.encode(all);
            if (!jobIdSet) {
                jobId = UUID.randomUUID().toString();
            }
            if (!enqueuedAtSet) {
                enqueuedAt = ENQUEUED_AT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
            }
            // arguments() is what a handler of this job receives, e.g. a RubyTime for an Instant given here.
            ActiveJob job = new ActiveJob(this, ActiveJobArguments.decode(serialized),
                    Collections.unmodifiableList(serialized));
            if (!jobIdSet) {
                jobId = null; // the next build() gets its own id
            }
            if (!enqueuedAtSet) {
                enqueuedAt = null;
            }
            return job;
        }
    }
}
