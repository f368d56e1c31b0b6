package io.github.resque4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import io.github.resque4j.Job;
import io.github.resque4j.Payload;
import io.github.resque4j.UnknownJobClassException;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.scheduler.DelayedOutcome;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHook;
import io.github.resque4j.worker.JobRegistry;

/**
 * The kit as a user would use it (plain JUnit assertions, no AssertJ), plus proof that each assertion fails
 * when it should, with a message that says why.
 */
@ResqueTest
class ResqueTestKitTest {
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private ResqueTestKit kitFromBeforeEach;
    private JobRegistry jobs;

    @BeforeEach
    void setUp(ResqueTestKit resque) {
        kitFromBeforeEach = resque;
        jobs = JobRegistry.builder()
                .register("Mailer::Welcome", job -> ran.add("welcome " + job.args()))
                .register("Signup", job -> {
                    ran.add("signup " + job.args());
                    resque.client().enqueue("mailers", "Mailer::Welcome", job.args().get(0));
                })
                .register("Boom", job -> {
                    throw new IllegalStateException("boom " + job.args());
                })
                .register("Forever", job -> resque.client().enqueue("loop", "Forever"))
                .register("Reminder", job -> {
                    ran.add("reminder " + job.args());
                    int n = job.arg(0, Integer.class);
                    if (n < 3) {
                        resque.delayedJobs().enqueueAt(Instant.ofEpochSecond(job.arg(1, Long.class) + 60),
                                "reminders", "Reminder", n + 1, job.arg(1, Long.class) + 60);
                    }
                })
                .build();
    }

    // ---------------------------------------------------------------- assertEnqueued and friends

    @Test
    void assertEnqueuedComparesClassAndArgumentsAsRubyEncodesThem(ResqueTestKit resque) {
        resque.client().enqueue("mailers", "Mailer::Welcome", 42, "ann@example.com");

        Payload job = resque.assertEnqueued("mailers", "Mailer::Welcome", 42L, "ann@example.com");

        assertEquals("{\"class\":\"Mailer::Welcome\",\"args\":[42,\"ann@example.com\"]}", job.raw());
        resque.assertEnqueued("mailers", Job.of("Mailer::Welcome", java.math.BigInteger.valueOf(42), "ann@example.com"));
        resque.assertQueueSize("mailers", 1);
        assertEquals(List.of(job), resque.enqueuedJobs("mailers"));
    }

    @Test
    void assertEnqueuedFailsOnAFloatWhereRubyWouldSeeAnInteger(ResqueTestKit resque) {
        resque.client().enqueue("mailers", "Mailer::Welcome", 42.0, "ann@example.com");
        resque.client().enqueue("mailers", "Other", 1);

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> resque.assertEnqueued("mailers", "Mailer::Welcome", 42, "ann@example.com"));

