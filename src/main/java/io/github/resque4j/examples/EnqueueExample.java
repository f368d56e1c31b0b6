package io.github.resque4j.examples;

import java.util.List;
import java.util.Map;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.client.ResqueInfo;
import io.github.resque4j.config.ResqueConfig;

/**
 * Enqueues a few jobs into a local Resque deployment, exactly as Ruby's {@code Resque.enqueue} would, and
 * prints what Ruby's {@code Resque.info} would show. Redis comes from {@code RESQUE_REDIS_URL} (default
 * {@code redis://127.0.0.1:6379/0}), the namespace from {@code RESQUE_NAMESPACE} (default {@code resque}).
 */
public final class EnqueueExample {
    private EnqueueExample() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        ResqueConfig config = ResqueConfig.fromEnvironment(System.getenv()).build();
        try (ResqueClient resque = ResqueClient.create(config)) {
            resque.enqueue("mailers", "Mailer::Deliver", 42, "welcome", Map.of("locale", "en"));
            resque.enqueue("default", "ReportJob", List.of("2026-11", "2026-12"), 0.25);
            resque.enqueue("default", "NoopJob");
            System.out.println("Enqueued 3 jobs into " + config.describeEndpoint() + " namespace '"
                    + config.namespace() + "'");
            System.out.println("next on mailers: " + resque.peek("mailers").map(p -> p.raw()).orElse("(empty)"));
            ResqueInfo info = resque.info();
            System.out.printf("pending=%d processed=%d queues=%d workers=%d working=%d failed=%d%n", info.pending(),
                    info.processed(), info.queues(), info.workers(), info.working(), info.failed());
            resque.queueSizes().forEach((q, n) -> System.out.println("  queue " + q + ": " + n));
        }
    }
}
