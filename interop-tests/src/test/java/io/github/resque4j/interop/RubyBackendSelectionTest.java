package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.resque4j.testsupport.RubyContainer;
import io.github.resque4j.testsupport.RubyResque;
import io.github.resque4j.testsupport.RubyResque.Backend;
import io.github.resque4j.testsupport.RubyResque.Selection;

/**
 * How the Ruby backend is chosen (container, local Ruby, or skip with a how-to), from given inputs; needs neither
 * Docker nor Ruby.
 */
class RubyBackendSelectionTest {
    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;

    private final Map<String, String> env = new HashMap<>();
    private Path lib;

    @BeforeEach
    void fakeLocalRuby(@TempDir Path dir) throws IOException {
        lib = Files.createDirectories(dir.resolve("resque/lib"));
        Files.writeString(lib.resolve("resque.rb"), "# not loaded\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path ruby = Files.writeString(bin.resolve("ruby"), "#!/bin/sh\n");
        assertThat(ruby.toFile().setExecutable(true)).isTrue();
        env.put("PATH", bin.toString());
    }

    @Test
    void withoutDockerTheLocalRubyIsUsedWhenItsLibIsSet() {
        env.put(RubyResque.RESQUE_LIB, lib.toString());
        Selection s = RubyResque.select(env, NO_DOCKER);
        assertThat(s.backend()).isEqualTo(Backend.LOCAL);
        assertThat(s.available()).isTrue();
        assertThat(s.skipReason()).isNull();
    }

    @Test
    void withNeitherTheSkipReasonSaysHowToEnableEachBackend() {
        Selection s = RubyResque.select(env, NO_DOCKER);
        assertThat(s.available()).isFalse();
        assertThat(s.backend()).isNull();
        assertThat(s.skipReason()).contains("no Docker engine", "DOCKER_HOST", "ruby-fixtures/Dockerfile",
                "RESQUE_RUBY_LIB is not set", "RUBY.md", "interop-tests/README.md");
    }

    @Test
    void localRubyProblemsAreNamed() {
        env.put(RubyResque.RESQUE_LIB, lib.getParent().toString()); // the checkout, not its lib/
        assertThat(RubyResque.select(env, NO_DOCKER).skipReason()).contains("does not contain resque.rb");
        env.put(RubyResque.RESQUE_LIB, lib.toString());
        env.put("PATH", lib.toString()); // no ruby there
        assertThat(RubyResque.select(env, NO_DOCKER).skipReason()).contains("ruby is not on the PATH");
    }

    @Test
    void aDockerEngineWinsOverLocalRuby() {
        env.put(RubyResque.RESQUE_LIB, lib.toString());
        assertThat(RubyResque.select(env, DOCKER).backend()).isEqualTo(Backend.CONTAINER);
        env.remove(RubyResque.RESQUE_LIB);
        assertThat(RubyResque.select(env, DOCKER).backend()).isEqualTo(Backend.CONTAINER);
    }

    @Test
    void theBackendCanBeForced() {
        env.put(RubyResque.RESQUE_LIB, lib.toString());
        env.put(RubyResque.BACKEND, "local");
        AtomicInteger probes = new AtomicInteger();
        assertThat(RubyResque.select(env, () -> probes.incrementAndGet() > 0).backend()).isEqualTo(Backend.LOCAL);
        assertThat(probes).as("local does not ask Docker").hasValue(0);

        env.put(RubyResque.BACKEND, "container");
        assertThat(RubyResque.select(env, DOCKER).backend()).isEqualTo(Backend.CONTAINER);
        assertThat(RubyResque.select(env, NO_DOCKER).skipReason()).contains("RESQUE_RUBY_BACKEND=container",
                "no Docker engine");

        env.put(RubyResque.BACKEND, "local");
        env.remove(RubyResque.RESQUE_LIB);
        assertThat(RubyResque.select(env, DOCKER).skipReason()).contains("RESQUE_RUBY_BACKEND=local",
                "RESQUE_RUBY_LIB is not set");

        env.put(RubyResque.BACKEND, "podman");
        assertThat(RubyResque.select(env, DOCKER).skipReason()).contains("auto, container or local");
    }

    @Test
    void dockerIsNotProbedWithoutDockerHostOrSocket() {
        AtomicInteger probes = new AtomicInteger();
        BooleanSupplier probe = () -> probes.incrementAndGet() > 0;
        assertThat(RubyContainer.dockerAvailable(Map.of(), p -> false, probe)).isFalse();
        assertThat(probes).hasValue(0);
        assertThat(RubyContainer.dockerAvailable(Map.of(), "/var/run/docker.sock"::equals, probe)).isTrue();
        assertThat(RubyContainer.dockerAvailable(Map.of("DOCKER_HOST", "tcp://ci:2375"), p -> false, () -> false))
                .isFalse();
        assertThat(probes).hasValue(1);
    }

    @Test
    void containerNetworkingFollowsTheEngine() {
        assertThat(RubyContainer.useHostNetwork(Map.of(), "Linux", "Debian GNU/Linux 12 (bookworm)")).isTrue();
        assertThat(RubyContainer.useHostNetwork(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock"), "Linux",
                null)).isTrue();
        assertThat(RubyContainer.useHostNetwork(Map.of(), "Linux", "Docker Desktop")).isFalse();
        assertThat(RubyContainer.useHostNetwork(Map.of(), "Mac OS X", "Docker Desktop")).isFalse();
        assertThat(RubyContainer.useHostNetwork(Map.of("DOCKER_HOST", "tcp://ci:2375"), "Linux", "Ubuntu")).isFalse();
        assertThat(RubyContainer.useHostNetwork(Map.of(RubyContainer.NETWORK_ENV, "bridge"), "Linux", "Ubuntu"))
                .isFalse();
        assertThat(RubyContainer.useHostNetwork(Map.of(RubyContainer.NETWORK_ENV, "host"), "Mac OS X", null)).isTrue();
        assertThatThrownBy(() -> RubyContainer.useHostNetwork(Map.of(RubyContainer.NETWORK_ENV, "overlay"), "Linux",
                null)).hasMessageContaining("host or bridge");

        assertThat(RubyContainer.containerRedisUri("redis://localhost:40123/0", true))
                .isEqualTo("redis://localhost:40123/0");
        assertThat(RubyContainer.containerRedisUri("redis://localhost:40123/0", false))
                .isEqualTo("redis://host.testcontainers.internal:40123/0");
    }

    @Test
    void theImageIsNamedAfterTheRubyLines() {
        assertThat(RubyContainer.imageName(Map.of())).isEqualTo("resque4j/ruby-fixtures:resque-3.0-scheduler-default");
        assertThat(RubyContainer.imageName(Map.of("RESQUE_LINE", "2.7", "RESQUE_SCHEDULER_LINE", "4.8")))
                .isEqualTo("resque4j/ruby-fixtures:resque-2.7-scheduler-4.8");
    }

    /** This machine's real choice: the test runs everywhere, and says what it found. */
    @Test
    void thisRunsSelectionMatchesItsEnvironment() {
        Selection s = RubyResque.selection();
        String lib = System.getenv(RubyResque.RESQUE_LIB);
        boolean localSet = lib != null && !lib.isBlank() && Files.isRegularFile(Path.of(lib, "resque.rb"));
        String forced = System.getenv().getOrDefault(RubyResque.BACKEND, "");
        if (!forced.isBlank() && !forced.equalsIgnoreCase("auto")) {
            return; // someone chose; the forced cases are covered above
        }
        if (RubyContainer.dockerAvailable()) {
            assertThat(s.backend()).isEqualTo(Backend.CONTAINER);
        } else if (localSet) {
            assertThat(s.backend() == Backend.LOCAL || s.skipReason().contains("ruby is not on the PATH"))
                    .as(String.valueOf(s.skipReason())).isTrue();
        } else {
            assertThat(s.available()).isFalse();
            assertThat(s.skipReason()).contains("no Docker engine", RubyResque.RESQUE_LIB);
        }
    }
}
