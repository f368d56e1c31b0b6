package io.github.resque4j.activejob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.Payload;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobRegistry;

/**
 * Replays compat/activejob/payloads.jsonl (recorded from Rails 6.1.7 ActiveJob on resque 3.0 / resque-scheduler
 * 5.0, under MultiJson's json_gem and oj adapters) through the Java decoder and encoder. Nothing is normalised:
 * the Java jobs are built with the recorded job id and enqueue second, and their bytes must equal Rails' bytes.
 */
class ActiveJobCompatTest {
    private static final RubyJson JSON = RubyJson.jsonGem();

    static Stream<ActiveJobRecordings.Row> enqueued() {
        return ActiveJobRecordings.enqueued().stream();
    }

    @Test
    void theRecordingCoversEveryCaseUnderBothAdapters() {
        Set<String> names = ActiveJobCases.all().keySet();
        for (String adapter : List.of("json_gem", "oj")) {
            assertThat(ActiveJobRecordings.rows().stream().filter(r -> r.adapter().equals(adapter))
                    .map(ActiveJobRecordings.Row::name)).containsExactlyElementsOf(names);
        }
        // Oj refuses NaN; every other enqueue worked and every job ran on Ruby.
        assertThat(ActiveJobRecordings.rows().stream().filter(r -> r.error() != null).map(Object::toString))
                .containsExactly("oj/non_finite_floats");
        assertThat(ActiveJobRecordings.enqueued()).allSatisfy(r -> assertThat(r.performed()).isNotNull());
    }

