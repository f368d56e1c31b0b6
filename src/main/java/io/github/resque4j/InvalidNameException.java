package io.github.resque4j;

/**
 * A queue or job class name Resque cannot carry: null, empty, or (for queues) containing {@code :} or
 * {@code ,}, which break Ruby's worker-id parsing ({@code host:pid:q1,q2}).
 */
public class InvalidNameException extends ResqueException {
    private static final long serialVersionUID = 1L;

    /** @param message names the rejected value and why */
    public InvalidNameException(String message) {
        super(message);
    }
}
