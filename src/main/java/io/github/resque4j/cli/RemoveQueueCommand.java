package io.github.resque4j.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import io.github.resque4j.client.ResqueClient;

/** {@code resque4j remove-queue <queue>}: Ruby's {@code Resque.remove_queue}. */
@Command(name = "remove-queue", description = "Delete a queue and its jobs (Resque.remove_queue).")
final class RemoveQueueCommand extends Base {
    @Parameters(index = "0", paramLabel = "QUEUE")
    String queue;

    @Override
    public Integer call() {
        try (ResqueClient client = ResqueClient.create(config())) {
            long size = client.size(queue);
            client.removeQueue(queue);
            if (json()) {
                Output.json(out(), Map.of("queue", queue, "removed_jobs", size));
            } else {
                out().println("removed queue " + queue + " (" + size + " job(s))");
            }
        }
        return Main.OK;
    }
}