        assertEquals("{\"class\":\"Mailer::Welcome\",\"args\":[42,\"ann@example.com\"]}",
                e.getExpected().getEphemeralValue());
        assertEquals("{\"class\":\"Mailer::Welcome\",\"args\":[42.0,\"ann@example.com\"]}\n"
                + "{\"class\":\"Other\",\"args\":[1]}", e.getActual().getEphemeralValue());
        assertTrue(e.getMessage().startsWith("expected queue \"mailers\" of namespace \"" + resque.namespace()
                + "\" to hold the job {\"class\":\"Mailer::Welcome\",\"args\":[42,\"ann@example.com\"]}, but it holds "
                + "2 job(s):\n  [0] {\"class\":\"Mailer::Welcome\",\"args\":[42.0,\"ann@example.com\"]}   <- same class, "
                + "other arguments\n  [1] {\"class\":\"Other\",\"args\":[1]}"), e.getMessage());
    }

    @Test
    void assertEnqueuedNamesTheQueueWhereTheJobActuallyIs(ResqueTestKit resque) {
        resque.client().enqueue("low", "Mailer::Welcome", 1);

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> resque.assertEnqueued("mailers", "Mailer::Welcome", 1));

        assertTrue(e.getMessage().contains("but it is empty\n(such a job is in queue(s) [low])"), e.getMessage());
    }

    @Test
    void withoutArgumentsAnyArgumentsMatchButAnExplicitEmptyJobDoesNot(ResqueTestKit resque) {
        resque.client().enqueue("maintenance", "Cleanup", 1);

        resque.assertEnqueued("maintenance", "Cleanup");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> resque.assertEnqueued("maintenance", Job.of("Cleanup")));
        assertEquals("{\"class\":\"Cleanup\",\"args\":[]}", e.getExpected().getEphemeralValue());
        AssertionFailedError none = assertThrows(AssertionFailedError.class,
                () -> resque.assertEnqueued("maintenance", "Other"));
        assertTrue(none.getMessage().contains("a job of class Other (any arguments)"), none.getMessage());
    }

    @Test
    void hashArgumentsMustKeepTheirKeyOrderAsForRubysDequeue(ResqueTestKit resque) {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        resque.client().enqueue("q", "Report", ab);

        resque.assertEnqueued("q", "Report", ab);
        assertThrows(AssertionFailedError.class, () -> resque.assertEnqueued("q", "Report", ba));
    }

    @Test
    void extraTopLevelKeysDoNotMatter(ResqueTestKit resque) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("class", "Mailer::Welcome");
        item.put("args", List.of(1));
        item.put("enqueued_at", 1_700_000_000.25);
        resque.client().push("mailers", item);

        resque.assertEnqueued("mailers", "Mailer::Welcome", 1);
    }

    @Test
    void assertNotEnqueuedFailsNamingWhereTheJobIs(ResqueTestKit resque) {
        resque.client().enqueue("mailers", "Other", 1);
        resque.client().enqueue("mailers", "Mailer::Welcome", 7);

        resque.assertNotEnqueued("mailers", "Mailer::Welcome", 8);
        resque.assertNotEnqueued("low", "Mailer::Welcome");
        AssertionFailedError exact = assertThrows(AssertionFailedError.class,
                () -> resque.assertNotEnqueued("mailers", "Mailer::Welcome", 7));
        assertEquals("expected queue \"mailers\" to hold no the job {\"class\":\"Mailer::Welcome\",\"args\":[7]}, "
                + "but it holds 1:\n  [1] {\"class\":\"Mailer::Welcome\",\"args\":[7]}", exact.getMessage());
        assertThrows(AssertionFailedError.class, () -> resque.assertNotEnqueued("mailers", "Mailer::Welcome"));
    }

    @Test
    void assertQueueSizeFailsWithBothNumbers(ResqueTestKit resque) {
        resque.client().enqueue("q", "A");

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> resque.assertQueueSize("q", 2));

        assertEquals(2L, e.getExpected().getValue());
        assertEquals(1L, e.getActual().getValue());
        assertTrue(e.getMessage().contains("[0] {\"class\":\"A\",\"args\":[]}"), e.getMessage());
    }

    // ---------------------------------------------------------------- drain

    @Test
    void drainRunsEverythingWithRealWorkerSemantics(ResqueTestKit resque) {
        ResqueClient client = resque.client();
        client.enqueue("signups", "Signup", "ann@example.com");
        client.enqueue("mailers", "Boom", 1);

        DrainResult result = resque.drain(jobs);

        // The follow-up job Signup enqueued ran too.
        assertEquals(List.of("signup [ann@example.com]", "welcome [ann@example.com]"), ran);
        assertEquals(3, result.processed());
        assertEquals(1, result.failed());
        assertEquals("Boom", result.failures().get(0).className());
        assertInstanceOf(IllegalStateException.class, result.failures().get(0).failure());
        assertEquals(0, client.queueSizes().values().stream().mapToLong(Long::longValue).sum());
        // A real Resque worker was registered, counted the jobs and unregistered.
        assertEquals(3, client.info().processed());
        assertEquals(0, client.info().workers());
        FailureEntry failure = resque.assertFailed("Boom", IllegalStateException.class);
        assertEquals("boom [1]", failure.error());
        assertEquals("mailers", failure.queue());
        assertEquals(List.of(1), failure.args());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, result::assertNoFailures);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("1 of 3 drained job(s) failed:\n  Boom[1] from mailers FAILED"),
                e.getMessage());
    }

    @Test
    void drainOfOneQueueLeavesTheOthers(ResqueTestKit resque) {
        resque.client().enqueue("mailers", "Mailer::Welcome", 1);
        resque.client().enqueue("signups", "Signup", "bob");

        DrainResult result = resque.drain(jobs, "mailers").assertNoFailures();

        assertEquals(1, result.processed());
        assertEquals(List.of("welcome [1]"), ran);
        resque.assertEnqueued("signups", "Signup", "bob");
    }

    @Test
    void drainWithNothingQueuedReturnsAtOnce(ResqueTestKit resque) {
        long start = System.nanoTime();

        assertEquals(0, resque.drain(jobs).processed());

        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
        assertEquals(0, resque.client().info().processed());
    }

    @Test
    void drainUsesTheGivenWorkerSettings(ResqueTestKit resque) {
        AtomicInteger before = new AtomicInteger();
        resque.client().enqueue("mailers", "Mailer::Welcome", 1);
        resque.client().enqueue("mailers", "Mailer::Welcome", "skip");

        DrainResult result = resque.drain(jobs, w -> w.hook("Mailer::Welcome", new JobHook() {
            @Override
            public boolean beforePerform(JobContext job) {
                before.incrementAndGet();
                return !job.args().contains("skip"); // Ruby's DontPerform: processed, not failed
            }
        }));

        assertEquals(2, before.get());
        assertEquals(List.of("welcome [1]"), ran);
        assertEquals(2, result.processed());
        assertEquals(0, result.failed());
    }

    @Test
    void unknownClassesAndUndecodablePayloadsLandInTheFailedList(ResqueTestKit resque) {
        resque.client().enqueue("q", "Nobody::Knows", 1);
        Map<String, Object> noClass = new LinkedHashMap<>();
        noClass.put("args", List.of());
        resque.client().push("q", noClass);

        DrainResult result = resque.drain(jobs);

        assertEquals(2, result.failed());
        assertNull(result.runs().get(1).className());
        resque.assertFailed("Nobody::Knows", UnknownJobClassException.class);
        assertEquals(2, resque.failedJobs().size());
    }

    @Test
    @ResqueTest(drainTimeoutSeconds = 1)
    void drainFailsTheTestWhenTheQueuesNeverEmpty(ResqueTestKit resque) {
        resque.client().enqueue("loop", "Forever");

        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> resque.drain(jobs));

        assertTrue(e.getMessage().startsWith("drain of [*] did not empty the queues within 1000 ms ("), e.getMessage());
        assertTrue(e.getMessage().contains("still queued: {loop=1}"), e.getMessage());
    }

    // ---------------------------------------------------------------- delayed jobs

    @Test
    void runDelayedUntilRunsOnlyWhatIsDueByThen(ResqueTestKit resque) {
        Instant now = Instant.now();
        assertEquals(DelayedOutcome.DELAYED,
                resque.delayedJobs().enqueueAt(now.plus(Duration.ofHours(1)), "mailers", "Mailer::Welcome", 1));

        assertEquals(0, resque.runDelayedUntil(now.plus(Duration.ofMinutes(30)), jobs).processed());
        assertTrue(resque.delayedJobs().isDelayed("mailers", "Mailer::Welcome", 1));

        DrainResult result = resque.runDelayedUntil(now.plus(Duration.ofHours(2)), jobs);

        assertEquals(1, result.processed());
        assertEquals(List.of("welcome [1]"), ran);
        assertEquals(0, resque.delayedJobs().countAllDelayed());
    }

    @Test
    void runDelayedUntilAlsoRunsWhatTheDelayedJobsScheduleBeforeThen(ResqueTestKit resque) {
        long t0 = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
        resque.delayedJobs().enqueueAt(Instant.ofEpochSecond(t0), "reminders", "Reminder", 1, t0);

        // Reminder n schedules n+1 a minute later, up to 3: the third is due after t0 + 90 s.
        DrainResult result = resque.runDelayedUntil(Instant.ofEpochSecond(t0 + 90), jobs);

        assertEquals(List.of("reminder [1, " + t0 + "]", "reminder [2, " + (t0 + 60) + "]"), ran);
        assertEquals(2, result.processed());
        assertTrue(resque.delayedJobs().isDelayed("reminders", "Reminder", 3, t0 + 120));
    }

    @Test
    void moveDelayedUntilOnlyMovesJobsOntoTheirQueues(ResqueTestKit resque) {
        Instant at = Instant.now().plus(Duration.ofHours(1));
        resque.delayedJobs().enqueueAt(at, "mailers", "Mailer::Welcome", 2);
        resque.delayedJobs().enqueueAt(at.plusSeconds(5), "low", "Cleanup");

        assertEquals(1, resque.moveDelayedUntil(at).size());

        resque.assertEnqueued("mailers", "Mailer::Welcome", 2);
        resque.assertNotEnqueued("low", "Cleanup");
        assertTrue(ran.isEmpty());
    }

    // ---------------------------------------------------------------- failures

    @Test
    void assertFailedSaysWhatTheFailedListHolds(ResqueTestKit resque) {
        AssertionFailedError empty = assertThrows(AssertionFailedError.class, () -> resque.assertFailed("Boom"));
        assertTrue(empty.getMessage().endsWith("but it is empty"), empty.getMessage());
        resque.assertNoFailures();

        resque.client().enqueue("q", "Boom", 2);
        resque.drain(jobs);

        AssertionFailedError wrong = assertThrows(AssertionFailedError.class,
                () -> resque.assertFailed("Boom", IllegalArgumentException.class));
        assertEquals("Boom with java.lang.IllegalArgumentException", wrong.getExpected().getEphemeralValue());
        assertEquals("Boom [2] from q: java.lang.IllegalStateException: boom [2]", wrong.getActual().getEphemeralValue());
        assertThrows(AssertionFailedError.class, () -> resque.assertFailed("Other"));
        assertThrows(AssertionFailedError.class, resque::assertNoFailures);
        assertEquals("Boom", resque.assertFailed("Boom").className());
        assertEquals("Boom", resque.assertFailed("Boom", "java.lang.IllegalStateException").className());
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void eachTestHasItsOwnNamespaceAndBeforeEachSeesTheSameKit(ResqueTestKit resque) {
        assertSame(kitFromBeforeEach, resque);
        assertTrue(resque.namespace().matches("rt-ResqueTestKitTest-[0-9a-f]{8}"), resque.namespace());
        assertEquals(resque.namespace(), resque.config().namespace());
        assertTrue(resque.client().queues().isEmpty());
    }

    @Test
    void codeUnderTestCanConnectWithTheConfig(ResqueTestKit resque) {
        try (ResqueClient own = ResqueClient.create(resque.config())) {
            own.enqueue("mailers", "Mailer::Welcome", 5);
        }

        resque.assertEnqueued("mailers", "Mailer::Welcome", 5);
    }

    @Test
    void clearDeletesEveryKeyOfTheNamespace(ResqueTestKit resque) {
        resque.client().enqueue("q", "A");
        resque.delayedJobs().enqueueIn(Duration.ofHours(1), "q", "B");

        assertTrue(resque.clear() >= 5); // queues, queue:q, delayed:<ts>, timestamps:<job>, delayed_queue_schedule

        assertTrue(resque.client().queues().isEmpty());
        assertEquals(0, resque.delayedJobs().countAllDelayed());
        assertFalse(resque.toString().contains("password"));
    }
}
