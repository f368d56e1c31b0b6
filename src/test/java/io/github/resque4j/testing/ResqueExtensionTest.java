package io.github.resque4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.opentest4j.AssertionFailedError;

import io.github.resque4j.testsupport.RespClient;

/**
 * The extension's lifecycle, proven by running small {@code @ResqueTest} classes through a JUnit launcher (on
 * this test's Redis, passed as {@value ResqueExtension#REDIS_URL_PARAMETER}) and looking at Redis afterwards.
 */
@ResqueTest
class ResqueExtensionTest {
    private static final String SCENARIO = "resque4j.testing.scenario";
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    private TestExecutionSummary run(RedisServer server, Class<?> scenario) {
        SEEN.clear();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(scenario))
                .configurationParameter(ResqueExtension.REDIS_URL_PARAMETER, server.uri())
                .configurationParameter(SCENARIO, "true")
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(RedisServer server, String namespace) {
        try (RespClient raw = RespClient.connect(server)) {
            return (List<String>) raw.call("KEYS", namespace + ":*");
        }
    }

    @Test
    void eachTestGetsAFreshNamespaceThatIsDeletedAfterItEvenWhenItFails(RedisServer server) {
        TestExecutionSummary summary = run(server, PerTest.class);

        assertEquals(3, summary.getTestsStartedCount());
        assertEquals(1, summary.getTestsFailedCount());
        assertEquals(3, SEEN.size());
        assertEquals(3, SEEN.stream().distinct().count(), SEEN::toString);
        for (String ns : SEEN) {
            assertEquals(List.of(), keys(server, ns), ns);
        }
        Throwable failure = summary.getFailures().get(0).getException();
        assertInstanceOf(AssertionFailedError.class, failure);
        assertEquals("Missing with any arguments", ((AssertionFailedError) failure).getExpected().getEphemeralValue());
    }

    @Test
    void aKitResolvedInBeforeAllIsSharedByTheClassAndDeletedAfterIt(RedisServer server) {
        TestExecutionSummary summary = run(server, PerClass.class);

        assertEquals(2, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
        assertEquals(1, SEEN.stream().distinct().count(), SEEN::toString);
        assertEquals(List.of(), keys(server, SEEN.get(0)));
    }

    @Test
    void aFixedNamespaceIsClearedBeforeAndAfterEachTest(RedisServer server, ResqueTestKit kit) {
        try (ResqueTestKit leftOver = ResqueTestKit.create(kit.config().mutate().namespace(Fixed.NS).build())) {
            leftOver.client().enqueue("q", "FromAnEarlierRun");
        }

        TestExecutionSummary summary = run(server, Fixed.class);

        assertEquals(2, summary.getTestsSucceededCount(), () -> summary.getFailures().toString());
        assertEquals(List.of(Fixed.NS, Fixed.NS), SEEN);
        assertEquals(List.of(), keys(server, Fixed.NS));
    }

    @Test
    void theConfiguredRedisWinsOverTheEnvironmentWhichWinsOverALocalProcess() {
        RedisServer configured = ResqueExtension.findServer(Optional.of(" redis://h1:7001/3 "),
                Map.of("REDIS_URL", "redis://h2:7002/0")).orElseThrow();
        assertEquals("redis://h1:7001/3", configured.uri());
        RedisServer env = ResqueExtension.findServer(Optional.empty(),
                Map.of("REDIS_URL", "redis://:secret@h2:7002/4")).orElseThrow();
        assertEquals("redis://:secret@h2:7002/4", env.uri());
        assertEquals(7002, env.port());
        assertTrue(!env.kind().contains("secret"), env.kind());
        assertEquals(Optional.empty(), ResqueExtension.findServer(Optional.empty(), Map.of("PATH", "/nonexistent")));
    }

    @Test
    void testsInOneRunShareOneServer(RedisServer server, ResqueTestKit kit) {
        assertTrue(kit.config().redis().orElseThrow().address().endsWith(":" + server.port()),
                kit.config().toString());
        assertNotEquals("resque", kit.namespace());
    }

    /** Runs scenario classes only when this test launches them, never on their own. */
    static final class OnlyWhenLaunched implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ec) {
            return ec.getConfigurationParameter(SCENARIO).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by ResqueExtensionTest")
                    : ConditionEvaluationResult.disabled("a scenario run by ResqueExtensionTest");
        }
    }

    @ResqueTest
    @ExtendWith(OnlyWhenLaunched.class)
    static class PerTest {
        @Test
        void one(ResqueTestKit kit) {
            SEEN.add(kit.namespace());
            kit.client().enqueue("q", "A", 1);
        }

        @Test
        void two(ResqueTestKit kit) {
            SEEN.add(kit.namespace());
            kit.client().enqueue("q", "A", 2);
            kit.assertEnqueued("q", "A", 2);
        }

        @Test
        void failing(ResqueTestKit kit) {
            SEEN.add(kit.namespace());
            kit.client().enqueue("q", "A", 3);
            kit.assertEnqueued("q", "Missing");
        }
    }

    @ResqueTest
    @ExtendWith(OnlyWhenLaunched.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerClass {
        private static ResqueTestKit shared;

        @BeforeAll
        static void init(ResqueTestKit kit) {
            shared = kit;
            kit.client().enqueue("q", "Setup");
        }

        @Test
        void a(ResqueTestKit kit) {
            assertSame(shared, kit);
            SEEN.add(kit.namespace());
            kit.client().enqueue("q", "A");
            kit.assertQueueSize("q", 2);
        }

        @Test
        void b(ResqueTestKit kit) {
            assertSame(shared, kit);
            SEEN.add(kit.namespace());
            kit.assertQueueSize("q", 2); // a's job is still there: the class shares one namespace
        }
    }

    @ResqueTest(namespace = Fixed.NS)
    @ExtendWith(OnlyWhenLaunched.class)
    static class Fixed {
        static final String NS = "resque4j-fixed-scenario";

        @Test
        void one(ResqueTestKit kit) {
            SEEN.add(kit.namespace());
            kit.assertQueueSize("q", 0);
            kit.client().enqueue("q", "One");
        }

        @Test
        void two(ResqueTestKit kit) {
            SEEN.add(kit.namespace());
            kit.assertQueueSize("q", 0);
            kit.client().enqueue("q", "Two");
        }
    }
}
