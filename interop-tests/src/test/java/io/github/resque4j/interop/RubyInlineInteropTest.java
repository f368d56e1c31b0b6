package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.resque4j.Job;
import io.github.resque4j.client.ClientHook;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.InlineResqueClient;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHook;
import io.github.resque4j.worker.JobRegistry;

/**
 * {@link InlineResqueClient} against real Ruby Resque 3.0 with {@code Resque.inline = true}: the same job with the
 * same hooks (ruby-fixtures/jobs/interop_jobs.rb {@code InlineProbe}) logs the same events with the same argument
 * bytes, returns or raises the same way, and Ruby writes nothing to Redis either. Skipped without Ruby.
 */
@ExtendWith(RedisExtension.class)
class RubyInlineInteropTest {
    private final RubyJson json = RubyJson.jsonGem();
    private RubyResque ruby;

    @BeforeEach
    void setUp(RedisServer server, TestNamespace ns) {
        RubyResque.assumeAvailable();
        ruby = RubyResque.start(server, ns.name());
    }

    @AfterEach
    void tearDown() {
        if (ruby != null) {
            ruby.close();
        }
    }

    private static List<Object> args(String mode) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("b", 1);
        options.put("a", Arrays.asList(1, Map.of("x", "y"), null));
        return Arrays.asList(mode, "x", 1, 2.5, 1.0e20, -0.0, "héllo ✓ \u2028", null, true, options,
                new BigInteger("18446744073709551617"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "skip", "fail", "veto", "nested"})
    void javaInlineModeBehavesAsRubysResqueInline(String mode) {
        @SuppressWarnings("unchecked")
        Map<String, Object> rubySide = (Map<String, Object>) ruby.call("inline", args(mode));

        List<String> events = new ArrayList<>();
        Map<String, Object> javaSide = runInJava(mode, events);

        assertThat(events).isEqualTo(rubySide.get("events"));
        assertThat(javaSide.get("returned")).isEqualTo(rubySide.get("returned"));
        assertThat(javaSide.get("raised")).isEqualTo(rubySide.get("raised") == null ? null
                : ((String) rubySide.get("raised")).replaceFirst("^RuntimeError: ", ""));
        assertThat(rubySide.get("keys")).as("Ruby's inline mode writes nothing to Redis").isEqualTo(0);
        assertThat((List<?>) rubySide.get("events")).isNotEmpty();
    }

    private Map<String, Object> runInJava(String mode, List<String> events) {
        AtomicReference<InlineResqueClient> self = new AtomicReference<>();
        JobRegistry jobs = JobRegistry.builder().register("InlineProbe", job -> {
            log(events, "perform", job.args());
            if ("fail".equals(job.args().get(0))) {
                throw new IllegalStateException("boom " + job.args().get(1));
            }
            if ("nested".equals(job.args().get(0))) {
                self.get().enqueue("inline_probe", "InlineProbe", "ok", "inner");
            }
        }).build();
        self.set(InlineResqueClient.builder(jobs).hook(new ClientHook() {
            @Override
            public boolean beforeEnqueue(String queue, Job job) {
                log(events, "before_enqueue", job.args());
                return !"veto".equals(job.args().get(0));
            }

            @Override
            public void afterEnqueue(String queue, Job job) {
                log(events, "after_enqueue", job.args());
            }
        }).jobHook("InlineProbe", new JobHook() {
            @Override
            public boolean beforePerform(JobContext job) {
                log(events, "before_perform", job.args());
                return !"skip".equals(job.args().get(0));
            }

            @Override
            public void aroundPerform(JobContext job, Invocation next) throws Exception {
                log(events, "around_perform>", job.args());
                next.proceed();
                log(events, "around_perform<", job.args());
            }

            @Override
            public void afterPerform(JobContext job) {
                log(events, "after_perform", job.args());
            }

            @Override
            public void onFailure(JobContext job, Throwable error) {
                log(events, "on_failure " + error.getMessage(), job.args());
            }
        }).build());

        Map<String, Object> out = new LinkedHashMap<>();
        try {
            boolean enqueued = self.get().enqueue("inline_probe", "InlineProbe", args(mode).toArray());
            out.put("returned", enqueued ? Boolean.TRUE : null); // Ruby's enqueue_to: true, or nil when vetoed
            out.put("raised", null);
        } catch (IllegalStateException e) {
            out.put("returned", null);
            out.put("raised", e.getMessage());
        }
        return out;
    }

    private void log(List<String> events, String event, List<Object> args) {
        events.add(event + " " + json.encode(args));
    }
}
