package io.github.resque4j.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resque4j.JobArgumentException;
import io.github.resque4j.Payload;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.registry.RegistryFixtures.Address;
import io.github.resque4j.worker.registry.RegistryFixtures.Customer;
import io.github.resque4j.worker.registry.RegistryFixtures.Item;
import io.github.resque4j.worker.registry.RegistryFixtures.NoArgs;
import io.github.resque4j.worker.registry.RegistryFixtures.Note;
import io.github.resque4j.worker.registry.RegistryFixtures.Options;
import io.github.resque4j.worker.registry.RegistryFixtures.Pair;
import io.github.resque4j.worker.registry.RegistryFixtures.Positive;
import io.github.resque4j.worker.registry.RegistryFixtures.Shipment;
import io.github.resque4j.worker.registry.RegistryFixtures.Transfer;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.commons.lang3.reflect.TypeUtils;
import org.junit.jupiter.api.Test;

/** Argument conversion through {@link JobContext#arg} and {@link JobContext#argsAs}. */
class ArgumentBindingRegistryTest {

    private static final BigInteger TWO_POW_70 = BigInteger.TWO.pow(70);

    private final JobRegistry registry = JobRegistry.builder().build();

    /** @param args the JSON text of the args array, e.g. {@code [1,"a"]} */
    private JobContext job(String args) {
        return JobContext.of(Payload.parse("{\"class\":\"Billing::Job\",\"args\":" + args + "}", RubyJson.jsonGem()),
                "default", "host:1:default", registry);
    }

    // --- numbers -----------------------------------------------------------------------------------------

    @Test
    void integerBindsToLongAndOtherNumericTypes() {
        JobContext job = job("[7]");

        assertThat(job.args().get(0)).isInstanceOf(Integer.class);
        assertThat(job.arg(0, long.class)).isEqualTo(7L);
        assertThat(job.arg(0, Long.class)).isEqualTo(7L);
        assertThat(job.arg(0, int.class)).isEqualTo(7);
        assertThat(job.arg(0, double.class)).isEqualTo(7.0);
        assertThat(job.arg(0, BigInteger.class)).isEqualTo(BigInteger.valueOf(7));
        assertThat(job.arg(0, BigDecimal.class)).isEqualByComparingTo("7");
    }

