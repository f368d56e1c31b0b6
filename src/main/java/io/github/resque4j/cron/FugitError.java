package io.github.resque4j.cron;

/**
 * Internal: fugit (or et-orbi / TZInfo below it) would raise this Ruby exception here. {@link #rubyClass} names the
 * Ruby exception class so that messages can say what Ruby would have said.
 */
final class FugitError extends Exception {
    private static final long serialVersionUID = 1L;

    /** The Ruby exception class fugit would raise, e.g. {@code ZeroDivisionError}. */
    final String rubyClass;

    FugitError(String rubyClass, String message) {
        super(message, null, false, false);
        this.rubyClass = rubyClass;
    }

    /** @return {@code Class: message}, as Ruby prints it */
    String rubyText() {
        return rubyClass + ": " + getMessage();
    }
}
