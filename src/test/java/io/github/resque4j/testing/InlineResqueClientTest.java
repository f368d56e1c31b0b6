package io.github.resque4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.github.resque4j.InvalidNameException;
import io.github.resque4j.Job;
import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.UnknownJobClassException;
import io.github.resque4j.client.ClientHook;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.JsonProfile;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHook;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;

/** Inline mode as a user would test with it, and each Ruby rule it follows. No Redis anywhere. */
class InlineResqueClientTest {
    private final List<String> events = new ArrayList<>();
    private final AtomicReference<JobContext> seen = new AtomicReference<>();

    private JobRegistry registry() {
        return JobRegistry.builder()
                .register("Mailer::Welcome", job -> {
                    seen.set(job);
                    events.add("perform " + job.args());
                })
                .register("Boom", job -> {
                    events.add("perform");
                    throw new IllegalStateException("boom " + job.args());
                })
                .register("CheckedBoom", job -> {
                    throw new IOException("disk");
                })
                .build();
    }

    /** Logs every hook the way the Ruby interop probe does. */
    private JobHook logging(String name) {
        return new JobHook() {
            @Override
            public boolean beforePerform(JobContext job) {
                events.add(name + ".before");
                return !"skip".equals(job.args().isEmpty() ? null : job.args().get(0));
            }

            @Override
            public void aroundPerform(JobContext job, Invocation next) throws Exception {
                events.add(name + ".around>");
                next.proceed();
                events.add(name + ".around<");
            }

            @Override
            public void afterPerform(JobContext job) {
                events.add(name + ".after");
            }

            @Override
            public void onFailure(JobContext job, Throwable error) {
                events.add(name + ".failure " + error.getClass().getSimpleName());
            }
        };
    }

    private ClientHook enqueueLog() {
        return new ClientHook() {
            @Override
            public boolean beforeEnqueue(String queue, Job job) {
                events.add("before_enqueue " + queue);
                return !job.args().contains("veto");
            }

            @Override
            public void afterEnqueue(String queue, Job job) {
                events.add("after_enqueue " + queue);
            }

            @Override
            public boolean beforeDequeue(String queue, Job job) {
                events.add("before_dequeue");
                return true;
            }

            @Override
            public void afterDequeue(String queue, Job job) {
                events.add("after_dequeue");
            }
        };
    }

    private InlineResqueClient client() {
        return InlineResqueClient.builder(registry()).hook(enqueueLog()).jobHook(logging("g"))
                .jobHook("Mailer::Welcome", logging("c")).build();
    }

    @Test
    void enqueueRunsTheJobAtOnceInsideTheWorkersHookChain() {
        ResqueClient resque = client();

        assertTrue(resque.enqueue("mailers", "Mailer::Welcome", 42, "ann@example.com"));

        assertEquals(List.of("before_enqueue mailers", "g.before", "c.before", "g.around>", "c.around>",
                "perform [42, ann@example.com]", "c.around<", "g.around<", "g.after", "c.after",
                "after_enqueue mailers"), events);
        assertEquals("mailers", seen.get().queue());
        assertEquals(InlineResqueClient.WORKER_ID, seen.get().workerId());
        assertEquals("{\"class\":\"Mailer::Welcome\",\"args\":[42,\"ann@example.com\"]}", seen.get().payload().raw());
    }

    @Test
    void argumentsArriveAsAWorkerWouldDecodeThem() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("z", 1L);
        options.put("a", List.of(1.0, BigInteger.TEN.pow(20)));
        InlineResqueClient.of(registry()).enqueue("mailers", "Mailer::Welcome", 7L, 2.5f, options, null);

