package io.github.resque4j.testing;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.RedisConnection;

/**
 * JUnit 5 extension behind {@link ResqueTest @ResqueTest}: resolves {@link ResqueTestKit} and
 * {@link RedisServer} parameters of test, lifecycle and constructor methods.
 *
 * <h2>Which Redis</h2>
 * The one the JUnit configuration parameter {@value #REDIS_URL_PARAMETER} or else the environment variable
 * {@code REDIS_URL} names (e.g. a CI service container; its user, password, database and TLS are used), otherwise a {@code redis-server} child process started on a free loopback port ({@link LocalRedisProcess};
 * needs {@code redis-server} on the {@code PATH}), otherwise the test fails saying so (or is skipped with
 * {@link ResqueTest#skipWithoutRedis()}). One server and one shared connection serve the whole test run and
 * are closed at its end.
 *
 * <h2>Isolation</h2>
 * Each test method gets a kit on a fresh namespace ({@code rt-<TestClass>-<random>}), so tests never see each
 * other's keys, may run in parallel, and an external Redis is safe to share; the namespace's keys are deleted
 * after the test. A kit resolved in {@code @BeforeAll} (or a per-class constructor) belongs to the class: its
 * tests share it and it is cleared after the last one. With {@link ResqueTest#namespace()} set, every kit uses
 * that namespace and it is cleared before and after each test.
 */
public final class ResqueExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
    private static final Logger LOG = LoggerFactory.getLogger(ResqueExtension.class);
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ResqueExtension.class);
    private static final String KIT = "kit";
    /**
     * JUnit configuration parameter (e.g. in {@code junit-platform.properties}) naming the Redis to use; it wins
     * over the {@code REDIS_URL} environment variable.
     */
    public static final String REDIS_URL_PARAMETER = "resque4j.testing.redis-url";

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> t = pc.getParameter().getType();
        return t == ResqueTestKit.class || t == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Shared shared = shared(ec);
        if (pc.getParameter().getType() == RedisServer.class) {
            return shared.server;
        }
        return ec.getStore(STORE).getOrComputeIfAbsent(KIT, k -> newKit(ec, shared), ResqueTestKit.class);
    }

    private static ResqueTestKit newKit(ExtensionContext ec, Shared shared) {
        Optional<ResqueTest> settings = settings(ec);
        String fixed = settings.map(ResqueTest::namespace).orElse("");
        String ns = fixed.isEmpty()
                ? "rt-" + ec.getTestClass().map(Class::getSimpleName).orElse("test") + "-"
                        + UUID.randomUUID().toString().substring(0, 8)
                : fixed;
        ResqueConfig.Builder config = ResqueConfig.builder().redis(shared.server.uri()).namespace(ns);
        settings.ifPresent(s -> config.jsonProfile(s.jsonProfile()));
        long drainSeconds = settings.map(ResqueTest::drainTimeoutSeconds).orElse(30L);
        ResqueTestKit kit = ResqueTestKit.sharing(config.build(), shared.connection, Duration.ofSeconds(drainSeconds));
        if (!fixed.isEmpty()) {
            kit.clear(); // a fixed namespace may hold an earlier test's (or run's) keys
        }
        return kit;
    }

    @Override
    public void afterEach(ExtensionContext ec) {
        closeKit(ec);
    }

    @Override
    public void afterAll(ExtensionContext ec) {
        closeKit(ec);
    }

    /** Clears and closes the kit this context made (one a parent context made is left to that context). */
    private static void closeKit(ExtensionContext ec) {
        ResqueTestKit kit = ec.getStore(STORE).remove(KIT, ResqueTestKit.class);
        if (kit != null) {
            try {
                kit.clear();
            } finally {
                kit.close();
            }
        }
    }

    /** The nearest {@code @ResqueTest}: on the method, its class, or an enclosing class of a nested test. */
    private static Optional<ResqueTest> settings(ExtensionContext ec) {
        for (Optional<ExtensionContext> c = Optional.of(ec); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            Optional<ResqueTest> found = element.flatMap(e -> AnnotationSupport.findAnnotation(e, ResqueTest.class));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Shared shared(ExtensionContext ec) {
        boolean skip = settings(ec).map(ResqueTest::skipWithoutRedis).orElse(false);
        Shared shared = ec.getRoot().getStore(STORE).getOrComputeIfAbsent(Shared.class.getName(),
                k -> Shared.start(findServer(ec.getConfigurationParameter(REDIS_URL_PARAMETER), System.getenv())),
                Shared.class);
        if (shared.server == null) {
            String why = "no Redis for this test: set REDIS_URL (e.g. redis://127.0.0.1:6379/15) or put "
                    + "redis-server on the PATH";
            if (skip) {
                throw new TestAbortedException(why);
            }
            throw new ExtensionConfigurationException(why);
        }
        return shared;
    }

    /**
     * @param configured the {@value #REDIS_URL_PARAMETER} configuration parameter
     * @param env the environment ({@code REDIS_URL}, {@code PATH})
     * @return the Redis the tests of this run use, started if it is a local process; empty if there is none
     */
    static Optional<RedisServer> findServer(Optional<String> configured, Map<String, String> env) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return Optional.of(RedisServer.external(configured.get().trim()));
        }
        Optional<RedisServer> external = RedisServer.fromEnvironment(env);
        if (external.isPresent()) {
            return external;
        }
        return LocalRedisProcess.available(env.getOrDefault("PATH", "")) ? Optional.of(LocalRedisProcess.start())
                : Optional.empty();
    }

    /** The run-wide server and connection; JUnit closes it with the root context at the end of the run. */
    @SuppressWarnings("deprecation") // CloseableResource: what JUnit before 5.13 closes; 5.13+ closes AutoCloseable
    private static final class Shared implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final RedisServer server;
        private final RedisConnection connection;
        private boolean closed;

        private Shared(RedisServer server, RedisConnection connection) {
            this.server = server;
            this.connection = connection;
        }

        static Shared start(Optional<RedisServer> found) {
            if (found.isEmpty()) {
                return new Shared(null, null); // remembered, so every test reports it without searching again
            }
            RedisServer server = found.get();
            LOG.info("resque4j test kit uses {}", server.kind());
            try {
                // Blocking polls of drain workers and parallel tests share it: more than the default 8.
                ResqueConfig config = ResqueConfig.builder().redis(server.uri()).connectionPoolSize(16).build();
                return new Shared(server, RedisConnection.open(config, 0));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (connection != null) {
                    connection.close();
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }
}
