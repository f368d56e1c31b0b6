package io.github.resque4j.worker.registry;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;

/** Allow-list fixture: Ruby {@code Outer::Nested} maps to the nested class {@code Outer$Nested}. */
public final class Outer {
    private Outer() {
    }

    /** The nested handler. */
    public static class Nested implements JobHandler {
        @Override
        public void perform(JobContext job) {
        }
    }
}
