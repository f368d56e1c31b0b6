package io.github.resque4j.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import io.github.resque4j.JobArgumentException;
import io.github.resque4j.Payload;
import io.github.resque4j.ResqueException;
import io.github.resque4j.UnknownJobClassException;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.registry.RegistryFixtures.Address;
import io.github.resque4j.worker.registry.RegistryFixtures.Charge;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** Registration, resolution and the job context. */
class JobRegistryTest {

    private static JobContext context(JobRegistry registry, String json) {
        return JobContext.of(Payload.parse(json, RubyJson.jsonGem()), "default", "host:1:default", registry);
    }

    @Test
    void sharedInstanceIsReturnedForEveryResolve() {
        JobHandler handler = job -> { };
        JobRegistry registry = JobRegistry.builder().register("Mailer::Deliver", handler).build();

        assertThat(registry.resolve("Mailer::Deliver")).containsSame(handler);
        assertThat(registry.require("Mailer::Deliver")).isSameAs(handler);
        assertThat(registry.registeredClassNames()).containsExactly("Mailer::Deliver");
    }

    @Test
    void factoryGivesANewInstancePerResolve() {
        AtomicInteger made = new AtomicInteger();
        JobRegistry registry = JobRegistry.builder()
                .registerFactory("Counter", () -> {
                    made.incrementAndGet();
                    return new GreetHandler();
                })
                .build();

        assertThat(made).hasValue(0);
        JobHandler first = registry.require("Counter");
        JobHandler second = registry.require("Counter");

        assertThat(first).isNotSameAs(second);
        assertThat(made).hasValue(2);
    }

    @Test
    void registeredClassIsInstantiatedPerResolveUnderAnyRubyName() {
        JobRegistry registry = JobRegistry.builder().registerClass("Legacy::Greeter", GreetHandler.class).build();

        JobHandler first = registry.require("Legacy::Greeter");
        assertThat(first).isInstanceOf(GreetHandler.class);
        assertThat(registry.require("Legacy::Greeter")).isNotSameAs(first);
    }

    @Test
    void registeredClassUsesTheInstantiator() {
        JobRegistry registry = JobRegistry.builder()
                .instantiator(cls -> new NoDefaultConstructorHandler("hello"))
                .registerClass("Greeter", NoDefaultConstructorHandler.class)
                .build();

        assertThat(registry.require("Greeter")).isInstanceOfSatisfying(NoDefaultConstructorHandler.class,
                h -> assertThat(h.greeting()).isEqualTo("hello"));
    }

