package io.github.resque4j.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.UnknownJobClassException;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.security.jobs.GoodJob;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * A payload's {@code "class"} is untrusted text. A real worker pool fails every payload that names a JDK class,
 * a non-handler or abstract class in an allow-listed package, or an unregistered Ruby class, with
 * {@link UnknownJobClassException}; keeps working; never initializes or instantiates the named class; and
 * never even asks the class loader for a name outside the allow-listed packages.
 */
@ExtendWith(RedisExtension.class)
class JobClassLoadingTest {
    private static final String ALLOWED = "io.github.resque4j.security.jobs";

    /** Payload class names that must never run, and why each is interesting. */
    private static final List<String> HOSTILE = List.of(
            "java.lang.Runtime", // Runtime.getRuntime().exec(...)
            "java.lang.ProcessBuilder", // new ProcessBuilder(args).start()
            "javax.script.ScriptEngineManager", // a script engine: arbitrary code
            ALLOWED + ".NotAJob", // allow-listed package, not a JobHandler, static initializer
            "NotAJob", // the same, through Ruby-name mapping into the allowed package
            ALLOWED + ".AbstractJob", // a JobHandler, but abstract, static initializer
            "Foo::Bar", // an unregistered Ruby class
            "java.lang.Runtime\u0000", // odd bytes around a JDK name
            "../../java/lang/Runtime", // path-like name
            "io.github.resque4j.security.jobsX.Evil"); // prefix of the allowed package, but another package

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final RubyJson json = RubyJson.jsonGem();

    @BeforeEach
    void reset() {
        GoodJob.RAN.clear();
    }

    /** A loader that records every name it is asked for, delegating to the test class path. */
    private static final class RecordingLoader extends ClassLoader {
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super(JobClassLoadingTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void hostilePayloadsFailCleanlyAndTheWorkerKeepsWorking(RedisKit kit) {
        RecordingLoader loader = new RecordingLoader();
        JobRegistry registry = JobRegistry.builder().classLoader(loader).allowPackage(ALLOWED)
                .register("Good", job -> ran.add("Good" + job.args())).build();
        for (String name : HOSTILE) {
            kit.call("RPUSH", kit.ns().key("queue:jobs"), json.encode(Map.of("class", name, "args", List.of("rm -rf /"))));
        }
        kit.call("RPUSH", kit.ns().key("queue:jobs"), "{\"class\":\"" + ALLOWED + ".GoodJob\",\"args\":[1]}");
        kit.call("RPUSH", kit.ns().key("queue:jobs"), "{\"class\":\"Good\",\"args\":[2]}");
        kit.call("SADD", kit.ns().key("queues"), "jobs");

        try (WorkerPool pool = WorkerPool.create(kit.config(), WorkerOptions.builder(registry, "jobs")
                .pollTimeout(Duration.ofMillis(200)).build())) {
            pool.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> ran.size() == 1 && GoodJob.RAN.size() == 1);
            assertThat(pool.failedCount()).isEqualTo(HOSTILE.size());
            assertThat(pool.processedCount()).isEqualTo(HOSTILE.size() + 2);
        }
        assertThat(ran).containsExactly("Good[2]");
        assertThat(GoodJob.RAN).containsExactly("[1]");

        List<String> failed = kit.list("failed");
        assertThat(failed).hasSize(HOSTILE.size());
        List<String> names = new ArrayList<>();
        for (String raw : failed) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) json.decode(raw);
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = (Map<String, Object>) entry.get("payload");
            String name = (String) payload.get("class");
            names.add(name);
            assertThat(entry.get("exception")).isEqualTo(UnknownJobClassException.class.getName());
            assertThat(entry.get("queue")).isEqualTo("jobs");
            assertThat((String) entry.get("error")).as(name).contains("'" + name + "'")
                    .containsAnyOf("no job handler for class", "does not implement", "is abstract");
        }
        assertThat(names).containsExactlyElementsOf(HOSTILE);
        assertThat(kit.get("stat:failed")).isEqualTo(String.valueOf(HOSTILE.size()));

        // Nothing was initialized or constructed ...
        assertThat(ProbeLog.INITIALIZED).isEmpty();
        // ... and the loader was only ever asked for names inside the allow-listed package.
        assertThat(loader.asked).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith(ALLOWED + "."));
        assertThat(loader.asked).doesNotContain("java.lang.Runtime", "java.lang.ProcessBuilder",
                "javax.script.ScriptEngineManager");
    }

    @Test
    void withoutAnAllowListNoClassIsLookedUpAtAll(RedisKit kit) {
        RecordingLoader loader = new RecordingLoader();
        JobRegistry registry = JobRegistry.builder().classLoader(loader)
                .register("Good", job -> ran.add("Good" + job.args())).build();
        for (String name : HOSTILE) {
            kit.call("RPUSH", kit.ns().key("queue:jobs"), json.encode(Map.of("class", name, "args", List.of())));
        }
        kit.call("RPUSH", kit.ns().key("queue:jobs"), "{\"class\":\"Good\",\"args\":[3]}");
        try (WorkerPool pool = WorkerPool.create(kit.config(), WorkerOptions.builder(registry, "jobs")
                .pollTimeout(Duration.ofMillis(200)).build())) {
            pool.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> ran.size() == 1);
            assertThat(pool.failedCount()).isEqualTo(HOSTILE.size());
        }
        assertThat(kit.list("failed")).hasSize(HOSTILE.size())
                .allSatisfy(raw -> assertThat(raw).contains("\"exception\":\"" + UnknownJobClassException.class.getName()));
        assertThat(loader.asked).isEmpty();
        assertThat(ProbeLog.INITIALIZED).isEmpty();
    }

    @Test
    void evenAllowListingAJdkPackageNeverRunsANonHandler() {
        // A misconfiguration: the type check still refuses everything that is not a concrete JobHandler.
        JobRegistry registry = JobRegistry.builder().allowPackage("java.lang").allowPackage("javax.script").build();
        for (String name : List.of("java.lang.Runtime", "java.lang.ProcessBuilder", "javax.script.ScriptEngineManager",
                "java.lang.Thread")) {
            assertThatThrownBy(() -> registry.require(name)).isInstanceOf(UnknownJobClassException.class)
                    .hasMessageContaining("does not implement " + io.github.resque4j.worker.JobHandler.class.getName())
                    .satisfies(e -> assertThat(((UnknownJobClassException) e).className()).isEqualTo(name));
        }
    }
}