        JobContext job = seen.get();
        // Long 7 comes back an Integer, the float a Double, the map a decoded JSON object in its key order.
        assertEquals(List.of(7, 2.5, Map.of("z", 1, "a", List.of(1.0, BigInteger.TEN.pow(20)))),
                job.args().subList(0, 3));
        assertInstanceOf(Integer.class, job.args().get(0));
        assertEquals(List.of("z", "a"), new ArrayList<>(((Map<?, ?>) job.args().get(2)).keySet()));
        assertEquals(null, job.args().get(3));
        assertEquals("{\"class\":\"Mailer::Welcome\",\"args\":[7,2.5,{\"z\":1,\"a\":[1.0,100000000000000000000]},null]}",
                job.payload().raw());
    }

    @Test
    void argumentsThatWouldNotSurviveTheWireFailBeforeTheJobRuns() {
        InlineResqueClient resque = client();

        assertThrows(JsonEncodingException.class, () -> resque.enqueue("mailers", "Mailer::Welcome", new Object()));
        assertThrows(JsonEncodingException.class, () -> resque.enqueue("mailers", "Mailer::Welcome", Double.NaN));

        // Ruby runs before_enqueue first, then encodes: nothing else ran.
        assertEquals(List.of("before_enqueue mailers", "before_enqueue mailers"), events);
    }

    @Test
    void aFailingJobRunsTheFailureHooksAndRaisesToTheCaller() {
        InlineResqueClient resque = client();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> resque.enqueue("q", "Boom", 1));

        assertEquals("boom [1]", e.getMessage());
        // No after hooks, no after_enqueue: Ruby re-raises out of Job#perform and Resque.enqueue_to.
        assertEquals(List.of("before_enqueue q", "g.before", "g.around>", "perform", "g.failure IllegalStateException"),
                events);
    }

    @Test
    void aCheckedExceptionIsWrappedNamingTheJob() {
        InlineJobException e = assertThrows(InlineJobException.class,
                () -> client().enqueue("q", "CheckedBoom"));

        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("CheckedBoom", e.className());
        assertEquals("q", e.queue());
        assertTrue(events.contains("g.failure IOException"), events::toString);
    }

    @Test
    void aBeforePerformHookReturningFalseSkipsTheJobLikeDontPerform() {
        assertTrue(client().enqueue("mailers", "Mailer::Welcome", "skip"));

        assertEquals(List.of("before_enqueue mailers", "g.before", "after_enqueue mailers"), events);
        assertEquals(null, seen.get());
    }

    @Test
    void aBeforeEnqueueVetoDropsTheJob() {
        assertFalse(client().enqueue("mailers", "Mailer::Welcome", "veto"));

        assertEquals(List.of("before_enqueue mailers"), events);
    }

    @Test
    void anUnknownClassRaisesToTheCaller() {
        UnknownJobClassException e = assertThrows(UnknownJobClassException.class,
                () -> client().enqueue("q", "Nobody::Knows"));
        assertTrue(e.getMessage().contains("Nobody::Knows"), e.getMessage());
    }

    @Test
    void namesAreValidatedAsForTheRealClient() {
        assertThrows(InvalidNameException.class, () -> client().enqueue("", "Mailer::Welcome"));
        assertThrows(InvalidNameException.class, () -> client().enqueue("q", ""));
    }

    @Test
    void jobsEnqueuedByAJobRunNestedAtOnce() {
        AtomicReference<ResqueClient> self = new AtomicReference<>();
        JobRegistry jobs = JobRegistry.builder()
                .register("Outer", job -> {
                    events.add("outer>");
                    self.get().enqueue("q", "Inner", 1);
                    events.add("outer<");
                })
                .register("Inner", job -> events.add("inner"))
                .build();
        self.set(InlineResqueClient.of(jobs));

        self.get().enqueue("q", "Outer");

        assertEquals(List.of("outer>", "inner", "outer<"), events);
    }

    @Test
    void readsAnswerForAnEmptyRedis() {
        InlineResqueClient resque = client();
        resque.enqueue("mailers", "Mailer::Welcome", 1);

        assertEquals(0, resque.size("mailers"));
        assertTrue(resque.peek("mailers").isEmpty());
        assertTrue(resque.peekRaw("mailers", 0, 10).isEmpty());
        assertTrue(resque.queues().isEmpty());
        assertTrue(resque.queueSizes().isEmpty());
        assertEquals(0, resque.info().pending());
        assertEquals(List.of("inline"), resque.info().servers());
        resque.removeQueue("mailers");
        assertThrows(InvalidNameException.class, () -> resque.size(""));
    }

    @Test
    void dequeueRunsItsHooksAndFindsNothing() {
        assertEquals(0, client().dequeue("mailers", "Mailer::Welcome", 1));

        assertEquals(List.of("before_dequeue", "after_dequeue"), events);
    }

    @Test
    void enqueueAllEncodesEverythingBeforeRunningAnything() {
        InlineResqueClient resque = InlineResqueClient.of(registry());

        assertThrows(JsonEncodingException.class, () -> resque.enqueueAll("q",
                List.of(Job.of("Mailer::Welcome", 1), Job.of("Mailer::Welcome", Double.POSITIVE_INFINITY))));
        assertTrue(events.isEmpty(), events::toString);

        assertEquals(2, resque.enqueueAll("q", List.of(Job.of("Mailer::Welcome", 1), Job.of("Mailer::Welcome", 2))));
        assertEquals(List.of("perform [1]", "perform [2]"), events);
    }

    @Test
    void pushRunsTheItemKeepingItsExtraKeysWithoutClientHooks() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("class", "Mailer::Welcome");
        item.put("args", List.of(3));
        item.put("enqueued_at", 1.5);
        client().push("mailers", item);

        assertEquals("{\"class\":\"Mailer::Welcome\",\"args\":[3],\"enqueued_at\":1.5}", seen.get().payload().raw());
        assertFalse(events.stream().anyMatch(e -> e.contains("enqueue")), events::toString);
    }

    @Test
    void workerOptionsSupplyTheSameHooksInTheSameOrder() {
        WorkerOptions options = WorkerOptions.builder(registry(), "*").hook(logging("g"))
                .hook("Mailer::Welcome", logging("c")).hook("Other", logging("x")).build();

        InlineResqueClient.builder(options).build().enqueue("mailers", "Mailer::Welcome", 1);

        assertEquals(List.of("g.before", "c.before", "g.around>", "c.around>", "perform [1]", "c.around<",
                "g.around<", "g.after", "c.after"), events);
    }

    @Test
    void theConfiguredJsonProfileEncodesTheArguments() {
        ResqueConfig oj = ResqueConfig.builder().jsonProfile(JsonProfile.OJ_COMPAT).build();
        InlineResqueClient resque = InlineResqueClient.builder(registry()).config(oj).build();

        resque.enqueue("q", "Mailer::Welcome", 1.0e15);

        assertSame(oj, resque.config());
        assertEquals(RubyJson.of(JsonProfile.OJ_COMPAT).encode(Job.of("Mailer::Welcome", 1.0e15).toPayload()),
                seen.get().payload().raw());
        // The two profiles really differ for this value, so the assertion above can fail.
        assertFalse(RubyJson.jsonGem().encode(List.of(1.0e15)).equals(RubyJson.of(JsonProfile.OJ_COMPAT)
                .encode(List.of(1.0e15))));
    }
}
