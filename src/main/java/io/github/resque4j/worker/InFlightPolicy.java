package io.github.resque4j.worker;

/** What shutdown does with a job still running when the shutdown timeout has passed. */
public enum InFlightPolicy {
    /** Record it as a {@code Resque::DirtyExit} failure, as Ruby Resque does (the default). */
    FAIL,
    /** Put it back at the head of its queue so another worker runs it again (at-least-once). */
    REQUEUE
}
