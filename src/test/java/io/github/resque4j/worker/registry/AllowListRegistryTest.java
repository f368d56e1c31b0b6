package io.github.resque4j.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resque4j.ResqueException;
import io.github.resque4j.UnknownJobClassException;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.registry.Mailer.Deliver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resolution through allow-listed packages, and the security rules around it. */
class AllowListRegistryTest {

    private static final String PKG = "io.github.resque4j.worker.registry";

    /** Records every class name the registry asks for, so tests can show nothing was loaded. */
    static final class RecordingLoader extends ClassLoader {
        final List<String> requested = new CopyOnWriteArrayList<>();

        RecordingLoader() {
            super(AllowListRegistryTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private final RecordingLoader loader = new RecordingLoader();

    private JobRegistry allowing(String... packages) {
        JobRegistry.Builder builder = JobRegistry.builder().classLoader(loader);
        for (String p : packages) {
            builder.allowPackage(p);
        }
        return builder.build();
    }

    @Test
    void javaNameInAllowedPackageResolvesToANewInstanceEachTime() {
        JobRegistry registry = allowing(PKG);

        JobHandler first = registry.require(PKG + ".GreetHandler");
        JobHandler second = registry.require(PKG + ".GreetHandler");

        assertThat(first).isExactlyInstanceOf(GreetHandler.class);
        assertThat(second).isExactlyInstanceOf(GreetHandler.class).isNotSameAs(first);
    }

    @Test
    void resolvedClassesAreCached() {
        JobRegistry registry = allowing(PKG);

        registry.require(PKG + ".GreetHandler");
        registry.require(PKG + ".GreetHandler");

        assertThat(loader.requested).containsExactly(PKG + ".GreetHandler");
    }

    @Test
    void javaNameInSubpackageOfAllowedPackageResolves() {
        JobRegistry registry = allowing("io.github.resque4j.worker");

        assertThat(registry.require(PKG + ".GreetHandler")).isInstanceOf(GreetHandler.class);
        assertThat(registry.require(PKG + ".Mailer.Deliver")).isInstanceOf(Deliver.class);
    }

    @Test
    void javaBinaryNameOfNestedClassResolves() {
        assertThat(allowing(PKG).require(PKG + ".Outer$Nested")).isInstanceOf(Outer.Nested.class);
    }

    @Test
    void rubyConstantPathResolvesToNestedClassFirst() {
        JobRegistry registry = allowing(PKG);

        assertThat(registry.require("Outer::Nested")).isInstanceOf(Outer.Nested.class);
        assertThat(loader.requested).containsExactly(PKG + ".Outer$Nested");
    }

    @Test
    void rubyConstantPathResolvesToPackagePath() {
        JobRegistry registry = allowing(PKG);

        assertThat(registry.require("Mailer::Deliver")).isInstanceOf(Deliver.class);
        // Both spellings are tried, nested class first.
        assertThat(loader.requested).containsExactly(PKG + ".Mailer$Deliver", PKG + ".Mailer.Deliver");
    }

    @Test
    void singleRubyConstantResolvesInAllowedPackage() {
        assertThat(allowing(PKG).require("GreetHandler")).isInstanceOf(GreetHandler.class);
    }

    @Test
    void packagesAreSearchedInOrder() {
        JobRegistry registry = allowing("com.example.missing", PKG);

        assertThat(registry.require("GreetHandler")).isInstanceOf(GreetHandler.class);
        assertThat(loader.requested).containsExactly("com.example.missing.GreetHandler", PKG + ".GreetHandler");
    }

    @Test
    void registrationTakesPrecedenceOverAllowList() {
        JobHandler registered = job -> { };
        JobRegistry registry = JobRegistry.builder()
                .classLoader(loader)
                .allowPackage(PKG)
                .register("GreetHandler", registered)
                .build();

        assertThat(registry.require("GreetHandler")).isSameAs(registered);
        assertThat(loader.requested).isEmpty();
    }

    @Test
    void withoutAllowListNothingIsLoaded() {
        JobRegistry registry = allowing();

        assertThat(registry.resolve(PKG + ".GreetHandler")).isEmpty();
        assertThat(registry.resolve("GreetHandler")).isEmpty();
        assertThat(loader.requested).isEmpty();
    }

    @Test
    void missingClassInAllowedPackageIsEmpty() {
        JobRegistry registry = allowing(PKG);

        assertThat(registry.resolve("NoSuchJob")).isEmpty();
        assertThat(registry.resolve(PKG + ".NoSuchJob")).isEmpty();
        assertThatThrownBy(() -> registry.require("Missing::Job"))
                .isInstanceOf(UnknownJobClassException.class)
                .hasMessageContaining("'Missing::Job'")
                .hasMessageContaining(PKG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.System",
        "javax.script.ScriptEngineManager"})
    void jdkClassesOutsideAllowedPackagesAreNeverLoaded(String name) {
        JobRegistry registry = allowing(PKG);

        assertThat(registry.resolve(name)).isEmpty();
        assertThatThrownBy(() -> registry.require(name))
                .isInstanceOfSatisfying(UnknownJobClassException.class,
                        e -> assertThat(e.className()).isEqualTo(name));
        assertThat(loader.requested).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.Runtime", "java.lang.ProcessBuilder", "Runtime", "ProcessBuilder"})
    void evenAnAllowListedJdkPackageRunsNothingThatIsNotAHandler(String name) {
        JobRegistry registry = allowing("java.lang");

        assertThatThrownBy(() -> registry.resolve(name))
                .isInstanceOf(UnknownJobClassException.class)
                .hasMessageContaining("does not implement io.github.resque4j.worker.JobHandler")
                .hasMessageContaining("will not be run");
    }

    @ParameterizedTest
    @ValueSource(strings = {PKG + ".NotAHandlerWithStaticInit", "NotAHandlerWithStaticInit"})
    void nonHandlerInAllowedPackageFailsWithoutRunningItsStaticInitializer(String name) {
        JobRegistry registry = allowing(PKG);

        assertThatThrownBy(() -> registry.require(name))
                .isInstanceOfSatisfying(UnknownJobClassException.class,
                        e -> assertThat(e.className()).isEqualTo(name))
                .hasMessageContaining(PKG + ".NotAHandlerWithStaticInit")
                .hasMessageContaining("does not implement");
        assertThat(loader.requested).contains(PKG + ".NotAHandlerWithStaticInit");
        assertThat(StaticInitProbe.NOT_A_HANDLER).as("static initializer ran").isFalse();
    }

    @Test
    void abstractHandlerInAllowedPackageFailsWithoutRunningItsStaticInitializer() {
        JobRegistry registry = allowing(PKG);

        assertThatThrownBy(() -> registry.resolve("AbstractHandlerWithStaticInit"))
                .isInstanceOf(UnknownJobClassException.class)
                .hasMessageContaining("is abstract");
        assertThat(StaticInitProbe.ABSTRACT_HANDLER).as("static initializer ran").isFalse();
    }

    @Test
    void interfaceInAllowedPackageIsRefused() {
        JobRegistry registry = allowing("io.github.resque4j.worker");

        assertThatThrownBy(() -> registry.resolve("io.github.resque4j.worker.JobHandler"))
                .isInstanceOf(UnknownJobClassException.class)
                .hasMessageContaining("is an interface");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        PKG + "..GreetHandler",
        PKG + ".GreetHandler.",
        "." + PKG + ".GreetHandler",
        "io/github/resque4j/worker/registry/GreetHandler",
        PKG + ".Greet Handler",
        " " + PKG + ".GreetHandler",
        PKG + ".GreetHandler\n",
        PKG + ".GreetHandlér",
        PKG + ".GreetHandler;",
        PKG + ".GreetHandler[]",
        "[L" + PKG + ".GreetHandler;",
        PKG + "-GreetHandler",
        PKG + "X.GreetHandler",
        "Outer::nested",
        "outer::Nested",
        "::Outer::Nested",
        "Outer::Nested::",
        "Outer:::Nested",
        "Outer:Nested",
        "Outer::Nested$1",
        "Outer$Nested",
        "../Outer",
        "Ｏuter::Nested",
        "",
        " ",
    })
    void malformedNamesLoadNothing(String name) {
        JobRegistry registry = allowing(PKG);

        assertThat(registry.resolve(name)).isEmpty();
        assertThat(loader.requested).isEmpty();
    }

    @Test
    void overlongNamesLoadNothing() {
        JobRegistry registry = allowing(PKG);

        assertThat(registry.resolve(PKG + "." + "A".repeat(5000))).isEmpty();
        assertThat(registry.resolve("A::".repeat(2000) + "B")).isEmpty();
        assertThat(loader.requested).isEmpty();
    }

    @Test
    void customInstantiatorIsCalledOnlyWithCheckedHandlerClasses() {
        List<Class<?>> asked = new CopyOnWriteArrayList<>();
        JobRegistry registry = JobRegistry.builder()
                .classLoader(loader)
                .allowPackage(PKG)
                .instantiator(cls -> {
                    asked.add(cls);
                    return new NoDefaultConstructorHandler("injected");
                })
                .build();

        assertThat(registry.require("NoDefaultConstructorHandler")).isInstanceOfSatisfying(
                NoDefaultConstructorHandler.class, h -> assertThat(h.greeting()).isEqualTo("injected"));
        assertThatThrownBy(() -> registry.require("NotAHandlerWithStaticInit"))
                .isInstanceOf(UnknownJobClassException.class);
        assertThat(asked).containsExactly(NoDefaultConstructorHandler.class);
    }

    @Test
    void defaultInstantiatorNeedsAPublicNoArgConstructor() {
        JobRegistry registry = allowing(PKG);

        assertThatThrownBy(() -> registry.require("NoDefaultConstructorHandler"))
                .isInstanceOf(ResqueException.class)
                .hasMessageContaining("no public no-arg constructor")
                .hasMessageContaining("instantiator");
    }

    @Test
    void instantiatorReturningNullFailsClearly() {
        JobRegistry registry = JobRegistry.builder().allowPackage(PKG).instantiator(cls -> null).build();

        assertThatThrownBy(() -> registry.require("GreetHandler"))
                .isInstanceOf(ResqueException.class)
                .hasMessageContaining("returned null");
    }
}
