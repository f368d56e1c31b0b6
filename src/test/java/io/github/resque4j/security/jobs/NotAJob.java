package io.github.resque4j.security.jobs;

import io.github.resque4j.security.ProbeLog;

/** In the allow-listed package but not a JobHandler: must never be initialized or instantiated. */
public class NotAJob {
    static {
        ProbeLog.INITIALIZED.add("NotAJob");
    }

    /** Would be a disaster to run. */
    public NotAJob() {
        ProbeLog.INITIALIZED.add("NotAJob()");
    }
}
