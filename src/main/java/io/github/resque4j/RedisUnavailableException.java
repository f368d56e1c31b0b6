package io.github.resque4j;

/**
 * Redis could not be reached or stopped answering. The message names the endpoint as {@code host:port}
 * (or the Sentinel master name) and never contains a password.
 */
public class RedisUnavailableException extends ResqueException {
    private static final long serialVersionUID = 1L;

    private final String endpoint;

    /**
     * @param endpoint the {@code host:port} (or sentinel description) that failed, without credentials
     * @param message what failed
     * @param cause the driver's error
     */
    public RedisUnavailableException(String endpoint, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
    }

    /** @return the endpoint that failed, as {@code host:port}, never with credentials */
    public String endpoint() {
        return endpoint;
    }
}
