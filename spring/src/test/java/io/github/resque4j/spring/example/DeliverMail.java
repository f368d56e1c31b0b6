package io.github.resque4j.spring.example;

import org.springframework.stereotype.Component;

import io.github.resque4j.spring.ResqueJob;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;

/** Serves Ruby's {@code Mailer::Deliver.perform(user_id, template)}: a handler bean. */
@Component
@ResqueJob("Mailer::Deliver")
public class DeliverMail implements JobHandler {
    private final Outbox outbox;

    /** @param outbox where mail goes */
    public DeliverMail(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void perform(JobContext job) {
        outbox.record("mail " + job.arg(1, String.class) + " to user " + job.arg(0, Long.class));
    }
}
