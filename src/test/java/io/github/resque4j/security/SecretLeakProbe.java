package io.github.resque4j.security;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.commons.lang3.exception.ExceptionUtils;

import io.github.resque4j.cli.Main;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.failure.Failures;
import io.github.resque4j.worker.FailureBackend;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Run in a child JVM by {@link SecretLeakTest} with every logger at TRACE: uses the right password, a wrong
 * one and an unreachable endpoint through the client, a worker pool, the failure API and the CLI, printing
 * every exception's stack trace and the CLI's output, so the test can search all of it for the passwords.
 *
 * <p>Arguments: {@code port password wrongPassword deadPort namespace}.
 */
public final class SecretLeakProbe {
    private SecretLeakProbe() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String password = args[1];
        String wrong = args[2];
        int deadPort = Integer.parseInt(args[3]);
        String ns = args[4];
        String good = uri(password, port);
        ResqueConfig config = ResqueConfig.builder().redis(good).namespace(ns).build();
        System.out.println("config: " + config + " endpoint: " + config.redis().orElseThrow());

        try (ResqueClient client = ResqueClient.create(config);
                Failures failures = Failures.create(config, FailureBackend.REDIS)) {
            client.enqueue("probe", "Ok", 1);
            client.enqueue("probe", "Boom", 2);
            JobRegistry registry = JobRegistry.builder().register("Ok", job -> { })
                    .register("Boom", job -> {
                        throw new IllegalStateException("boom");
                    }).build();
            try (WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry, "probe")
                    .pollTimeout(Duration.ofMillis(200)).build())) {
                pool.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (pool.processedCount() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                System.out.println("processed " + pool.processedCount() + " failed " + pool.failedCount());
            }
            System.out.println("failures " + failures.count() + " info " + client.info());
        }
        cli(good, ns, "--json", "info");

        for (String uri : List.of(uri(wrong, port), uri(password, deadPort))) {
            ResqueConfig bad = ResqueConfig.builder().redis(uri).namespace(ns).connectTimeout(Duration.ofMillis(500))
                    .build();
            System.out.println("bad config: " + bad);
            try (ResqueClient client = ResqueClient.create(bad)) {
                client.size("probe");
                System.out.println("UNEXPECTED: no failure for " + bad);
            } catch (RuntimeException e) {
                System.out.println(ExceptionUtils.getStackTrace(e));
            }
            cli(uri, ns, "--json", "info");
        }
        System.out.println("PROBE-DONE");
        System.out.flush();
        System.exit(0);
    }

    static String uri(String password, int port) {
        return "redis://app:" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@127.0.0.1:" + port + "/0";
    }

    private static void cli(String uri, String ns, String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "--redis";
        full[1] = uri;
        full[2] = "--namespace";
        full[3] = ns;
        System.arraycopy(args, 0, full, 4, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(full, new PrintWriter(out), new PrintWriter(err));
        System.out.println("cli " + String.join(" ", args) + " -> " + code + "\nstdout: " + out + "\nstderr: " + err);
    }
}
