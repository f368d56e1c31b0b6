package io.github.resque4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import picocli.CommandLine.Command;

import io.github.resque4j.client.ResqueClient;

/** {@code resque4j queues}: every queue in {@code queues} with its length. */
@Command(name = "queues", description = "Queues and their sizes (Resque.queue_sizes).")
final class QueuesCommand extends Base {
    @Override
    public Integer call() {
        try (ResqueClient client = ResqueClient.create(config())) {
            Map<String, Long> sizes = new TreeMap<>(client.queueSizes());
            if (json()) {
                Output.json(out(), sizes);
            } else {
                List<List<String>> rows = new ArrayList<>();
                sizes.forEach((q, n) -> rows.add(List.of(q, String.valueOf(n))));
                Output.table(out(), List.of("QUEUE", "SIZE"), rows);
            }
        }
        return Main.OK;
    }
}
