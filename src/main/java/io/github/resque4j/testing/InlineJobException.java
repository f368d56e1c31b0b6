package io.github.resque4j.testing;

import io.github.resque4j.ResqueException;

/**
 * A job run by {@link InlineResqueClient} threw a checked exception; it is the {@linkplain #getCause() cause}.
 * (Unchecked exceptions and errors reach the caller of {@code enqueue} unchanged.)
 */
public class InlineJobException extends ResqueException {
    private static final long serialVersionUID = 1L;

    /** The job's Ruby class name. */
    private final String className;
    /** The queue it was enqueued to. */
    private final String queue;

    /**
     * @param className the job's Ruby class name
     * @param queue the queue it was enqueued to
     * @param cause what the job threw
     */
    public InlineJobException(String className, String queue, Throwable cause) {
        super("inline job " + className + " (queue " + queue + ") failed: " + cause, cause);
        this.className = className;
        this.queue = queue;
    }

    /** @return the job's Ruby class name */
    public String className() {
        return className;
    }

    /** @return the queue it was enqueued to */
    public String queue() {
        return queue;
    }
}
