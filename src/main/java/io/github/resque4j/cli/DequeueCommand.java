package io.github.resque4j.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import io.github.resque4j.Job;
import io.github.resque4j.client.ResqueClient;

/** {@code resque4j dequeue <queue> <class> [json-args]}: Ruby's {@code Resque.dequeue}. */
@Command(name = "dequeue", description = "Remove jobs: with JSON args those exact bytes (Ruby's LREM), "
        + "without args every job of the class.")
final class DequeueCommand extends Base {
    @Parameters(index = "0", paramLabel = "QUEUE")
    String queue;

    @Parameters(index = "1", paramLabel = "CLASS")
    String className;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON-ARGS")
    String args;

    @Override
    public Integer call() {
        try (ResqueClient client = ResqueClient.create(config())) {
            long removed = args == null ? client.dequeue(queue, className)
                    : client.dequeueExact(queue, new Job(className, jsonArgs(args)));
            if (json()) {
                Output.json(out(), Map.of("removed", removed));
            } else {
                out().println("removed " + removed + " job(s) from " + queue);
            }
        }
        return Main.OK;
    }
}