    @Test
    void longBindsToLongAndFailsForIntWhenOutOfRange() {
        JobContext job = job("[2147483648]");

        assertThat(job.args().get(0)).isInstanceOf(Long.class);
        assertThat(job.arg(0, long.class)).isEqualTo(2_147_483_648L);
        assertThat(job.arg(0, BigInteger.class)).isEqualTo(BigInteger.valueOf(2_147_483_648L));
        assertThatThrownBy(() -> job.arg(0, int.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageStartingWith("job Billing::Job: argument 0 cannot be converted to int: ")
                .hasMessageContaining("out of range");
    }

    /**
     * Decoded payloads never hold a Long that fits an int (the reader picks Integer), so the in-range case is
     * checked on the binder itself.
     */
    @Test
    void longInIntRangeBindsToInt() throws Exception {
        Class<?> binderClass = Class.forName("io.github.resque4j.worker.ArgumentBinder");
        Method defaultMapper = binderClass.getDeclaredMethod("defaultMapper");
        defaultMapper.setAccessible(true);
        Constructor<?> ctor = binderClass.getDeclaredConstructor(ObjectMapper.class);
        ctor.setAccessible(true);
        Object binder = ctor.newInstance(defaultMapper.invoke(null));
        Method arg = binderClass.getDeclaredMethod("arg", String.class, List.class, int.class, Type.class);
        arg.setAccessible(true);

        assertThat(arg.invoke(binder, "X", List.of(42L), 0, int.class)).isEqualTo(42);
        assertThat(arg.invoke(binder, "X", List.of((long) Integer.MIN_VALUE), 0, int.class))
                .isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void bigIntegerBindsToBigIntegerAndOverflowIntoLongFails() {
        JobContext job = job("[1180591620717411303424]");

        assertThat(job.args().get(0)).isEqualTo(TWO_POW_70);
        assertThat(job.arg(0, BigInteger.class)).isEqualTo(TWO_POW_70);
        assertThatThrownBy(() -> job.arg(0, long.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("job Billing::Job")
                .hasMessageContaining("argument 0")
                .hasMessageContaining("out of range")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> job.arg(0, Long.class)).isInstanceOf(JobArgumentException.class);
    }

    @Test
    void doubleBindsToDoubleButIsNotTruncatedIntoAnInteger() {
        JobContext job = job("[2.5, 3.0]");

        assertThat(job.arg(0, double.class)).isEqualTo(2.5);
        assertThat(job.arg(0, Double.class)).isEqualTo(2.5);
        assertThat(job.arg(0, float.class)).isEqualTo(2.5f);
        assertThatThrownBy(() -> job.arg(0, long.class)).isInstanceOf(JobArgumentException.class);
        assertThatThrownBy(() -> job.arg(1, int.class)).isInstanceOf(JobArgumentException.class);
    }

    @Test
    void wrongTypeFailsWithOneLineMessage() {
        JobContext job = job("[\"abc\", true]");

        assertThatThrownBy(() -> job.arg(0, long.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageStartingWith("job Billing::Job: argument 0 cannot be converted to long: ")
                .hasMessageNotContaining("\n")
                .hasCauseInstanceOf(Exception.class);
        assertThat(job.arg(0, String.class)).isEqualTo("abc");
        assertThat(job.arg(1, boolean.class)).isTrue();
    }

    // --- index ------------------------------------------------------------------------------------------

    @Test
    void missingIndexNamesTheCount() {
        JobContext job = job("[1,2]");

        assertThatThrownBy(() -> job.arg(2, long.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessage("job Billing::Job expects an argument at index 2 but got 2 arguments");
        assertThatThrownBy(() -> job.arg(-1, long.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessage("job Billing::Job expects an argument at index -1 but got 2 arguments");
    }

    // --- structures -------------------------------------------------------------------------------------

    @Test
    void nestedMapBindsToRecordByName() {
        JobContext job = job("[{\"id\":7,\"name\":\"Ann\",\"address\":{\"street\":\"Main\",\"zip\":12345},\"vip\":true}]");

        assertThat(job.arg(0, Customer.class)).isEqualTo(new Customer(7, "Ann", new Address("Main", 12345)));
    }

    @Test
    void nestedConversionErrorNamesThePath() {
        JobContext job = job("[{\"id\":7,\"name\":\"Ann\",\"address\":{\"street\":\"Main\",\"zip\":\"x\"}}]");

        assertThatThrownBy(() -> job.arg(0, Customer.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageStartingWith("job Billing::Job: argument 0 cannot be converted to Customer (at address.zip): ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void nestedMapBindsToPojoIgnoringUnknownKeys() {
        JobContext job = job("[{\"email\":\"a@b.c\",\"retries\":3,\"tags\":[\"x\",\"y\"],"
                + "\"address\":{\"street\":\"Main\",\"zip\":1},\"unknown\":[1,2]}]");

        Options options = job.arg(0, Options.class);

        assertThat(options.email).isEqualTo("a@b.c");
        assertThat(options.retries).isEqualTo(3);
        assertThat(options.tags).containsExactly("x", "y");
        assertThat(options.address).isEqualTo(new Address("Main", 1));
    }

    @Test
    void listOfMapsBindsToListOfRecords() {
        JobContext job = job("[[{\"sku\":1,\"qty\":2},{\"sku\":4294967296,\"qty\":1}]]");

        List<Item> items = job.arg(0, TypeUtils.parameterize(List.class, Item.class));

        assertThat(items).containsExactly(new Item(1, 2), new Item(4_294_967_296L, 1));
    }

    @Test
    void genericListElementsAreReallyConverted() {
        JobContext job = job("[[1,2,4294967296], 5]");

        List<Long> ids = job.arg(0, TypeUtils.parameterize(List.class, Long.class));
        assertThat(ids).containsExactly(1L, 2L, 4_294_967_296L);
        assertThat(ids).allSatisfy(id -> assertThat(id).isInstanceOf(Long.class));

        // A single value is accepted where a list is wanted.
        List<Long> single = job.arg(1, TypeUtils.parameterize(List.class, Long.class));
        assertThat(single).containsExactly(5L);
    }

    @Test
    void listElementErrorNamesTheIndex() {
        JobContext job = job("[[{\"sku\":1,\"qty\":2},{\"sku\":1,\"qty\":4294967296}]]");

        assertThatThrownBy(() -> job.arg(0, TypeUtils.parameterize(List.class, Item.class)))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("List<")
                .hasMessageContaining("(at [1].qty)");
    }

    @Test
    void convertedValuesAreCopiesNotThePayloadsOwnObjects() {
        JobContext job = job("[{\"a\":[1]}]");

        @SuppressWarnings("unchecked")
        Map<String, Object> map = job.arg(0, Map.class);
        map.put("b", 2);

        assertThat(job.args().get(0)).isEqualTo(Map.of("a", List.of(1)));
    }

    // --- argsAs: records -------------------------------------------------------------------------------

    @Test
    void recordBindsPositionally() {
        JobContext job = job("[1, 2147483648, 1180591620717411303424, 0.5]");

        assertThat(job.argsAs(Transfer.class)).isEqualTo(new Transfer(1, 2_147_483_648L, TWO_POW_70, 0.5));
    }

    @Test
    void recordComponentMayBeAHash() {
        JobContext job = job("[{\"street\":\"Main\",\"zip\":1}, 3]");

        assertThat(job.argsAs(Shipment.class)).isEqualTo(new Shipment(new Address("Main", 1), 3));
    }

    @Test
    void recordWithWrongArityFailsNamingBothCounts() {
        JobContext job = job("[1, 2, 3]");

        assertThatThrownBy(() -> job.argsAs(Transfer.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessage("job Billing::Job: wrong number of arguments for Transfer "
                        + "(given 3, expected 4: from, to, amount, rate)");
        assertThatThrownBy(() -> job("[1, 2, 3, 4, 5]").argsAs(Transfer.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("given 5, expected 4");
    }

    @Test
    void recordGivenOneOptionsHashHintsAtBindingByName() {
        JobContext job = job("[{\"street\":\"Main\",\"zip\":1}]");

        assertThatThrownBy(() -> job.argsAs(Address.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("given 1, expected 2")
                .hasMessageContaining("arg(0, Address.class)");
        assertThat(job.arg(0, Address.class)).isEqualTo(new Address("Main", 1));
    }

    @Test
    void recordComponentErrorNamesIndexAndComponent() {
        JobContext job = job("[1, 1180591620717411303424, 3, 0.5]");

        assertThatThrownBy(() -> job.argsAs(Transfer.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageStartingWith("job Billing::Job: argument 1 (Transfer.to) cannot be converted to long: ")
                .hasMessageContaining("out of range")
                .hasMessageNotContaining("\n");
    }

    @Test
    void genericRecordUsesTheRequestedTypeArguments() {
        JobContext job = job("[1, [2, 3]]");

        Pair<Long, List<Long>> pair = job.argsAs(
                TypeUtils.parameterize(Pair.class, Long.class, TypeUtils.parameterize(List.class, Long.class)));

        assertThat(pair.first()).isInstanceOf(Long.class).isEqualTo(1L);
        assertThat(pair.second()).containsExactly(2L, 3L);
    }

    @Test
    void recordConstructorValidationBecomesAnArgumentError() {
        assertThat(job("[5]").argsAs(Positive.class)).isEqualTo(new Positive(5));
        assertThatThrownBy(() -> job("[0]").argsAs(Positive.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessage("job Billing::Job: Positive rejected its arguments: n must be positive, got 0")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    // --- argsAs: collections and options hash -----------------------------------------------------------

    @Test
    void collectionAndArrayTypesReceiveTheWholeList() {
        JobContext job = job("[1, 2, 4294967296]");

        List<Long> ids = job.argsAs(TypeUtils.parameterize(List.class, Long.class));
        assertThat(ids).containsExactly(1L, 2L, 4_294_967_296L);
        assertThat(job.argsAs(long[].class)).containsExactly(1L, 2L, 4_294_967_296L);
        List<Object> raw = job.argsAs((Type) List.class);
        assertThat(raw).containsExactly(1, 2, 4_294_967_296L);
        assertThatThrownBy(() -> job.argsAs(int[].class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("arguments cannot be converted to int[] (at [2])");
    }

    @Test
    void singleOptionsHashBindsToPojoOrMap() {
        JobContext job = job("[{\"email\":\"a@b.c\",\"retries\":2,\"extra\":null}]");

        Options options = job.argsAs(Options.class);
        assertThat(options.email).isEqualTo("a@b.c");
        assertThat(options.retries).isEqualTo(2);
        Map<String, Object> map = job.argsAs((Type) Map.class);
        assertThat(map).containsEntry("email", "a@b.c").containsEntry("extra", null);
    }

    @Test
    void pojoNeedsExactlyOneOptionsHash() {
        assertThatThrownBy(() -> job("[{\"email\":\"a@b.c\"}, 2]").argsAs(Options.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("job Billing::Job: cannot bind arguments to Options")
                .hasMessageContaining("exactly one options hash")
                .hasMessageContaining("got 2 arguments");
        assertThatThrownBy(() -> job("[\"a@b.c\"]").argsAs(Options.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("got 1 argument, a string");
        assertThatThrownBy(() -> job("[]").argsAs(Options.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("got 0 arguments");
    }

    @Test
    void optionsHashWithBadValueNamesField() {
        assertThatThrownBy(() -> job("[{\"retries\":\"many\"}]").argsAs(Options.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageStartingWith("job Billing::Job: argument 0 cannot be converted to Options (at retries): ");
    }

    // --- nil and missing args ---------------------------------------------------------------------------

    @Test
    void nullOrMissingArgsAreAnEmptyList() {
        for (String json : List.of("{\"class\":\"X\",\"args\":null}", "{\"class\":\"X\"}")) {
            JobContext job = JobContext.of(Payload.parse(json, RubyJson.jsonGem()), "q", "w", registry);

            assertThat(job.args()).isEmpty();
            assertThat(job.argsAs(NoArgs.class)).isEqualTo(new NoArgs());
            List<?> all = job.argsAs(List.class);
            assertThat(all).isEmpty();
            assertThatThrownBy(() -> job.arg(0, String.class))
                    .isInstanceOf(JobArgumentException.class)
                    .hasMessage("job X expects an argument at index 0 but got 0 arguments");
        }
    }

    @Test
    void nilArgumentBindsToNullButNotToAPrimitive() {
        JobContext job = job("[null, \"text\"]");

        assertThat(job.arg(0, String.class)).isNull();
        assertThat(job.arg(0, Long.class)).isNull();
        assertThat(job.<Object>arg(0, TypeUtils.parameterize(List.class, Long.class))).isNull();
        assertThatThrownBy(() -> job.arg(0, long.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessage("job Billing::Job: argument 0 is nil but long cannot be null");
        assertThat(job.argsAs(Note.class)).isEqualTo(new Note(null, "text"));
        List<Object> all = job.argsAs(TypeUtils.parameterize(List.class, Object.class));
        assertThat(all).isEqualTo(new ArrayList<>(Arrays.asList(null, "text")));
    }

    @Test
    void nilInsideAHashIsNotTurnedIntoZero() {
        assertThatThrownBy(() -> job("[{\"sku\":null,\"qty\":1}]").arg(0, Item.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessageContaining("Item");
        assertThatThrownBy(() -> job("[null, 1]").argsAs(Item.class))
                .isInstanceOf(JobArgumentException.class)
                .hasMessage("job Billing::Job: argument 0 (Item.sku) is nil but long cannot be null");
    }
}
