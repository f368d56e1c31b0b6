package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.cli.Main;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RubyResque;

/**
 * The {@code resque4j} CLI on failures a real Ruby worker wrote; Ruby's {@code Resque::Failure} and resque-web agree
 * with the result, and a CLI requeue runs on the Ruby worker (skipped without RESQUE_RUBY_LIB).
 */
@ExtendWith(RedisExtension.class)
class RubyCliInteropTest {
    private final RubyJson json = RubyJson.jsonGem();

    private String cli(RedisKit kit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--redis", kit.server().uri(), "--namespace", kit.ns().name()));
        StringWriter out = new StringWriter();
        int code = Main.run(all.toArray(new String[0]), new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).as(String.join(" ", args)).isZero();
        return out.toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void cliListsRequeuesAndRemovesRubyFailures(RedisKit kit) throws Exception {
        RubyResque.assumeAvailable();
        try (RubyResque ruby = RubyResque.start(kit.server(), kit.ns().name());
                RubyResque.RubyWorker worker = RubyResque.startWorker(kit.server(), kit.ns().name(), "default");
                RubyResque.RubyWeb web = RubyResque.startWeb(kit.server(), kit.ns().name())) {
            kit.client().enqueue("default", "FailingJob", 1);
            kit.client().enqueue("default", "FailingJob", 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> kit.list("failed").size() == 2);

            List<Map<String, Object>> listed = (List<Map<String, Object>>) json.decode(cli(kit, "failed", "list",
                    "--json").trim());
            assertThat(listed).hasSize(2).allSatisfy(e -> {
                assertThat(e).containsEntry("exception", "ArgumentError").containsEntry("worker", worker.id());
                assertThat((String) e.get("failed_at")).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+");
            });

            // Requeue through the CLI: the Ruby worker runs it (and FailingJob fails again: a third entry).
            assertThat(cli(kit, "failed", "requeue", "0")).contains("requeued failure 0");
            await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(3).equals(ruby.call("failure_count")));
            Map<String, Object> first = (Map<String, Object>) ((List<Object>) ruby.call("failure_all", 0, 1)).get(0);
            assertThat(first).containsKey("retried_at");

            // Remove through the CLI: Ruby's Failure API agrees.
            cli(kit, "failed", "remove", "1");
            assertThat(ruby.call("failure_count")).isEqualTo(2);
            List<Object> rubyView = (List<Object>) ruby.call("failure_all", 0, 10);
            assertThat(rubyView).hasSize(2);
            assertThat(((Map<String, Object>) rubyView.get(1)).get("payload"))
                    .isEqualTo(Map.of("class", "FailingJob", "args", List.of(1)));

            // resque-web renders the result, including the retried marker.
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                    URI.create(web.baseUrl() + "/failed")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode() == 200);
            String page = http.send(HttpRequest.newBuilder(URI.create(web.baseUrl() + "/failed")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("FailingJob").contains("ArgumentError").containsIgnoringCase("retried");
        }
    }
}
