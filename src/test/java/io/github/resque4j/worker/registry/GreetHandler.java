package io.github.resque4j.worker.registry;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;

/** Allow-list fixture: a concrete handler with a public no-arg constructor. */
public class GreetHandler implements JobHandler {
    @Override
    public void perform(JobContext job) {
    }
}
