package io.github.resque4j;

/**
 * A job's arguments do not fit what its handler asked for: a missing index, the wrong number of
 * arguments for a record (Ruby raises {@code ArgumentError} there), or a value that cannot be converted
 * (wrong type, number out of range). The message names the job class, the argument and the problem on
 * one line, so it reads well in Resque's failed-job list.
 */
public class JobArgumentException extends ResqueException {
    private static final long serialVersionUID = 1L;

    /** @param message names the job class, the argument index or component, and the problem */
    public JobArgumentException(String message) {
        super(message);
    }

    /**
     * @param message names the job class, the argument index or component, and the problem
     * @param cause the conversion failure, or {@code null}
     */
    public JobArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
