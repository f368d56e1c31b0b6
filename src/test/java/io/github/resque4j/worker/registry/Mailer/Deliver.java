package io.github.resque4j.worker.registry.Mailer;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;

/**
 * Allow-list fixture: Ruby {@code Mailer::Deliver} maps to this class through the package-path candidate
 * ({@code <allowed>.Mailer.Deliver}); the capitalised package mirrors the Ruby module name.
 */
public class Deliver implements JobHandler {
    @Override
    public void perform(JobContext job) {
    }
}
