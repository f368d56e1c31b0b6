package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/** Real resque-web renders Java workers, what they work on, their stats and their failures. */
@ExtendWith(RedisExtension.class)
class ResqueWebInteropTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webPagesShowJavaWorkersJobsStatsAndFailures(ResqueConfig config, RedisServer server, TestNamespace ns)
            throws Exception {
        RubyResque.assumeAvailable();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobRegistry reg = JobRegistry.builder()
                .register("Reports::Build", job -> {
                    inside.countDown();
                    release.await(30, TimeUnit.SECONDS);
                })
                .register("Broken", job -> {
                    throw new IllegalStateException("java says no");
                }).build();
        try (ResqueClient client = ResqueClient.create(config);
                WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(reg, "default").concurrency(2)
                        .pollTimeout(Duration.ofMillis(200)).build());
                RubyResque.RubyWeb web = RubyResque.startWeb(server, ns.name())) {
            client.enqueue("default", "Broken", 1);
            pool.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.failedCount() == 1);
            client.enqueue("default", "Reports::Build", 2026, "nov");
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> get(web.baseUrl() + "/overview").statusCode() == 200);

            String id = pool.workerIds().get(0);
            for (String page : new String[] {"/overview", "/workers", "/working", "/failed", "/queues/default",
                "/stats/resque", "/stats/redis", "/stats/keys", "/workers/" + URLEncoder.encode(id,
                        StandardCharsets.UTF_8).replace("%3A", ":").replace("%2C", ",")}) {
                HttpResponse<String> r = get(web.baseUrl() + page);
                assertThat(r.statusCode()).as(page).isEqualTo(200);
            }
            String workers = get(web.baseUrl() + "/workers").body();
            for (String w : pool.workerIds()) {
                String host = w.split(":")[0];
                assertThat(workers).as("worker " + w).contains(host);
            }
            assertThat(get(web.baseUrl() + "/working").body()).contains("Reports::Build").contains("2026");
            String failed = get(web.baseUrl() + "/failed").body();
            assertThat(failed).contains("java.lang.IllegalStateException").contains("java says no").contains("Broken");
            assertThat(get(web.baseUrl() + "/stats/resque").body()).contains("processed");
            release.countDown();
        }
    }
}
