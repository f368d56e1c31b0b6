package io.github.resque4j;

import java.time.Duration;

/** A job ran longer than its configured timeout and was interrupted; recorded as its failure. */
public class JobTimeoutException extends ResqueException {
    private static final long serialVersionUID = 1L;

    /**
     * @param className the job's class
     * @param timeout the limit it exceeded
     * @param cause what the job threw when interrupted, if anything
     */
    public JobTimeoutException(String className, Duration timeout, Throwable cause) {
        super("job " + className + " exceeded its " + timeout.toMillis() + " ms timeout and was interrupted", cause);
    }
}
