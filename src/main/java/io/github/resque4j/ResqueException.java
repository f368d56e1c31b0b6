package io.github.resque4j;

/**
 * Root of every exception resque4j throws. Unchecked, so callers catch only what they can handle;
 * the subclasses name the problem precisely.
 */
public class ResqueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, never containing a secret */
    public ResqueException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, never containing a secret
     * @param cause the underlying failure
     */
    public ResqueException(String message, Throwable cause) {
        super(message, cause);
    }
}
