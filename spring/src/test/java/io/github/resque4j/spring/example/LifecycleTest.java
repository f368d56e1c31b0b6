package io.github.resque4j.spring.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.spring.ResqueJob;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.JobHandler;

/** The workers live and die with the application context, and closing it lets a running job finish. */
@ExtendWith(RedisExtension.class)
class LifecycleTest {

    @Test
    void closingTheContextLetsTheRunningJobFinishWithEveryBeanStillThere(RedisKit kit) throws Exception {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ExampleApplication.class, SlowJob.class)
                .web(WebApplicationType.NONE)
                // Command-line arguments: they win over the example's application.properties (the local Redis).
                .run("--resque4j.redis-url=" + kit.server().uri(), "--resque4j.namespace=" + kit.ns().name(),
                        "--resque4j.queues=slow", "--resque4j.worker.poll-timeout=200ms");
        SlowJob slow = ctx.getBean(SlowJob.class);
        List<String> workers = kit.members("workers");
        assertThat(workers).hasSize(2); // registered in Resque once the context is up
        kit.client().enqueue("slow", "Slow::Job");
        assertThat(slow.started.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(ctx::close);
        // The close waits for the job: the workers stay registered, one of them busy with it.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone()
                && kit.members("workers").size() == 2);
        slow.release.countDown();
        closing.get(20, TimeUnit.SECONDS);

        // The job finished normally and could still use the ResqueClient bean while the context was closing.
        assertThat(kit.get("stat:processed")).isEqualTo("1");
        assertThat(kit.get("stat:failed")).isNull();
        assertThat(kit.list("queue:followup")).hasSize(1);
        // Unregistered as Ruby's worker shutdown does.
        assertThat(kit.members("workers")).isEmpty();
        assertThat(kit.call("HKEYS", kit.ns().key("workers:heartbeat"))).isEqualTo(List.of());
    }

    /** A job that waits for the test, then enqueues a follow-up through the application's client. */
    @Configuration(proxyBeanMethods = false)
    static class SlowJob {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Bean
        @ResqueJob("Slow::Job")
        JobHandler slowJob(ResqueClient client) {
            return job -> {
                started.countDown();
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                client.enqueue("followup", "Mailer::Deliver", 1, "done");
            };
        }
    }
}
