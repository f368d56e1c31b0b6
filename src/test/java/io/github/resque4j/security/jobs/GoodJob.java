package io.github.resque4j.security.jobs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;

/** An allow-listed handler that may run. */
public class GoodJob implements JobHandler {
    /** Arguments of every run. */
    public static final List<String> RAN = new CopyOnWriteArrayList<>();

    @Override
    public void perform(JobContext job) {
        RAN.add(String.valueOf(job.args()));
    }
}
