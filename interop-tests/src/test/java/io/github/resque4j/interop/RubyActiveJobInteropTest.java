package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.activejob.ActiveJob;
import io.github.resque4j.activejob.ActiveJobCases;
import io.github.resque4j.activejob.ActiveJobContext;
import io.github.resque4j.activejob.ActiveJobDescriber;
import io.github.resque4j.activejob.ActiveJobDispatcher;
import io.github.resque4j.activejob.ActiveJobRecordings;
import io.github.resque4j.activejob.ActiveJobs;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.JsonProfile;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.DelayedOutcome;
import io.github.resque4j.testsupport.JsonLineDriver;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Rails 6.1 ActiveJob (Debian ruby-activejob 6.1.7, resque 3.0's Resque adapter path, resque-scheduler 5.0) next to
 * resque4j's {@code io.github.resque4j.activejob}:
 * <ul>
 *   <li>Ruby {@code perform_later} → a Java {@link WorkerPool} with an {@link ActiveJobDispatcher}: each handler gets
 *       the arguments Ruby's ActiveJob would deserialize (ruby-fixtures/scripts/activejob_driver.rb says what those
 *       are), under MultiJson's json_gem and oj adapters;</li>
 *   <li>Java {@link ActiveJobs#enqueue} → a real Ruby Resque worker running the ActiveJob classes
 *       (ruby-fixtures/scripts/activejob_work.rb); each job records what it received in {@code <ns>:interop:activejob};
 *   </li>
 *   <li>Java {@link ActiveJobs#enqueueIn}/{@link ActiveJobs#enqueueAt} → the real resque-scheduler moves the jobs →
 *       the Ruby worker runs them.</li>
 * </ul>
 * Skipped without Ruby (RESQUE_RUBY_LIB), or when ActiveJob cannot be loaded there.
 */
@ExtendWith(RedisExtension.class)
class RubyActiveJobInteropTest {
    private static final String RESULTS = "interop:activejob";
    private static final List<String> JOB_CLASSES = List.of("DescribeJob", "KeywordJob", "RetryOnceJob",
            "Admin::CleanupJob");
    private final RubyJson json = RubyJson.jsonGem();

    /** {@code activejob_driver.rb}; skips the test when ActiveJob does not load on the Ruby backend. */
    private static JsonLineDriver startDriver(RedisKit kit, String adapter) {
        Process p = RubyResque.startScript(kit.server(), kit.ns().name(), "activejob_driver.rb",
                Map.of("RESQUE_JSON_ADAPTER", adapter), ProcessBuilder.Redirect.DISCARD);
        JsonLineDriver d = new JsonLineDriver(p, () -> "");
        try {
            d.call("ping");
        } catch (IllegalStateException e) {
            d.close();
            Assumptions.abort("Rails ActiveJob not loadable on the Ruby backend (apt-get install ruby-activejob "
                    + "ruby-globalid): " + e.getMessage());
        }
        return d;
    }

    /** A Ruby worker with ActiveJob loaded; its stdout is drained after the WORKER line. */
    private static Process startRubyWorker(RedisKit kit, String queues) {
        Process p = RubyResque.startScript(kit.server(), kit.ns().name(), "activejob_work.rb",
                Map.of("QUEUES", queues, "INTERVAL", "0.2", "FORK_PER_JOB", "false"), ProcessBuilder.Redirect.DISCARD);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String first = out.readLine();
            if (first == null || !first.startsWith("WORKER ")) {
                p.destroyForcibly();
                Assumptions.abort("the ActiveJob Ruby worker did not start (is ruby-activejob installed?): " + first);
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException(e);
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "activejob-worker-stdout");
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void rubyPerformLaterRunsOnJavaHandlersWithTheArgumentsRubyWouldGive(RedisKit kit) {
        RubyResque.assumeAvailable();
        Map<String, Object> expected = new LinkedHashMap<>();
        for (String adapter : List.of("json_gem", "oj")) {
            JsonLineDriver ruby = startDriver(kit, adapter);
            try {
                for (String name : (List<String>) ruby.call("cases")) {
                    if (ActiveJobCases.DELAYED.contains(name) || adapter.equals("oj") && name.equals("non_finite_floats")) {
                        continue; // far-future delays (covered by the recordings); Oj refuses NaN
                    }
                    Map<String, Object> r = (Map<String, Object>) ruby.call("enqueue_case", name);
                    expected.put((String) r.get("job_id"), List.of(adapter + "/" + name, r.get("arguments"),
                            r.get("queue_name")));
                }
            } finally {
                ruby.close();
            }
        }
        Map<String, List<Object>> seen = new ConcurrentHashMap<>();
        ActiveJobDispatcher.Builder b = ActiveJobDispatcher.builder();
        for (String cls : JOB_CLASSES) {
            b.register(cls, (ActiveJobContext job) -> seen.put(job.job().jobId(), List.of(
                    ActiveJobDescriber.describe(job.arguments()), job.resque().queue(), job.job().jobClass())));
        }
        JobRegistry registry = b.build().registerWith(JobRegistry.builder()).build();
        try (WorkerPool pool = WorkerPool.create(kit.config(), WorkerOptions.builder(registry, "*")
                .pollTimeout(Duration.ofMillis(200)).build())) {
            pool.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() == expected.size());
        }
        assertThat(kit.list("failed")).isEmpty();
        SoftAssertions soft = new SoftAssertions();
        expected.forEach((jobId, e) -> {
            List<Object> exp = (List<Object>) e;
            List<Object> got = seen.get(jobId);
            soft.assertThat(got).as("%s ran", exp.get(0)).isNotNull();
            if (got != null) {
                Object args = got.get(0);
                if ("oj/json_scalars".equals(exp.get(0))) {
                    args = ojReadsBigDecimal(args);
                }
                soft.assertThat(args).as("%s arguments", exp.get(0)).isEqualTo(exp.get(1));
                soft.assertThat(got.get(1)).as("%s queue", exp.get(0)).isEqualTo(exp.get(2));
            }
        });
        soft.assertAll();
    }

    /** A Ruby reader on Oj decodes 1000000000000000.0 as BigDecimal (see ActiveJobCompatTest#ojReads). */
    @SuppressWarnings("unchecked")
    private static Object ojReadsBigDecimal(Object description) {
        List<Object> items = new ArrayList<>((List<Object>) ((List<Object>) description).get(1));
        items.set(10, List.of("BigDecimal", "1000000000000000.0"));
        return List.of("Array", items);
    }

    @Test
    void javaEnqueuedActiveJobsRunOnARubyWorker(RedisKit kit) throws Exception {
        RubyResque.assumeAvailable();
        ResqueConfig config = kit.config().mutate().jsonProfile(JsonProfile.ACTIVE_SUPPORT).build();
        Map<String, ActiveJob> sent = new LinkedHashMap<>();
        try (ResqueClient client = ResqueClient.create(config)) {
            for (ActiveJobCases.Case c : ActiveJobCases.all().values()) {
                // ActiveJob's retry of RetryOnceJob needs resque-scheduler on the Ruby side.
                boolean retryPossible = RubyResque.schedulerUnavailableReason() == null;
                if (c.when() == ActiveJobCases.When.NOW && (retryPossible || !c.name().equals("retry_on"))) {
                    ActiveJob job = c.build();
                    assertThat(ActiveJobs.enqueue(client, job)).isTrue();
                    sent.put(job.jobId(), job);
                }
            }
        }
        Process worker = startRubyWorker(kit, "default,critical,low");
        try {
            awaitRuns(kit, sent.size());
        } finally {
            stop(worker);
        }
        assertRubyReceived(kit, sent);
    }

    @Test
    void javaDelayedActiveJobsAreMovedByResqueSchedulerAndRunOnRuby(RedisKit kit) throws Exception {
        RubyResque.assumeSchedulerAvailable();
        ResqueConfig config = kit.config().mutate().jsonProfile(JsonProfile.ACTIVE_SUPPORT).build();
        Map<String, ActiveJob> sent = new LinkedHashMap<>();
        try (DelayedJobs delayed = DelayedJobs.create(config)) {
            ActiveJob in = ActiveJobCases.get("delayed_wait").build();
            ActiveJob at = ActiveJobCases.get("delayed_wait_until").build();
            assertThat(ActiveJobs.enqueueIn(delayed, Duration.ofSeconds(1), in)).isEqualTo(DelayedOutcome.DELAYED);
            assertThat(ActiveJobs.enqueueAt(delayed, Instant.now().plusSeconds(2), at)).isEqualTo(DelayedOutcome.DELAYED);
            sent.put(in.jobId(), in);
            sent.put(at.jobId(), at);
        }
        assertThat(kit.call("ZCARD", kit.ns().key("delayed_queue_schedule"))).isNotEqualTo(0L);
        Process scheduler = RubyResque.startScript(kit.server(), kit.ns().name(), "scheduler.rb",
                Map.of("INTERVAL", "0.2"), ProcessBuilder.Redirect.DISCARD);
        Process worker = startRubyWorker(kit, "default,later");
        try {
            awaitRuns(kit, sent.size());
        } finally {
            stop(worker);
            stop(scheduler);
        }
        assertThat(kit.call("ZCARD", kit.ns().key("delayed_queue_schedule"))).isEqualTo(0L);
        assertRubyReceived(kit, sent);
    }

    /** Until every job recorded its run or failed (a failing job makes the assertions say why). */
    private static void awaitRuns(RedisKit kit, int jobs) {
        await().atMost(Duration.ofSeconds(60)).until(() -> kit.list(RESULTS).size() + kit.list("failed").size() >= jobs);
    }

    /** Each job's record against what Ruby received from Rails itself for the same case (the recordings). */
    private void assertRubyReceived(RedisKit kit, Map<String, ActiveJob> sent) {
        assertThat(kit.list("failed")).as("Ruby failures").isEmpty();
        SoftAssertions soft = new SoftAssertions();
        List<String> lines = kit.list(RESULTS);
        for (String line : lines) {
            Map<String, Object> got = json.decodeObject(line);
            ActiveJob job = sent.get((String) got.get("job_id"));
            soft.assertThat(job).as("job id %s was sent", got.get("job_id")).isNotNull();
            if (job == null) {
                continue;
            }
            String name = caseName(job);
            Map<String, Object> railsRun = ActiveJobRecordings.row("json_gem", name).performed();
            soft.assertThat(got.get("arguments")).as("%s arguments", name).isEqualTo(railsRun.get("arguments"));
            soft.assertThat(got.get("perform_args")).as("%s perform(*args)", name).isEqualTo(railsRun.get("perform_args"));
            soft.assertThat(got.get("perform_kwargs")).as("%s perform(**kwargs)", name)
                    .isEqualTo(railsRun.get("perform_kwargs"));
            soft.assertThat(got.get("job_class")).as(name).isEqualTo(job.jobClass());
            soft.assertThat(got.get("queue_name")).as(name).isEqualTo(job.queueName());
            soft.assertThat(got.get("priority")).as(name).isEqualTo(job.priority());
            soft.assertThat(got.get("executions")).as(name).isEqualTo(1);
            soft.assertThat(got.get("locale")).as(name).isEqualTo(job.locale());
            soft.assertThat(got.get("timezone")).as(name).isEqualTo(job.timezone());
            soft.assertThat(got.get("time_zone")).as(name).isEqualTo(job.timezone());
            soft.assertThat(got.get("enqueued_at")).as(name).isEqualTo(job.enqueuedAt());
        }
        soft.assertThat(lines).hasSize(sent.size());
        soft.assertAll();
    }

    /** The case a sent job was built from: job class and arguments identify it. */
    private static String caseName(ActiveJob job) {
        for (ActiveJobCases.Case c : ActiveJobCases.all().values()) {
            ActiveJob twin = c.build(job.jobId(), job.enqueuedAtInstant().orElseThrow());
            if (twin.equals(job)) {
                return c.name();
            }
        }
        throw new IllegalStateException("no case for " + job);
    }
}
