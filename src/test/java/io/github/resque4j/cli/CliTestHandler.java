package io.github.resque4j.cli;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;

/** A handler the CLI's {@code work} command loads by name in tests; records what it ran in Redis via a push. */
public final class CliTestHandler implements JobHandler {
    @Override
    public void perform(JobContext job) {
        if (job.args().contains("fail")) {
            throw new IllegalStateException("asked to fail");
        }
    }
}
