package io.github.resque4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.TestNamespace;

/** Micrometer is an optional dependency: nothing but {@code metrics.micrometer} may need it. */
@ExtendWith(RedisExtension.class)
class MicrometerIsOptionalTest {
    private static final String MICROMETER_PACKAGE = "io/github/resque4j/metrics/micrometer/";

    @Test
    void onlyTheMicrometerPackageReferencesMicrometer() throws IOException {
        Path classes = Path.of(MetricsSampler.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> referencing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                // Every class a class file names sits in its constant pool as a UTF-8 string.
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("io/micrometer/")) {
                    referencing.add(classes.relativize(f).toString().replace(File.separatorChar, '/'));
                }
            }
        }
        assertThat(referencing).isNotEmpty().allMatch(name -> name.startsWith(MICROMETER_PACKAGE));
    }

    @Test
    void workersRunWithMetricsWhenMicrometerIsAbsent(RedisServer server, TestNamespace ns) throws Exception {
        try (NoMicrometerLoader loader = new NoMicrometerLoader()) {
            // Proves the loader really hides Micrometer.
            assertThatThrownBy(() -> Class.forName("io.github.resque4j.metrics.micrometer.MicrometerResqueMetrics",
                    true, loader).getMethod("create", loader.loadClass("io.micrometer.core.instrument.MeterRegistry")))
                    .isInstanceOfAny(ClassNotFoundException.class, NoClassDefFoundError.class);
            loader.attempts.clear();

            Class<?> scenario = loader.loadClass(NoMicrometerScenario.class.getName());
            assertThat(scenario.getClassLoader()).isSameAs(loader);
            @SuppressWarnings("unchecked")
            Callable<List<String>> run = (Callable<List<String>>) scenario.getConstructor(String.class, String.class)
                    .newInstance(server.uri(), ns.name());
            List<String> events = run.call();

            assertThat(events).contains("finished NoopJob ok", "finished FailingJob failed", "workers 1",
                    "sizes {q=0}");
            assertThat(loader.attempts).isEmpty();
        }
    }

    /** Loads everything on the test class path itself, except Micrometer, whose every lookup it records. */
    private static final class NoMicrometerLoader extends URLClassLoader {
        final List<String> attempts = java.util.Collections.synchronizedList(new ArrayList<>());

        NoMicrometerLoader() {
            super(classPathWithoutMicrometer(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classPathWithoutMicrometer() {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!entry.contains("micrometer")) {
                    try {
                        urls.add(new File(entry).toURI().toURL());
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return urls.toArray(new URL[0]);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.micrometer.")) {
                attempts.add(name);
                throw new ClassNotFoundException(name + " (hidden by the test)");
            }
            return super.loadClass(name, resolve);
        }
    }
}
