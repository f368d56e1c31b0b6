package io.github.resque4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resque4j.JobArgumentException;
import io.github.resque4j.Payload;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.metrics.MetricNames;
import io.github.resque4j.metrics.ResqueMetrics;
import io.github.resque4j.metrics.micrometer.MicrometerResqueMetrics;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.TestNamespace;
import io.github.resque4j.worker.FailureBackend;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerListener;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The auto-configuration's beans and conditions, on a real Redis. */
@ExtendWith(RedisExtension.class)
class ResqueAutoConfigurationTest {
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp(RedisServer server, TestNamespace ns) {
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResqueAutoConfiguration.class,
                        ResqueMetricsAutoConfiguration.class, ResqueHealthAutoConfiguration.class))
                .withPropertyValues("resque4j.redis-url=" + server.uri(), "resque4j.namespace=" + ns.name(),
                        "resque4j.worker.poll-timeout=200ms");
    }

    @Test
    void propertiesMakeTheConfigAndAStartedPool() {
        runner.withPropertyValues("resque4j.queues=critical,mail*,!mailbox", "resque4j.concurrency=3",
                "resque4j.json-profile=oj-compat", "resque4j.worker.shutdown-timeout=5s",
                "resque4j.worker.job-timeout=2s", "resque4j.worker.failure-backend=redis-multi-queue",
                "resque4j.worker.hostname=springhost").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ResqueConfig config = ctx.getBean(ResqueConfig.class);
                    assertThat(config.jsonProfile()).isEqualTo(io.github.resque4j.json.JsonProfile.OJ_COMPAT);
                    WorkerOptions options = ctx.getBean(WorkerOptions.class);
                    assertThat(options.queues()).containsExactly("critical", "mail*", "!mailbox");
                    assertThat(options.concurrency()).isEqualTo(3);
                    assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(options.jobTimeout("Any")).contains(Duration.ofSeconds(2));
                    assertThat(options.failureBackend()).isEqualTo(FailureBackend.REDIS_MULTI_QUEUE);
                    assertThat(options.installShutdownHook()).isFalse();
                    WorkerPool pool = ctx.getBean(WorkerPool.class);
                    assertThat(pool.workerIds()).hasSize(3).allMatch(id -> id.startsWith("springhost"));
                    assertThat(ctx.getBean(ResqueWorkerLifecycle.class).isRunning()).isTrue();
                    assertThat(ctx).hasSingleBean(ResqueHealthIndicator.class).doesNotHaveBean(ResqueMetrics.class);
                    assertThat(ctx.getBean(ResqueMetricsSamplerLifecycle.class).isRunning()).isFalse();
                });
    }

    @Test
    void switchedOffEntirely() {
        runner.withPropertyValues("resque4j.enabled=false").withBean(SimpleMeterRegistry.class)
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(ResqueClient.class)
                        .doesNotHaveBean(WorkerPool.class).doesNotHaveBean(ResqueMetrics.class)
                        .doesNotHaveBean(ResqueHealthIndicator.class));
    }

    @Test
    void producerOnlyApplication() {
        runner.withPropertyValues("resque4j.worker.enabled=false").run(ctx -> assertThat(ctx).hasNotFailed()
                .hasSingleBean(ResqueClient.class).doesNotHaveBean(WorkerPool.class)
                .doesNotHaveBean(JobRegistry.class).doesNotHaveBean(ResqueHealthIndicator.class));
    }

    @Test
    void micrometerMetricsWhenThereIsARegistry() {
        runner.withBean(SimpleMeterRegistry.class).withUserConfiguration(Handlers.class)
                .withPropertyValues("resque4j.queues=q", "resque4j.metrics.sample-interval=200ms").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(ResqueMetrics.class)).isInstanceOf(MicrometerResqueMetrics.class);
                    assertThat(ctx.getBean(ResqueMetricsSamplerLifecycle.class).isRunning()).isTrue();
                    ctx.getBean(ResqueClient.class).enqueue("q", "Fn", 1);
                    MeterRegistry registry = ctx.getBean(MeterRegistry.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(MetricNames.JOBS_PROCESSED)
                            .tags("class", "Fn", "queue", "q").counter() != null);
                    await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(MetricNames.WORKERS).gauge() != null
                            && registry.find(MetricNames.QUEUE_SIZE).tags("queue", "q").gauge() != null);
                });
        runner.withBean(SimpleMeterRegistry.class).withPropertyValues("resque4j.metrics.enabled=false")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(ResqueMetrics.class));
    }

    @Test
    void startsWithoutMicrometerOrHealthOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.", "org.springframework.boot.health."))
                .withUserConfiguration(Handlers.class).run(ctx -> assertThat(ctx).hasNotFailed()
                        .hasSingleBean(WorkerPool.class).doesNotHaveBean(ResqueMetrics.class)
                        .doesNotHaveBean(ResqueHealthIndicator.class));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(ctx -> assertThat(ctx)
                .hasNotFailed().hasSingleBean(WorkerPool.class).doesNotHaveBean(ResqueHealthIndicator.class));
        runner.withPropertyValues("management.health.resque.enabled=false")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(ResqueHealthIndicator.class));
    }

    @Test
    void findsHandlersOnClassesFactoryMethodsAndMethods() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            JobRegistry registry = ctx.getBean(JobRegistry.class);
            assertThat(registry.registeredClassNames()).containsExactlyInAnyOrder("Fn", "Typed", "Typed::Alias",
                    "Method::Args", "Method::Throws", "Lambda::Job", "Customized");
            Calls calls = ctx.getBean(Calls.class);

            registry.require("Typed").perform(job("Typed", "[1]"));
            registry.require("Lambda::Job").perform(job("Lambda::Job", "[]"));
            registry.require("Method::Args").perform(job("Method::Args", "[7,[\"a\",\"b\"],{\"k\":2.5}]"));
            assertThat(calls.list).filteredOn(c -> !c.equals("started"))
                    .containsExactly("typed Typed", "lambda", "args 7 [a, b] {k=2.5} Method::Args");

            // Ruby's perform arity, and the handler's own exception unwrapped for the failure entry.
            assertThatThrownBy(() -> registry.require("Method::Args").perform(job("Method::Args", "[7]")))
                    .isInstanceOf(JobArgumentException.class).hasMessageContaining("given 1, expected 3");
            assertThatThrownBy(() -> registry.require("Method::Args").perform(job("Method::Args", "[\"x\",[],{}]")))
                    .isInstanceOf(JobArgumentException.class);
            assertThatThrownBy(() -> registry.require("Method::Throws").perform(job("Method::Throws", "[]")))
                    .isInstanceOf(IllegalStateException.class).hasMessage("from the handler");

            // WorkerListener and WorkerOptionsCustomizer beans are applied.
            assertThat(ctx.getBean(WorkerOptions.class).listeners()).contains(ctx.getBean(WorkerListener.class));
            assertThat(ctx.getBean(WorkerOptions.class).pollTimeout()).isEqualTo(Duration.ofMillis(150));
            assertThat(calls.list).contains("started");
        });
    }

    @Test
    void allowListedHandlerClassesGetTheirDependenciesInjected() {
        List<String> calls = new CopyOnWriteArrayList<>();
        runner.withBean("calls", List.class, () -> calls)
                .withPropertyValues("resque4j.worker.allowed-packages=io.github.resque4j.spring.allowed").run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    JobRegistry registry = ctx.getBean(JobRegistry.class);
                    registry.require("Greet").perform(job("Greet", "[1]"));
                    registry.require("Greet").perform(job("Greet", "[2]"));
                    assertThat(calls).hasSize(2).allMatch(c -> c.startsWith("greet "));
                    // A new instance per job, as Ruby's class per job (no Greet bean exists).
                    assertThat(calls.get(0).substring(calls.get(0).indexOf(" by ")))
                            .isNotEqualTo(calls.get(1).substring(calls.get(1).indexOf(" by ")));
                });
    }

    @Test
    void aRubyClassClaimedTwiceFailsTheStartup() {
        runner.withUserConfiguration(Handlers.class, Duplicate.class).run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("Ruby class 'Typed' is claimed twice by @ResqueJob"));
    }

    @Test
    void anAnnotatedBeanThatIsNoHandlerFailsTheStartup() {
        runner.withUserConfiguration(NotAHandler.class).run(ctx -> assertThat(ctx).hasFailed().getFailure()
                .rootCause().hasMessageContaining("is annotated @ResqueJob but is not a JobHandler"));
    }

    @Test
    void documentedDefaultsAreTheRealOnes() throws Exception {
        JsonNode props;
        try (java.io.InputStream in = getClass().getResourceAsStream(
                "/META-INF/additional-spring-configuration-metadata.json")) {
            props = new ObjectMapper().readTree(in).path("properties");
        }
        ResqueProperties defaults = new ResqueProperties();
        Map<String, Object> actual = Map.of("resque4j.redis-url", defaults.getRedisUrl(),
                "resque4j.namespace", defaults.getNamespace(),
                "resque4j.connection-pool-size", defaults.getConnectionPoolSize(),
                "resque4j.connect-timeout", defaults.getConnectTimeout(),
                "resque4j.command-timeout", defaults.getCommandTimeout(),
                "resque4j.queues", defaults.getQueues(),
                "resque4j.worker.poll-timeout", defaults.getWorker().getPollTimeout(),
                "resque4j.worker.shutdown-timeout", defaults.getWorker().getShutdownTimeout(),
                "resque4j.metrics.sample-interval", defaults.getMetrics().getSampleInterval());
        assertThat(props).hasSize(actual.size());
        for (JsonNode p : props) {
            JsonNode v = p.path("defaultValue");
            Object want = actual.get(p.path("name").asText());
            Object documented = want instanceof Duration ? DurationStyle.detectAndParse(v.asText())
                    : want instanceof Integer ? (Object) v.asInt()
                    : v.isArray() ? List.of(v.get(0).asText()) : v.asText();
            assertThat(documented).as(p.path("name").asText()).isEqualTo(want);
        }
    }

    private static JobContext job(String className, String args) {
        Payload p = Payload.parse("{\"class\":\"" + className + "\",\"args\":" + args + "}", RubyJson.jsonGem());
        return JobContext.of(p, "q", "h:1:q", JobRegistry.builder().build());
    }

    /** What the handlers were called with. */
    static final class Calls {
        final List<String> list = new CopyOnWriteArrayList<>();
    }

    @ResqueJob({"Typed", "Typed::Alias"})
    static final class TypedHandler implements JobHandler {
        private final Calls calls;

        TypedHandler(Calls calls) {
            this.calls = calls;
        }

        @Override
        public void perform(JobContext job) {
            calls.list.add("typed " + job.className());
        }
    }

    @Component
    static final class MethodHandlers {
        private final Calls calls;

        MethodHandlers(Calls calls) {
            this.calls = calls;
        }

        @ResqueJob("Method::Args")
        public void args(JobContext job, long id, List<String> names, Map<String, Double> options) {
            calls.list.add("args " + id + " " + names + " " + options + " " + job.className());
        }

        @ResqueJob("Method::Throws")
        public void fails() {
            throw new IllegalStateException("from the handler");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import({TypedHandler.class, MethodHandlers.class})
    static class Handlers {
        @Bean
        Calls calls() {
            return new Calls();
        }

        @Bean
        @ResqueJob("Lambda::Job")
        JobHandler lambdaJob(Calls calls) {
            return job -> calls.list.add("lambda");
        }

        @Bean
        @ResqueJob("Fn")
        JobHandler fn() {
            return job -> { };
        }

        @Bean
        JobRegistryCustomizer customized() {
            return b -> b.register("Customized", job -> { });
        }

        @Bean
        WorkerListener startListener(Calls calls) {
            return new WorkerListener() {
                @Override
                public void onStart(String workerId) {
                    calls.list.add("started");
                }
            };
        }

        @Bean
        WorkerOptionsCustomizer pollFaster() {
            return b -> b.pollTimeout(Duration.ofMillis(150));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Duplicate {
        @Bean
        @ResqueJob("Typed")
        JobHandler again() {
            return job -> { };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NotAHandler {
        @Bean
        @ResqueJob("Nope")
        String notAHandler() {
            return "nope";
        }
    }
}
