package io.github.resque4j.spring.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.worker.WorkerPool;

/** The example application on a real Redis: jobs enqueued in Resque's format run, and show in health and metrics. */
@ExtendWith(RedisExtension.class)
@SpringBootTest(classes = ExampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ExampleApplicationTest {
    private static final String NS = "tExample-" + UUID.randomUUID().toString().substring(0, 8);
    private static RedisServer server;
    private static RespClient raw;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @LocalServerPort
    private int port;
    @Autowired
    private ResqueClient client;
    @Autowired
    private WorkerPool pool;
    @Autowired
    private Outbox outbox;

    @BeforeAll
    static void redis(RedisServer s) {
        server = s;
        raw = RespClient.connect(s);
    }

    @AfterAll
    static void closeRaw() {
        raw.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("resque4j.redis-url", () -> server.uri());
        r.add("resque4j.namespace", () -> NS);
        r.add("resque4j.worker.poll-timeout", () -> "200ms");
        r.add("resque4j.metrics.sample-interval", () -> "200ms");
    }

    @Test
    void runsJobsFromRedisAndShowsThemInHealthAndMetrics() throws Exception {
        // What Ruby's Resque.enqueue_to writes (same bytes), into the queues the application works.
        client.enqueue("mailers", "Mailer::Deliver", 42, "welcome");
        client.enqueue("reports", "Reports::Build", 7, List.of("pdf", "csv"));
        client.enqueue("reports", "Reports::Purge", 9);           // the handler throws
        client.enqueue("reports", "Reports::Build", 8);           // wrong number of arguments
        for (int i = 0; i < 3; i++) {
            client.enqueue("backlog", "Mailer::Deliver", i, "later"); // a queue nobody works here
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.processedCount() == 4);

        assertThat(outbox.done()).containsExactlyInAnyOrder("mail welcome to user 42",
                "report 7 as [pdf, csv] from queue reports");
        // Resque's own bookkeeping, as resque-web reads it.
        assertThat(raw.call("GET", NS + ":stat:processed")).isEqualTo("4");
        assertThat(raw.call("GET", NS + ":stat:failed")).isEqualTo("2");
        String failures = String.valueOf(raw.call("LRANGE", NS + ":failed", "0", "-1"));
        assertThat(failures).contains("\"exception\":\"java.lang.IllegalArgumentException\"",
                "\"error\":\"no report 9\"", "\"exception\":\"io.github.resque4j.JobArgumentException\"",
                "wrong number of arguments for Reports::Build (given 1, expected 2)");
        assertThat((List<?>) raw.call("SMEMBERS", NS + ":workers")).hasSize(2);

        JsonNode health = get("/actuator/health");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode resque = health.path("components").path("resque");
        assertThat(resque.path("status").asText()).isEqualTo("UP");
        assertThat(resque.path("details").path("workers").asInt()).isEqualTo(2);
        assertThat(resque.path("details").path("processed").asLong()).isEqualTo(4);
        assertThat(resque.path("details").path("failed").asLong()).isEqualTo(2);

        assertThat(metric("resque.jobs.processed", "class:Reports::Build")).isEqualTo(2.0);
        assertThat(metric("resque.jobs.processed", "class:Mailer::Deliver", "queue:mailers")).isEqualTo(1.0);
        assertThat(metric("resque.jobs.failed", "class:Reports::Purge", "exception:IllegalArgumentException"))
                .isEqualTo(1.0);
        assertThat(metric("resque.jobs.failed", "exception:JobArgumentException")).isEqualTo(1.0);
        assertThat(metric("resque.job.duration", "class:Mailer::Deliver", "outcome:success")).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(metric("resque.queue.size", "queue:backlog")).isEqualTo(3.0);
            assertThat(metric("resque.workers")).isEqualTo(2.0);
            assertThat(metric("resque.workers.busy")).isEqualTo(0.0);
        });
        JsonNode names = get("/actuator/metrics").path("names");
        assertThat(names.toString()).contains("resque.jobs.processed", "resque.workers.utilization");
    }

    /** @return the first measurement (COUNT for counters and timers, VALUE for gauges) */
    private double metric(String name, String... tags) throws IOException, InterruptedException {
        StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
        }
        return get(path.toString()).path("measurements").get(0).path("value").asDouble();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return mapper.readTree(r.body());
    }
}
