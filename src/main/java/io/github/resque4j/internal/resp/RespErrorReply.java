package io.github.resque4j.internal.resp;

/**
 * Redis answered a command with an error reply ({@code -ERR ...}, {@code -NOSCRIPT ...}). The connection itself
 * is fine. Internal: callers translate it into the library's exceptions.
 */
public final class RespErrorReply extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the error line as Redis sent it, without the leading '-' */
    public RespErrorReply(String message) {
        super(message, null, false, false);
    }

    /** @return the error code: the message's first word ({@code ERR}, {@code NOSCRIPT}, {@code READONLY}, ...) */
    public String code() {
        String m = getMessage();
        int sp = m.indexOf(' ');
        return sp < 0 ? m : m.substring(0, sp);
    }
}
