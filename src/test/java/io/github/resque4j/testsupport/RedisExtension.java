package io.github.resque4j.testsupport;

import java.lang.reflect.Parameter;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testing.RedisServer;

/**
 * Gives a test a real Redis, found in this order: {@code REDIS_URL} → a Testcontainers Redis when a Docker
 * engine exists → a {@code redis-server} process on a free port → the test is skipped with the reason.
 * One server per test run (root store, closed at the end); isolation comes from a fresh namespace per test
 * (resolve a {@link ResqueConfig} or {@link TestNamespace}), never from flushing.
 */
public final class RedisExtension implements ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(RedisExtension.class);
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> t = pc.getParameter().getType();
        return t == RedisServer.class || t == ResqueConfig.class || t == TestNamespace.class || t == RedisKit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Parameter p = pc.getParameter();
        RedisServer server = server(ec);
        if (p.getType() == RedisServer.class) {
            return server;
        }
        TestNamespace ns = namespace(ec);
        if (p.getType() == TestNamespace.class) {
            return ns;
        }
        ResqueConfig config = ResqueConfig.builder().redis(server.uri()).namespace(ns.name()).build();
        if (p.getType() == ResqueConfig.class) {
            return config;
        }
        if (p.getType() == RedisKit.class) {
            // Closed by JUnit with the store at the end of the test (or class, for @BeforeAll).
            return ec.getStore(STORE).getOrComputeIfAbsent("kit", k -> new RedisKit(server, ns, config),
                    RedisKit.class);
        }
        throw new ParameterResolutionException("unsupported parameter " + p);
    }

    /** The namespace is per test method, or per class for {@code @BeforeAll} parameters. */
    private static TestNamespace namespace(ExtensionContext ec) {
        String owner = ec.getTestClass().map(Class::getSimpleName).orElse("test");
        return ec.getStore(STORE).getOrComputeIfAbsent("namespace",
                k -> new TestNamespace("t" + owner + "-" + UUID.randomUUID().toString().substring(0, 8)),
                TestNamespace.class);
    }

    /**
     * @param ec any extension context
     * @return the run-wide server, started on first use
     */
    public static RedisServer server(ExtensionContext ec) {
        return ec.getRoot().getStore(STORE).getOrComputeIfAbsent("server", k -> startServer(), RedisServer.class);
    }

    private static RedisServer startServer() {
        java.util.Optional<RedisServer> external = RedisServer.fromEnvironment(System.getenv());
        if (external.isPresent()) {
            LOG.info("tests use {}", external.get().kind());
            return external.get();
        }
        if (dockerAvailable()) {
            GenericContainer<?> c = new GenericContainer<>("redis:7.0").withExposedPorts(6379)
                    .withCommand("redis-server", "--save", "", "--appendonly", "no");
            c.start();
            LOG.info("tests use a Redis container");
            return new Container(c);
        }
        if (LocalRedisProcess.available()) {
            LocalRedisProcess p = LocalRedisProcess.start();
            LOG.info("tests use {}", p.kind());
            return p;
        }
        throw new TestAbortedException("no Redis for this test: set REDIS_URL, start a Docker engine, "
                + "or put redis-server on the PATH");
    }

    private static boolean dockerAvailable() {
        if (System.getenv("DOCKER_HOST") == null && !new java.io.File("/var/run/docker.sock").exists()) {
            // Skip Testcontainers' own discovery, which takes seconds to fail on a machine with no engine.
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A Testcontainers Redis. */
    private static final class Container implements RedisServer {
        private final GenericContainer<?> container;

        Container(GenericContainer<?> container) {
            this.container = container;
        }

        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public int port() {
            return container.getMappedPort(6379);
        }

        @Override
        public String kind() {
            return "container";
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
