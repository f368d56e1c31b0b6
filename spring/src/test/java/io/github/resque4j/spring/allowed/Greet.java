package io.github.resque4j.spring.allowed;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;

/** A handler found through resque4j.worker.allowed-packages, with a constructor dependency. */
public class Greet implements JobHandler {
    private final java.util.List<String> calls;

    /** @param calls the test's record (a bean) */
    public Greet(java.util.List<String> calls) {
        this.calls = calls;
    }

    @Override
    public void perform(JobContext job) {
        calls.add("greet " + job.args() + " by " + System.identityHashCode(this));
    }
}
