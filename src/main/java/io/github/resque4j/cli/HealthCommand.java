package io.github.resque4j.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.github.resque4j.admin.WorkerInfo;
import io.github.resque4j.admin.Workers;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.client.ResqueInfo;

/**
 * {@code resque4j health}: a check for probes and scripts. Exit 0 when Redis answers and every worker's
 * heartbeat is fresh, 2 when Redis is unreachable, 3 when some workers look dead (heartbeat older than the prune
 * interval, or one Ruby could not parse).
 */
@Command(name = "health", description = "Check Redis and worker heartbeats; exit 0 healthy, 2 Redis down, "
        + "3 stale workers.")
final class HealthCommand extends Base {
    @Option(names = "--stale-after", defaultValue = "300", paramLabel = "SECONDS",
            description = "Heartbeat age that counts as dead (Resque.prune_interval, default ${DEFAULT-VALUE}).")
    long staleAfter;

    @Override
    public Integer call() {
        try (ResqueClient client = ResqueClient.create(config()); Workers workers = Workers.create(config())) {
            ResqueInfo info = client.info();
            Instant now = Instant.now();
            List<String> stale = new ArrayList<>();
            for (WorkerInfo w : workers.list()) {
                boolean dead = w.heartbeatRaw() != null && (w.heartbeat().isEmpty()
                        || Duration.between(w.heartbeat().get(), now).getSeconds() > staleAfter);
                if (dead) {
                    stale.add(w.id());
                }
            }
            boolean paused = workers.isPausedAll();
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("status", stale.isEmpty() ? "ok" : "stale_workers");
                m.put("redis", "reachable");
                m.put("workers", info.workers());
                m.put("working", info.working());
                m.put("stale_workers", stale);
                m.put("paused_all", paused);
                m.put("pending", info.pending());
                m.put("failed", info.failed());
                Output.json(out(), m);
            } else {
                out().println("redis: reachable (" + String.join(", ", info.servers()) + ")");
                out().println("workers: " + info.workers() + " (" + info.working() + " working)"
                        + (paused ? ", PAUSED by pause-all-workers" : ""));
                out().println("pending: " + info.pending() + ", failed: " + info.failed());
                out().println(stale.isEmpty() ? "heartbeats: all fresh" : "stale workers (prune with `resque4j "
                        + "workers prune`): " + String.join(", ", stale));
            }
            return stale.isEmpty() ? Main.OK : Main.PARTIAL;
        }
    }
}
