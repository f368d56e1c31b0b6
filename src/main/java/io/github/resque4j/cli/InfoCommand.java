package io.github.resque4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.client.ResqueInfo;

/** {@code resque4j info}: the figures of Ruby's {@code Resque.info}. */
@Command(name = "info", description = "Pending, processed, queues, workers, working, failed (Resque.info).")
final class InfoCommand extends Base {
    @Override
    public Integer call() {
        try (ResqueClient client = ResqueClient.create(config())) {
            ResqueInfo i = client.info();
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pending", i.pending());
                m.put("processed", i.processed());
                m.put("queues", i.queues());
                m.put("workers", i.workers());
                m.put("working", i.working());
                m.put("failed", i.failed());
                m.put("servers", i.servers());
                m.put("environment", i.environment());
                Output.json(out(), m);
            } else {
                Output.table(out(), List.of("FIELD", "VALUE"), List.of(
                        List.of("pending", String.valueOf(i.pending())),
                        List.of("processed", String.valueOf(i.processed())),
                        List.of("queues", String.valueOf(i.queues())),
                        List.of("workers", String.valueOf(i.workers())),
                        List.of("working", String.valueOf(i.working())),
                        List.of("failed", String.valueOf(i.failed())),
                        List.of("servers", String.join(", ", i.servers())),
                        List.of("environment", i.environment())));
            }
        }
        return Main.OK;
    }
}