    @Test
    void abstractClassCannotBeRegistered() {
        assertThatThrownBy(() -> JobRegistry.builder().registerClass("X", AbstractHandlerWithStaticInit.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("abstract");
        assertThat(StaticInitProbe.ABSTRACT_HANDLER).isFalse();
    }

    @Test
    void typedHandlerReceivesBoundRecord() throws Exception {
        AtomicReference<Charge> received = new AtomicReference<>();
        JobRegistry registry = JobRegistry.builder()
                .register("Billing::Charge", Charge.class, received::set)
                .build();

        JobContext job = context(registry,
                "{\"class\":\"Billing::Charge\",\"args\":[4294967296,\"usd\",1180591620717411303424]}");
        registry.require("Billing::Charge").perform(job);

        assertThat(received.get())
                .isEqualTo(new Charge(4294967296L, "usd", BigInteger.TWO.pow(70)));
    }

    @Test
    void typedHandlerFailsWithArgumentErrorOnWrongArity() {
        JobRegistry registry = JobRegistry.builder()
                .register("Billing::Charge", Charge.class, charge -> { })
                .build();

        JobContext job = context(registry, "{\"class\":\"Billing::Charge\",\"args\":[1,\"usd\"]}");
        assertThatThrownBy(() -> registry.require("Billing::Charge").perform(job))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("given 2, expected 3");
    }

    @Test
    void typedHandlerExceptionPropagates() {
        JobRegistry registry = JobRegistry.builder()
                .register("Boom", Address.class, a -> {
                    throw new IllegalStateException("boom " + a.street());
                })
                .build();

        JobContext job = context(registry, "{\"class\":\"Boom\",\"args\":[\"Main\",1]}");
        assertThatThrownBy(() -> registry.require("Boom").perform(job))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom Main");
    }

    @Test
    void duplicateRegistrationIsRefusedWhateverTheKind() {
        JobRegistry.Builder builder = JobRegistry.builder().register("Dup", job -> { });

        assertThatThrownBy(() -> builder.register("Dup", job -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Dup' is already registered");
        assertThatThrownBy(() -> builder.registerFactory("Dup", GreetHandler::new))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.registerClass("Dup", GreetHandler.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.register("Dup", Address.class, a -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesMustBeNonBlankAndUnpadded() {
        JobRegistry.Builder builder = JobRegistry.builder();

        assertThatThrownBy(() -> builder.register("", job -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.register("  ", job -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.register(" Foo", job -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whitespace");
        assertThatThrownBy(() -> builder.register(null, job -> { })).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.register("Foo", (JobHandler) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void unknownNameResolvesToEmptyAndRequireExplainsHowToRegister() {
        JobRegistry registry = JobRegistry.builder().register("Known", job -> { }).build();

        assertThat(registry.resolve("Unknown::Job")).isEmpty();
        assertThatThrownBy(() -> registry.require("Unknown::Job"))
                .isInstanceOfSatisfying(UnknownJobClassException.class,
                        e -> assertThat(e.className()).isEqualTo("Unknown::Job"))
                .hasMessageContaining("'Unknown::Job'")
                .hasMessageContaining("register(\"Unknown::Job\", handler)")
                .hasMessageContaining("allowPackage");
    }

    @Test
    void namesAreMatchedExactly() {
        JobRegistry registry = JobRegistry.builder().register("Mailer::Deliver", job -> { }).build();

        assertThat(registry.resolve("mailer::deliver")).isEmpty();
        assertThat(registry.resolve("Mailer::Deliver ")).isEmpty();
        assertThat(registry.resolve("Mailer.Deliver")).isEmpty();
    }

    @Test
    void factoryReturningNullFailsClearly() {
        JobRegistry registry = JobRegistry.builder().registerFactory("Nothing", () -> null).build();

        assertThatThrownBy(() -> registry.resolve("Nothing"))
                .isInstanceOf(ResqueException.class)
                .hasMessageContaining("'Nothing' returned null");
    }

    @Test
    void registryIsImmutableAfterBuild() {
        JobRegistry.Builder builder = JobRegistry.builder().register("A", job -> { });
        JobRegistry registry = builder.build();
        builder.register("B", job -> { });

        assertThat(registry.registeredClassNames()).containsExactly("A");
        assertThat(registry.resolve("B")).isEmpty();
        assertThatThrownBy(() -> registry.registeredClassNames().add("C"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidPackagesAreRefused() {
        JobRegistry.Builder builder = JobRegistry.builder();

        for (String bad : List.of("", " ", "com.acme.*", "com..acme", "com.acme.", ".com", "com/acme", "com acme")) {
            assertThatThrownBy(() -> builder.allowPackage(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void contextExposesTheJob() {
        JobRegistry registry = JobRegistry.builder().build();
        JobContext job = JobContext.of(
                Payload.parse("{\"class\":\"Mailer::Deliver\",\"args\":[1,\"a\"],\"id\":\"abc\"}", RubyJson.jsonGem()),
                "mail", "host:42:mail", registry);

        assertThat(job.className()).isEqualTo("Mailer::Deliver");
        assertThat(job.queue()).isEqualTo("mail");
        assertThat(job.workerId()).isEqualTo("host:42:mail");
        assertThat(job.args()).containsExactly(1, "a");
        assertThat(job.payload().fields()).containsEntry("id", "abc");
        assertThatThrownBy(() -> job.args().add(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(job.toString()).contains("Mailer::Deliver", "mail").doesNotContain("\"a\"");
    }

    @Test
    void contextFactoryRejectsNulls() {
        Payload payload = Payload.parse("{\"class\":\"X\",\"args\":[]}", RubyJson.jsonGem());
        JobRegistry registry = JobRegistry.builder().build();

        assertThatThrownBy(() -> JobContext.of(null, "q", "w", registry)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> JobContext.of(payload, null, "w", registry)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> JobContext.of(payload, "q", null, registry)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> JobContext.of(payload, "q", "w", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void customObjectMapperIsCopiedAndUsedAsConfigured() {
        ObjectMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        JobRegistry registry = JobRegistry.builder().objectMapper(strict).build();
        // Later changes to the caller's mapper must not reach the registry.
        strict.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        JobContext job = context(registry, "{\"class\":\"X\",\"args\":[{\"street\":\"Main\",\"zip\":1,\"extra\":2}]}");
        assertThatThrownBy(() -> job.arg(0, Address.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("extra");

        JobContext lenient = context(JobRegistry.builder().build(),
                "{\"class\":\"X\",\"args\":[{\"street\":\"Main\",\"zip\":1,\"extra\":2}]}");
        assertThat(lenient.arg(0, Address.class)).isEqualTo(new Address("Main", 1));
    }

    @Test
    void objectMapperWithDefaultTypingIsRefused() {
        ObjectMapper typed = JsonMapper.builder()
                .activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build())
                .build();

        assertThatThrownBy(() -> JobRegistry.builder().objectMapper(typed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default typing");
    }
}
