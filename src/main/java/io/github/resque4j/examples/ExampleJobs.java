package io.github.resque4j.examples;

import java.util.List;

import io.github.resque4j.worker.JobRegistry;

/**
 * Handlers for a few Ruby class names, as a Java team would write them: a shared lambda, a typed handler
 * bound to a record, and one that fails so the failed list has something to show.
 */
public final class ExampleJobs {
    private ExampleJobs() {
    }

    /**
     * Arguments of {@code Example::Sum}: Ruby enqueues {@code Resque.enqueue(Example::Sum, [1, 2, 3], "label")}.
     *
     * @param numbers what to add
     * @param label what to print
     */
    public record SumArgs(List<Long> numbers, String label) {
    }

    /** @return the example registry */
    public static JobRegistry registry() {
        return JobRegistry.builder()
                .register("Example::Greet", job -> System.out.println("  [Example::Greet] hello, "
                        + job.arg(0, String.class) + " (from queue " + job.queue() + ")"))
                .register("Example::Sum", SumArgs.class, a -> System.out.println("  [Example::Sum] " + a.label()
                        + " = " + a.numbers().stream().mapToLong(Long::longValue).sum()))
                .register("Example::Fail", job -> {
                    throw new IllegalStateException("example failure for " + job.args());
                })
                .build();
    }
}
