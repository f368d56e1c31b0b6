package io.github.resque4j.activejob;

import static io.github.resque4j.activejob.ActiveJobCases.smap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.resque4j.InvalidNameException;
import io.github.resque4j.JobArgumentException;
import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.Payload;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobRegistry;

/** The envelope: defaults, reading hand-made or newer payloads, and the handler's view of the arguments. */
class ActiveJobTest {
    private final RubyJson json = RubyJson.jsonGem();

    @Test
    void defaultsAreThoseOfADefaultRailsApp() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.999Z"), ZoneOffset.UTC);
        ActiveJob.Builder b = ActiveJob.builder("MyJob").clock(clock).arguments(1);
        ActiveJob a = b.build();
        ActiveJob c = b.build();
        assertThat(a.jobId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .isNotEqualTo(c.jobId());
        assertThat(json.encode(a.toJob().toPayload())).isEqualTo("{\"class\":\"ActiveJob::QueueAdapters::ResqueAdapter::"
                + "JobWrapper\",\"args\":[{\"job_class\":\"MyJob\",\"job_id\":\"" + a.jobId() + "\",\"provider_job_id\":null,"
                + "\"queue_name\":\"default\",\"priority\":null,\"arguments\":[1],\"executions\":0,\"exception_executions\":{},"
                + "\"locale\":\"en\",\"timezone\":\"UTC\",\"enqueued_at\":\"2026-01-02T03:04:05Z\"}]}");
        assertThat(a.enqueuedAtInstant()).contains(Instant.parse("2026-01-02T03:04:05Z"));
        assertThatThrownBy(() -> ActiveJob.builder(" ")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ActiveJob.builder("X").queue("a:b")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> ActiveJob.builder("X").arguments(new Object()).build())
                .isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> ActiveJob.builder("X").executions(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void argumentsAreWhatAHandlerWillReceive() {
        ActiveJob job = ActiveJob.builder("MyJob").arguments(Instant.EPOCH, new BigDecimal("2.50"), 'x')
                .keywords(smap("when", LocalDate.of(2024, 1, 1))).build();
        assertThat(job.arguments()).containsExactly(RubyTime.time(Instant.EPOCH), "2.5", "x",
                RubyHash.keywords(smap("when", RubyDate.of(LocalDate.of(2024, 1, 1)))));
        assertThat(ActiveJob.builder("MyJob").keywords(Map.of()).build().arguments()).isEmpty();
    }

    @Test
    void readsNewerAndHandMadeJobData() {
        // Newer Rails write scheduled_at (source only: rails/rails activejob core.rb#serialize); unknown keys are kept.
        String p = "{\"class\":\"" + ActiveJob.WRAPPER_CLASS + "\",\"args\":[{\"job_class\":\"MyJob\",\"job_id\":\"j\","
                + "\"provider_job_id\":null,\"queue_name\":\"q\",\"priority\":3,\"arguments\":[],\"executions\":2,"
                + "\"exception_executions\":{\"[Timeout::Error]\":2},\"locale\":\"fr\",\"timezone\":\"Paris\","
                + "\"enqueued_at\":\"2024-01-01T00:00:00.123456789Z\",\"scheduled_at\":\"2024-01-01T01:00:00.000000000Z\","
                + "\"tenant\":{\"id\":7}}]}";
        ActiveJob job = ActiveJob.from(Payload.parse(p, json));
        assertThat(job.priority()).isEqualTo(3);
        assertThat(job.executions()).isEqualTo(2);
        assertThat(job.exceptionExecutions()).containsExactly(Map.entry("[Timeout::Error]", 2));
        assertThat(job.scheduledAtInstant()).contains(Instant.parse("2024-01-01T01:00:00Z"));
        assertThat(job.enqueuedAtInstant()).contains(Instant.parse("2024-01-01T00:00:00.123456789Z"));
        assertThat(job.extraFields()).containsOnlyKeys("tenant");
        assertThat(json.encode(job.toJob().toPayload())).isEqualTo(p);
        // Newer Rails write scheduled_at for every job, null unless delayed: kept for the round trip.
        String newer = p.replace("\"scheduled_at\":\"2024-01-01T01:00:00.000000000Z\"", "\"scheduled_at\":null");
        ActiveJob immediate = ActiveJob.from(Payload.parse(newer, json));
        assertThat(immediate.scheduledAt()).isNull();
        assertThat(json.encode(immediate.toBuilder().build().toJob().toPayload())).isEqualTo(newer);
        // Fields Rails 5 did not write yet: defaults, and the job still reads.
        ActiveJob old = ActiveJob.fromJobData(Map.of("job_class", "Old", "arguments", List.of(1)));
        assertThat(old.executions()).isZero();
        assertThat(old.exceptionExecutions()).isEmpty();
        assertThat(old.jobId()).isNull();
        assertThat(old.enqueuedAtInstant()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnActiveJob() {
        Payload plain = Payload.parse("{\"class\":\"MyJob\",\"args\":[{\"job_class\":\"MyJob\"}]}", json);
        assertThat(ActiveJob.isActiveJob(plain)).isFalse();
        assertThatThrownBy(() -> ActiveJob.from(plain)).isInstanceOf(PayloadFormatException.class);
        for (String args : List.of("[]", "[1]", "[{\"job_class\":\"X\"}]", "[{\"job_class\":\"X\",\"arguments\":[],\"priority\":\"high\"}]",
                "[{\"job_class\":\"X\",\"arguments\":[],\"exception_executions\":[]}]", "[{\"job_class\":1,\"arguments\":[]}]")) {
            String raw = "{\"class\":\"" + ActiveJob.WRAPPER_CLASS + "\",\"args\":" + args + "}";
            assertThatThrownBy(() -> ActiveJob.from(Payload.parse(raw, json))).as(args)
                    .isInstanceOf(PayloadFormatException.class)
                    .satisfies(e -> assertThat(((PayloadFormatException) e).rawPayload()).isEqualTo(raw));
        }
    }

    private static ActiveJobContext context(ActiveJob job) {
        Payload payload = Payload.parse(RubyJson.jsonGem().encode(job.toJob().toPayload()), RubyJson.jsonGem());
        return new ActiveJobContext(ActiveJob.from(payload), JobContext.of(payload, job.queueName(), "h:1:q",
                JobRegistry.builder().build()));
    }

    @Test
    void handlersConvertWithoutLoss() {
        ActiveJobContext ctx = context(ActiveJob.builder("J").arguments(7, Long.MAX_VALUE, BigInteger.TEN.pow(20),
                1.5, new BigDecimal("1.10"), RubySymbol.of("s"), Instant.parse("2024-01-01T00:00:00Z"),
                LocalDate.of(2024, 1, 1), Duration.ofMinutes(2), null, "text", 1L << 53 | 1)
                .keywords(smap("flag", true)).build());
        assertThat(ctx.argument(0, int.class)).isEqualTo(7);
        assertThat(ctx.argument(0, Long.class)).isEqualTo(7L);
        assertThat(ctx.argument(0, Double.class)).isEqualTo(7.0);
        assertThat(ctx.argument(1, long.class)).isEqualTo(Long.MAX_VALUE);
        assertThat(ctx.argument(2, BigInteger.class)).isEqualTo(BigInteger.TEN.pow(20));
        assertThat(ctx.argument(3, BigDecimal.class)).isEqualByComparingTo("1.5");
        assertThat(ctx.argument(4, BigDecimal.class)).isEqualTo(new BigDecimal("1.1"));
        assertThat(ctx.argument(5, String.class)).isEqualTo("s");
        assertThat(ctx.argument(6, Instant.class)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(ctx.argument(6, OffsetDateTime.class)).isEqualTo(OffsetDateTime.parse("2024-01-01T00:00:00Z"));
        assertThat(ctx.argument(6, ZonedDateTime.class).toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(ctx.argument(7, LocalDate.class)).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(ctx.argument(8, Duration.class)).isEqualTo(Duration.ofMinutes(2));
        assertThat(ctx.argument(9, String.class)).isNull();
        assertThat(ctx.argument(10)).isEqualTo("text");
        assertThat(ctx.keyword("flag", boolean.class)).isTrue();
        assertThat(ctx.keyword("absent", Boolean.class)).isNull();
        assertThat(ctx.keywords()).containsExactly(Map.entry("flag", true));
        assertThat(ctx.positionalArguments()).hasSize(12);
        assertThat(ctx.arguments()).hasSize(13);
        for (Runnable bad : List.<Runnable>of(() -> ctx.argument(1, Integer.class), () -> ctx.argument(2, Long.class),
                () -> ctx.argument(3, Long.class), () -> ctx.argument(10, Integer.class), () -> ctx.argument(9, int.class),
                () -> ctx.argument(11, Double.class), () -> ctx.argument(13), () -> ctx.argument(-1),
                () -> ctx.argument(10, BigDecimal.class), () -> ctx.keyword("absent", boolean.class))) {
            assertThatThrownBy(bad::run).isInstanceOf(JobArgumentException.class).hasMessageContaining("ActiveJob J");
        }
    }

    @Test
    void onlyATrailingKeywordsHashIsKeywords() {
        ActiveJobContext ctx = context(ActiveJob.builder("J").arguments(1, RubyHash.withSymbolKeys(smap("a", 1))).build());
        assertThat(ctx.keywords()).isEmpty();
        assertThat(ctx.positionalArguments()).hasSize(2);
        ctx = context(ActiveJob.builder("J").arguments(RubyHash.keywords(smap("a", 1)), 2).build());
        assertThat(ctx.keywords()).isEmpty();
    }
}
