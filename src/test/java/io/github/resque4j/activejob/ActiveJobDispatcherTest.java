package io.github.resque4j.activejob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Rails-written payloads (the recorded bytes, pushed as Rails pushed them) run on a Java {@link WorkerPool}
 * through an {@link ActiveJobDispatcher} registered for the JobWrapper class: each handler receives what the Ruby
 * job received. Unknown job classes and malformed payloads land in Resque's failed list.
 */
@ExtendWith(RedisExtension.class)
class ActiveJobDispatcherTest {
    private final RubyJson json = RubyJson.jsonGem();

    /** job_id → what the Java handler saw, in the form the Ruby jobs record. */
    private final Map<String, Map<String, Object>> seen = new ConcurrentHashMap<>();

    private void record(ActiveJobContext job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_class", job.job().jobClass());
        m.put("queue", job.resque().queue());
        m.put("arguments", ActiveJobDescriber.describe(job.arguments()));
        m.put("perform_args", ActiveJobDescriber.describe(job.positionalArguments()));
        m.put("executions", job.job().executions() + 1);
        m.put("locale", job.job().locale());
        m.put("timezone", job.job().timezone());
        seen.put(job.job().jobId(), m);
    }

    private WorkerPool start(RedisKit kit, JobRegistry registry, String queues) {
        WorkerPool pool = WorkerPool.create(kit.config(), WorkerOptions.builder(registry, queues)
                .pollTimeout(Duration.ofMillis(200)).build());
        pool.start();
        return pool;
    }

    @Test
    void railsPayloadsRunOnJavaHandlersWithRubysArguments(RedisKit kit) {
        ActiveJobDispatcher dispatcher = ActiveJobDispatcher.builder()
                .register("DescribeJob", this::record)
                .register("KeywordJob", this::record)
                .register("RetryOnceJob", this::record)
                .register("Admin::CleanupJob", this::record)
                .build();
        List<ActiveJobRecordings.Row> rows = ActiveJobRecordings.enqueued();
        for (ActiveJobRecordings.Row row : rows) {
            // The bytes exactly as Rails stored them; delayed ones as resque-scheduler moved them.
            String entry = row.movedPayload() != null ? row.movedPayload() : row.payload();
            String queue = ActiveJob.from(io.github.resque4j.Payload.parse(entry, json)).queueName();
            kit.call("RPUSH", kit.ns().key("queue:" + queue), entry);
            kit.call("SADD", kit.ns().key("queues"), queue);
        }
        try (WorkerPool pool = start(kit, dispatcher.registerWith(JobRegistry.builder()).build(), "*")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == rows.size());
        }
        assertThat(kit.list("failed")).isEmpty();
        SoftAssertions soft = new SoftAssertions();
        for (ActiveJobRecordings.Row row : rows) {
            Map<String, Object> ruby = row.performed();
            Map<String, Object> java = seen.get((String) ruby.get("job_id"));
            soft.assertThat(java).as(row.toString()).isNotNull();
            if (java == null) {
                continue;
            }
            Object args = java.get("arguments");
            if (row.adapter().equals("oj") && row.name().equals("json_scalars")) {
                args = ojBigDecimal(args); // see ActiveJobCompatTest#ojReads
            }
            soft.assertThat(args).as(row + " arguments").isEqualTo(ruby.get("arguments"));
            soft.assertThat(java.get("job_class")).as(row + " class").isEqualTo(ruby.get("job_class"));
            soft.assertThat(java.get("queue")).as(row + " queue").isEqualTo(ruby.get("queue_name"));
            soft.assertThat(java.get("executions")).as(row + " executions").isEqualTo(ruby.get("executions"));
            soft.assertThat(java.get("locale")).as(row + " locale").isEqualTo(ruby.get("locale"));
            soft.assertThat(java.get("timezone")).as(row + " timezone").isEqualTo(ruby.get("timezone"));
        }
        soft.assertAll();
    }

    @SuppressWarnings("unchecked")
    private static Object ojBigDecimal(Object description) {
        List<Object> items = new ArrayList<>((List<Object>) ((List<Object>) description).get(1));
        items.set(10, List.of("BigDecimal", "1000000000000000.0"));
        return List.of("Array", items);
    }

    @Test
    void anUnknownJobClassOrABrokenPayloadFailsLikeAnyJob(RedisKit kit) {
        ActiveJobDispatcher dispatcher = ActiveJobDispatcher.builder().register("DescribeJob", this::record).build();
        String known = ActiveJobRecordings.row("json_gem", "no_arguments").payload();
        String unknown = known.replace("\"job_class\":\"DescribeJob\"", "\"job_class\":\"NoSuchJob\"");
        String broken = known.replace("\"arguments\":[]", "\"arguments\":[{\"_aj_globalid\":\"http://x\"}]");
        for (String p : List.of(unknown, broken, known)) {
            kit.call("RPUSH", kit.ns().key("queue:default"), p);
        }
        try (WorkerPool pool = start(kit, dispatcher.registerWith(JobRegistry.builder()).build(), "default")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1 && kit.list("failed").size() == 2);
        }
        List<Map<String, Object>> failures = kit.list("failed").stream().map(json::decodeObject).toList();
        assertThat(failures).extracting(f -> f.get("exception")).containsExactly(
                "io.github.resque4j.UnknownJobClassException", "io.github.resque4j.PayloadFormatException");
        assertThat(failures.get(0).get("error")).asString().contains("NoSuchJob");
        assertThat(failures.get(1).get("error")).asString().contains("arguments[0]").contains("http://x");
        // The failed payload is the JobWrapper job, byte for byte re-encodable, as Ruby records it.
        assertThat(failures.get(0).get("payload")).isEqualTo(json.decodeObject(unknown));
        assertThat(failures.get(0).get("queue")).isEqualTo("default");
    }

    @Test
    void registrationIsChecked() {
        ActiveJobDispatcher.Builder b = ActiveJobDispatcher.builder().register("A", job -> { });
        assertThatThrownBy(() -> b.register("A", job -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
        assertThatThrownBy(() -> b.register(" B", job -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.register("", job -> { })).isInstanceOf(IllegalArgumentException.class);
        ActiveJobDispatcher d = b.build();
        assertThat(d.jobClasses()).containsExactly("A");
        assertThat(d.handles("A")).isTrue();
        assertThat(d.handles("B")).isFalse();
        JobRegistry registry = d.registerWith(JobRegistry.builder()).build();
        assertThat(registry.registeredClassNames()).containsExactly(ActiveJob.WRAPPER_CLASS);
        assertThat(registry.resolve(ActiveJob.WRAPPER_CLASS)).containsSame(d);
    }
}
