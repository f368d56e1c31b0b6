package io.github.resque4j.cron;

import io.github.resque4j.ResqueException;

/**
 * A recurring-schedule string (a {@code cron} or {@code every} value of a resque-scheduler schedule) that resque4j
 * does not accept: either fugit 1.5.2 / rufus-scheduler 3.8 reject it too, or it uses a fugit feature resque4j refuses
 * rather than approximate. The message quotes the string and says what is wrong or unsupported.
 */
public class ScheduleFormatException extends ResqueException {
    private static final long serialVersionUID = 1L;

    /** @param message names the schedule string and what is unsupported */
    public ScheduleFormatException(String message) {
        super(message);
    }

    /**
     * @param message names the schedule string and what is unsupported
     * @param cause the underlying failure
     */
    public ScheduleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
