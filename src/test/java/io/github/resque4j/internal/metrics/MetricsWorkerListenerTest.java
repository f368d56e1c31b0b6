package io.github.resque4j.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.resque4j.Payload;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.metrics.ResqueMetrics;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobRegistry;

class MetricsWorkerListenerTest {
    private static final String WRAPPER = "ActiveJob::QueueAdapters::ResqueAdapter::JobWrapper";
    private final RubyJson json = RubyJson.jsonGem();

    private Payload payload(String raw) {
        return Payload.parse(raw, json);
    }

    @Test
    void activeJobRunsAsItsJobClass() {
        assertThat(MetricsWorkerListener.jobClass(payload("{\"class\":\"" + WRAPPER
                + "\",\"args\":[{\"job_class\":\"HelloJob\",\"arguments\":[]}]}"))).isEqualTo("HelloJob");
        assertThat(MetricsWorkerListener.jobClass(payload("{\"class\":\"" + WRAPPER + "\",\"args\":[42]}")))
                .isEqualTo(WRAPPER);
        // Only the wrapper is unwrapped: a plain job whose first argument has job_class keeps its own class.
        assertThat(MetricsWorkerListener.jobClass(payload("{\"class\":\"Mailer\",\"args\":[{\"job_class\":\"X\"}]}")))
                .isEqualTo("Mailer");
    }

    @Test
    void dueAtReadsEnqueuedAtSpellings() {
        // Rails 6.1: Time.now.utc.iso8601; Rails 7.1+: iso8601(9).
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":\"2026-11-25T13:40:49Z\"}]}"))
                .contains(Instant.parse("2026-11-25T13:40:49Z"));
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":\"2026-11-25T13:40:49.123456789Z\"}]}"))
                .contains(Instant.parse("2026-11-25T13:40:49.123456789Z"));
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":\"2026-11-25T08:40:49-05:00\"}]}"))
                .contains(Instant.parse("2026-11-25T13:40:49Z"));
        // Top level, epoch seconds (float and integer), Ruby's Time#to_s.
        assertThat(due("{\"class\":\"A\",\"args\":[],\"enqueued_at\":1764078049.25}"))
                .contains(Instant.parse("2025-11-25T13:40:49.250Z"));
        assertThat(due("{\"class\":\"A\",\"args\":[],\"enqueued_at\":1764078049}"))
                .contains(Instant.parse("2025-11-25T13:40:49Z"));
        assertThat(due("{\"class\":\"A\",\"args\":[],\"enqueued_at\":\"2026-11-25 08:40:49 -0500\"}"))
                .contains(Instant.parse("2026-11-25T13:40:49Z"));
        // The top level wins over the argument hash.
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":\"2020-01-01T00:00:00Z\"}],"
                + "\"enqueued_at\":\"2026-11-25T13:40:49Z\"}")).contains(Instant.parse("2026-11-25T13:40:49Z"));
    }

    @Test
    void laterScheduledAtWins() {
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":\"2026-11-25T13:00:00Z\","
                + "\"scheduled_at\":\"2026-11-25T14:00:00.000000000Z\"}]}"))
                .contains(Instant.parse("2026-11-25T14:00:00Z"));
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":\"2026-11-25T13:00:00Z\",\"scheduled_at\":null}]}"))
                .contains(Instant.parse("2026-11-25T13:00:00Z"));
        assertThat(due("{\"class\":\"A\",\"args\":[{\"scheduled_at\":1764075600}]}"))
                .contains(Instant.parse("2025-11-25T13:00:00Z"));
    }

    @Test
    void noTimeNoLatency() {
        assertThat(due("{\"class\":\"A\",\"args\":[1,2]}")).isEmpty();
        assertThat(due("{\"class\":\"A\"}")).isEmpty();
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":\"yesterday\"}]}")).isEmpty();
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":true}]}")).isEmpty();
        assertThat(due("{\"class\":\"A\",\"args\":[{\"enqueued_at\":1e300}]}")).isEmpty();
    }

    @Test
    void listenerReportsLatencyClampedAndOutcome() {
        List<String> events = new ArrayList<>();
        ResqueMetrics recording = new ResqueMetrics() {
            @Override
            public void queueLatency(String jobClass, String queue, Duration latency) {
                events.add("latency " + jobClass + " " + queue + " " + latency);
            }

            @Override
            public void jobFinished(String jobClass, String queue, Duration elapsed, Throwable failure) {
                events.add("finished " + jobClass + " " + queue + " " + elapsed + " " + failure);
            }

            @Override
            public void jobMalformed(String queue) {
                events.add("malformed " + queue);
            }
        };
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T13:00:05Z"), ZoneOffset.UTC);
        MetricsWorkerListener l = new MetricsWorkerListener(recording, clock);
        JobRegistry reg = JobRegistry.builder().build();
        JobContext aj = JobContext.of(payload("{\"class\":\"" + WRAPPER + "\",\"args\":[{\"job_class\":\"HelloJob\","
                + "\"enqueued_at\":\"2026-11-25T13:00:00Z\"}]}"), "mailers", "h:1:q", reg);
        JobContext future = JobContext.of(payload("{\"class\":\"A\",\"args\":[],\"enqueued_at\":\"2026-11-25T13:00:09Z\"}"),
                "q", "h:1:q", reg);
        l.beforeJob("h:1:q", aj);
        l.beforeJob("h:1:q", future); // a producer clock ahead of ours: zero, not negative
        l.afterJob("h:1:q", aj, Duration.ofMillis(7), new IllegalStateException("x"));
        l.onMalformedJob("h:1:q", "q", new IllegalArgumentException());
        assertThat(events).containsExactly("latency HelloJob mailers PT5S", "latency A q PT0S",
                "finished HelloJob mailers PT0.007S java.lang.IllegalStateException: x", "malformed q");
    }

    private Optional<Instant> due(String raw) {
        return MetricsWorkerListener.dueAt(payload(raw));
    }
}
