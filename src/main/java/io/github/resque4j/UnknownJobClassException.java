package io.github.resque4j;

/**
 * A payload names a job class this worker cannot run: the name is neither registered nor allow-listed,
 * or it resolves (through an allow-listed package) to a Java class that is not a runnable job handler.
 * Ruby Resque fails such a job with {@code NameError}; the worker records this exception the same way.
 */
public class UnknownJobClassException extends ResqueException {
    private static final long serialVersionUID = 1L;

    private final String className;

    /**
     * @param className the class name exactly as the payload gave it
     * @param message why it cannot be run and how to make it runnable
     */
    public UnknownJobClassException(String className, String message) {
        super(message);
        this.className = className;
    }

    /**
     * @param className the class name exactly as the payload gave it
     * @param message why it cannot be run and how to make it runnable
     * @param cause the underlying failure (e.g. a linkage error while loading the class)
     */
    public UnknownJobClassException(String className, String message, Throwable cause) {
        super(message, cause);
        this.className = className;
    }

    /** @return the class name exactly as the payload gave it */
    public String className() {
        return className;
    }
}
