package io.github.resque4j;

/**
 * A value cannot be written as JSON the way Ruby would write it: NaN or Infinity, a cyclic structure,
 * or a Java type with no Ruby JSON equivalent. Nothing was written to Redis.
 */
public class JsonEncodingException extends ResqueException {
    private static final long serialVersionUID = 1L;

    /** @param message names the offending value and where it sits */
    public JsonEncodingException(String message) {
        super(message);
    }
}