    /** Rails' JSON bytes, once with JsonProfile.ACTIVE_SUPPORT (json_gem) and once with OJ_COMPAT (oj). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("enqueued")
    void javaBuildsTheBytesRailsWrote(ActiveJobRecordings.Row row) {
        ActiveJob recorded = ActiveJob.from(Payload.parse(row.payload(), JSON));
        ActiveJob java = ActiveJobCases.get(row.name()).build(recorded.jobId(),
                recorded.enqueuedAtInstant().orElseThrow());
        assertThat(RubyJson.of(row.profile()).encode(stored(java, row.delayedAt() != null)))
                .isEqualTo(row.payload());
    }

    /** The entry as stored: a queue entry, or a delayed entry with resque-scheduler's {@code queue} key. */
    private static Map<String, Object> stored(ActiveJob job, boolean delayed) {
        Map<String, Object> m = job.toJob().toPayload();
        if (delayed) {
            m.put("queue", job.queueName());
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enqueued")
    void decodingThenEncodingGivesTheSameBytes(ActiveJobRecordings.Row row) {
        ActiveJob job = ActiveJob.from(Payload.parse(row.payload(), JSON));
        RubyJson json = RubyJson.of(row.profile());
        assertThat(json.encode(stored(job, row.delayedAt() != null))).isEqualTo(row.payload());
        // From the decoded values rather than the kept serialized form too.
        assertThat(json.encode(ActiveJobArguments.encode(job.arguments())))
                .isEqualTo(json.encode(job.serializedArguments()));
        assertThat(json.encode(job.toBuilder().build().toJob().toPayload()))
                .isEqualTo(json.encode(job.toJob().toPayload()));
    }

    /** The arguments decode to what Ruby's ActiveJob handed the job, and the envelope to what it saw. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("enqueued")
    void decodesWhatRubyDeserialized(ActiveJobRecordings.Row row) {
        Payload payload = Payload.parse(row.payload(), JSON);
        assertThat(ActiveJob.isActiveJob(payload)).isTrue();
        ActiveJob job = ActiveJob.from(payload);
        Map<String, Object> seen = row.performed();
        ActiveJobContext ctx = new ActiveJobContext(job, JobContext.of(payload, job.queueName(), "w:1:q",
                JobRegistry.builder().build()));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(ojReads(row, ActiveJobDescriber.describe(job.arguments()))).as("arguments")
                .isEqualTo(seen.get("arguments"));
        soft.assertThat(ojReads(row, ActiveJobDescriber.describe(ctx.positionalArguments()))).as("perform(*args)")
                .isEqualTo(seen.get("perform_args"));
        if (!"keywords".equals(row.name())) { // KeywordJob records its own keyword parameters
            soft.assertThat(ActiveJobDescriber.describeKeywords(ctx.keywords())).as("perform(**kwargs)")
                    .isEqualTo(seen.get("perform_kwargs"));
        }
        soft.assertThat(job.jobClass()).isEqualTo(seen.get("job_class"));
        soft.assertThat(job.jobId()).isEqualTo(seen.get("job_id")).matches("[0-9a-f-]{36}");
        soft.assertThat(job.providerJobId()).isEqualTo(seen.get("provider_job_id")).isNull();
        soft.assertThat(job.queueName()).isEqualTo(seen.get("queue_name"));
        soft.assertThat(job.priority()).isEqualTo(seen.get("priority"));
        soft.assertThat(job.executions() + 1).as("executions inside perform").isEqualTo(seen.get("executions"));
        soft.assertThat(job.exceptionExecutions()).isEqualTo(seen.get("exception_executions"));
        soft.assertThat(job.locale()).isEqualTo(seen.get("locale"));
        soft.assertThat(job.timezone()).isEqualTo(seen.get("timezone"));
        soft.assertThat(job.enqueuedAt()).isEqualTo(seen.get("enqueued_at"));
        soft.assertThat(job.enqueuedAtInstant()).isPresent();
        soft.assertThat(job.scheduledAt()).isNull();
        soft.assertThat(job.extraFields()).isEmpty();
        soft.assertAll();
    }

    /**
     * The one place where Ruby's reading side differs from a JSON value: a Ruby worker on MultiJson's Oj adapter
     * decodes {@code 1000000000000000.0} (what Oj writes for 1.0e15) as a BigDecimal, since Oj's compat loader
     * turns floats with more than 15 significant digits into BigDecimal. resque4j reads the JSON number, a Double.
     */
    @SuppressWarnings("unchecked")
    private static Object ojReads(ActiveJobRecordings.Row row, Object description) {
        if (!row.adapter().equals("oj") || !row.name().equals("json_scalars")) {
            return description;
        }
        List<Object> items = new ArrayList<>((List<Object>) ((List<Object>) description).get(1));
        assertThat(items.get(10)).isEqualTo(List.of("Float", "1.0e+15"));
        items.set(10, List.of("BigDecimal", "1000000000000000.0"));
        return List.of("Array", items);
    }

    /** resque-scheduler re-encodes a delayed job when it moves it; the job data is the same. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("enqueued")
    void aMovedDelayedJobDecodesLikeTheDelayedOne(ActiveJobRecordings.Row row) {
        if (row.delayedAt() == null) {
            assertThat(row.movedPayload()).isNull();
            return;
        }
        ActiveJob delayed = ActiveJob.from(Payload.parse(row.payload(), JSON));
        ActiveJob moved = ActiveJob.from(Payload.parse(row.movedPayload(), JSON));
        assertThat(moved).isEqualTo(delayed);
        assertThat(JSON.decodeObject(row.movedPayload())).containsOnlyKeys("class", "args");
    }

    /** ActiveJob's retry_on re-enqueues with executions 1 and the exception count: decoded and rebuilt. */
    @Test
    @SuppressWarnings("unchecked")
    void aRetriedJobCarriesItsExecutions() {
        for (String adapter : List.of("json_gem", "oj")) {
            ActiveJobRecordings.Row row = ActiveJobRecordings.row(adapter, "retry_on");
            String delayedKey = row.retryKeys().keySet().stream().filter(k -> k.startsWith("delayed:"))
                    .findFirst().orElseThrow();
            String entry = ((List<String>) row.retryKeys().get(delayedKey).get("value")).get(0);
            ActiveJob retried = ActiveJob.from(Payload.parse(entry, JSON));
            ActiveJob first = ActiveJob.from(Payload.parse(row.payload(), JSON));
            assertThat(retried.executions()).isEqualTo(1);
            assertThat(retried.exceptionExecutions()).containsExactly(Map.entry("[ArgumentError]", 1));
            assertThat(retried.jobId()).isEqualTo(first.jobId());
            assertThat(retried.arguments()).isEqualTo(first.arguments());
            ActiveJob java = ActiveJobCases.get("retry_on").build(first.jobId(),
                    retried.enqueuedAtInstant().orElseThrow()).toBuilder().executions(1)
                    .exceptionExecutions(Map.of("[ArgumentError]", 1)).build();
            assertThat(RubyJson.of(row.profile()).encode(stored(java, true))).isEqualTo(entry);
        }
    }

    /** ActiveSupport writes NaN and the infinities as null (the recorded json_gem bytes); Oj raised, so do we. */
    @Test
    void nonFiniteFloatsFollowTheProfile() {
        ActiveJob job = ActiveJobCases.get("non_finite_floats").build();
        assertThat(ActiveJobRecordings.row("oj", "non_finite_floats").error()).startsWith("JSON::GeneratorError");
        assertThatThrownBy(() -> RubyJson.of(ActiveJobRecordings.row("oj", "non_finite_floats").profile())
                .encode(job.toJob().toPayload())).isInstanceOf(JsonEncodingException.class);
        assertThat(RubyJson.of(ActiveJobRecordings.row("json_gem", "non_finite_floats").profile())
                .encode(job.serializedArguments())).isEqualTo("[null,null,null]");
    }

    /** Every recorded key: the queue/delayed entry, and nothing unexpected besides resque-scheduler's index. */
    @Test
    void theRecordedKeysAreTheAdaptersUsualOnes() {
        for (ActiveJobRecordings.Row row : ActiveJobRecordings.enqueued()) {
            Set<String> shapes = new TreeSet<>();
            for (String k : row.keys().keySet()) {
                shapes.add(k.replaceFirst("^delayed:\\d+$", "delayed:<ts>").replaceFirst("^timestamps:.*", "timestamps:<job>")
                        .replaceFirst("^queue:.*", "queue:<q>"));
            }
            assertThat(shapes).as(row.toString()).isEqualTo(row.delayedAt() != null
                    ? Set.of("delayed:<ts>", "delayed_queue_schedule", "timestamps:<job>")
                    : Set.of("queue:<q>", "queues"));
        }
    }

    /** The arguments of every case survive encode → JSON → decode → encode unchanged, under both profiles. */
    @Test
    void everyJavaCaseRoundTripsThroughJson() {
        List<String> problems = new ArrayList<>();
        for (ActiveJobCases.Case c : ActiveJobCases.all().values()) {
            if (c.name().equals("non_finite_floats")) {
                continue; // null after the trip, by design
            }
            ActiveJob job = c.build("00000000-0000-0000-0000-000000000000", Instant.EPOCH);
            String text = RubyJson.of(io.github.resque4j.json.JsonProfile.ACTIVE_SUPPORT).encode(job.toJob().toPayload());
            ActiveJob back = ActiveJob.from(Payload.parse(text, JSON));
            if (!back.arguments().equals(job.arguments())
                    || !ActiveJobDescriber.describe(back.arguments()).equals(ActiveJobDescriber.describe(job.arguments()))) {
                problems.add(c.name());
            }
        }
        assertThat(problems).isEmpty();
    }
}
