package io.github.resque4j;

/**
 * Text read from Redis (or handed in) is not a valid payload: not JSON, not a JSON object, or lacking
 * a field Resque requires. The offending text is kept so a caller can record it verbatim.
 */
public class PayloadFormatException extends ResqueException {
    private static final long serialVersionUID = 1L;

    private final String rawPayload;

    /**
     * @param message what is wrong with the payload
     * @param rawPayload the text as it was read (may be {@code null} when unknown)
     * @param cause the parser's error, if any
     */
    public PayloadFormatException(String message, String rawPayload, Throwable cause) {
        super(message, cause);
        this.rawPayload = rawPayload;
    }

    /**
     * @param message what is wrong with the payload
     * @param rawPayload the text as it was read (may be {@code null} when unknown)
     */
    public PayloadFormatException(String message, String rawPayload) {
        this(message, rawPayload, null);
    }

    /** @return the payload text exactly as it was read, or {@code null} */
    public String rawPayload() {
        return rawPayload;
    }
}
