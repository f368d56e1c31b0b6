package io.github.resque4j.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One job a {@link ResqueTestKit#drain drain} ran, as its worker saw it.
 *
 * @param queue the queue it was taken from
 * @param className the payload's Ruby class name; {@code null} when the payload could not be decoded at all
 * @param args the arguments as decoded, unmodifiable (empty for an undecodable payload)
 * @param failure why it failed (it is then in the failed list), or {@code null} if it succeeded or a before
 *     hook skipped it
 * @param elapsed time spent performing it, hooks included ({@link Duration#ZERO} for an undecodable payload)
 */
public record JobRun(String queue, String className, List<Object> args, Throwable failure, Duration elapsed) {
    /**
     * Checks and freezes the components.
     *
     * @param queue see the record description
     * @param className see the record description
     * @param args see the record description
     * @param failure see the record description
     * @param elapsed see the record description
     */
    public JobRun {
        Objects.requireNonNull(queue, "queue");
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** @return whether the job ended in the failed list */
    public boolean failed() {
        return failure != null;
    }

    /** @return {@link #failure()} as an optional */
    public Optional<Throwable> error() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return (className == null ? "(undecodable payload)" : className) + args + " from " + queue
                + (failure == null ? " ok" : " FAILED: " + failure);
    }
}
