package io.github.resque4j.testing.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.resque4j.JobArgumentException;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.testing.DrainResult;
import io.github.resque4j.testing.InlineResqueClient;
import io.github.resque4j.testing.ResqueTest;
import io.github.resque4j.testing.ResqueTestKit;
import io.github.resque4j.worker.JobRegistry;

/** The examples of docs/TESTING.md, verbatim, so the page cannot rot. */
@ResqueTest
class SignupTest {
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final JobRegistry jobs = JobRegistry.builder()
            .register("Mailer::Welcome", job -> sent.add(job.arg(0, String.class)))
            .build();

    @Test
    void signupEnqueuesTheWelcomeMail(ResqueTestKit resque) {
        new Signup(resque.client()).register("ann@example.com");     // your code, given a ResqueClient

        resque.assertEnqueued("mailers", "Mailer::Welcome", "ann@example.com");

        DrainResult result = resque.drain(jobs).assertNoFailures(); // a real worker runs the queue empty
        assertEquals(1, result.processed());
        assertEquals(List.of("ann@example.com"), sent);
    }

    @Test
    void theReminderGoesOutAfterADay(ResqueTestKit resque) {
        Instant now = Instant.now();
        resque.delayedJobs().enqueueAt(now.plus(Duration.ofDays(1)), "mailers", "Mailer::Welcome", "bob@example.com");

        assertEquals(0, resque.runDelayedUntil(now.plus(Duration.ofHours(23)), jobs).processed());
        assertEquals(1, resque.runDelayedUntil(now.plus(Duration.ofDays(1)), jobs).processed());
    }

    @Test
    void aBrokenJobEndsInTheFailedList(ResqueTestKit resque) {
        resque.client().enqueue("mailers", "Mailer::Welcome");     // no address: arg(0) throws

        resque.drain(jobs);

        resque.assertFailed("Mailer::Welcome", JobArgumentException.class);
    }

    @Test
    void inlineMode() {
        ResqueClient resque = InlineResqueClient.of(jobs);

        new Signup(resque).register("ann@example.com");          // the mail is sent before register() returns

        assertEquals(List.of("ann@example.com"), sent);
    }

    /** The application code of the example. */
    static final class Signup {
        private final ResqueClient resque;

        Signup(ResqueClient resque) {
            this.resque = resque;
        }

        void register(String email) {
            resque.enqueue("mailers", "Mailer::Welcome", email);
        }
    }
}
