package io.github.resque4j.security.jobs;

import io.github.resque4j.security.ProbeLog;
import io.github.resque4j.worker.JobHandler;

/** A JobHandler, but abstract: cannot be run, and its static initializer must not run either. */
public abstract class AbstractJob implements JobHandler {
    static {
        ProbeLog.INITIALIZED.add("AbstractJob");
    }
}
