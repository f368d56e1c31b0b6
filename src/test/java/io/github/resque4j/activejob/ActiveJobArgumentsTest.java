package io.github.resque4j.activejob;

import static io.github.resque4j.activejob.ActiveJobCases.map;
import static io.github.resque4j.activejob.ActiveJobCases.smap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.json.RubyJson;

/**
 * ActiveJob argument (de)serialization beyond the recorded cases: Ruby's marker quirks (activejob 6.1.7
 * arguments.rb deserialize_hash), refusals where Ruby raises SerializationError, and the value types.
 */
class ActiveJobArgumentsTest {
    private final RubyJson json = RubyJson.jsonGem();

    private Object decode(String jsonArgs) {
        Object v = json.decode(jsonArgs);
        return v instanceof List<?> list ? ActiveJobArguments.decode(list) : ActiveJobArguments.decodeArgument(v);
    }

    private String encode(Object... args) {
        return json.encode(ActiveJobArguments.encode(Arrays.asList(args)));
    }

    @Test
    void markersAreTestedInRubysOrderAndRemovedWhileTested() {
        // Indifferent access wins; the symbol-keys marker then stays an ordinary key, as in Ruby.
        RubyHash h = (RubyHash) decode("{\"a\":1,\"_aj_symbol_keys\":[\"a\"],\"_aj_hash_with_indifferent_access\":true}");
        assertThat(h.kind()).isEqualTo(RubyHash.Kind.INDIFFERENT_ACCESS);
        assertThat(h).containsOnlyKeys("a", "_aj_symbol_keys");
        // A false marker is removed and the next one is looked at.
        h = (RubyHash) decode("{\"k\":1,\"_aj_hash_with_indifferent_access\":false,\"_aj_ruby2_keywords\":[\"k\"]}");
        assertThat(h.kind()).isEqualTo(RubyHash.Kind.RUBY2_KEYWORDS);
        assertThat(h).containsOnlyKeys("k");
        assertThat(h.isSymbolKey("k")).isTrue();
        // No marker (not written by ActiveJob): a plain string-keyed hash; re-encoding adds none, at any depth.
        h = (RubyHash) decode("{\"x\":{\"y\":2}}");
        assertThat(h.kind()).isEqualTo(RubyHash.Kind.PLAIN);
        assertThat(encode(h)).isEqualTo("[{\"x\":{\"y\":2}}]");
        // A marker listing a key that is absent is kept for re-encoding, and ignored otherwise.
        h = (RubyHash) decode("{\"a\":1,\"_aj_symbol_keys\":[\"zz\"]}");
        assertThat(h.isSymbolKey("a")).isFalse();
        assertThat(encode(h)).isEqualTo("[{\"a\":1,\"_aj_symbol_keys\":[\"zz\"]}]");
    }

    @Test
    void globalIdsNeedExactlyOneKey() {
        assertThat(decode("[{\"_aj_globalid\":\"gid://app/User/1\"}]")).isEqualTo(List.of(GlobalId.parse("gid://app/User/1")));
        RubyHash h = (RubyHash) ((List<?>) decode("[{\"_aj_globalid\":\"gid://app/User/1\",\"_aj_symbol_keys\":[]}]")).get(0);
        assertThat(h).containsEntry("_aj_globalid", "gid://app/User/1");
        assertThatThrownBy(() -> decode("[1,{\"_aj_globalid\":\"http://app/User/1\"}]"))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("arguments[1]");
    }

    @Test
    void malformedSerializedValuesNameTheArgument() {
        assertThatThrownBy(() -> decode("[{\"a\":{\"_aj_serialized\":\"ActiveJob::Serializers::TimeSerializer\",\"value\":\"yesterday\"},"
                + "\"_aj_symbol_keys\":[]}]")).isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("arguments[0].a").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> decode("[{\"_aj_serialized\":\"ActiveJob::Serializers::SymbolSerializer\"}]"))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("\"value\" must be a string");
        assertThatThrownBy(() -> decode("[{\"_aj_serialized\":\"ActiveJob::Serializers::ModuleSerializer\",\"value\":\" \"}]"))
                .isInstanceOf(PayloadFormatException.class);
        assertThatThrownBy(() -> decode("[{\"_aj_serialized\":\"ActiveJob::Serializers::DurationSerializer\",\"value\":1,"
                + "\"parts\":[[\"seconds\",1]]}]")).isInstanceOf(PayloadFormatException.class)
                .hasMessageContaining("[symbol, number]");
        assertThatThrownBy(() -> decode("[{\"a\":1,\"_aj_symbol_keys\":\"a\"}]")).isInstanceOf(PayloadFormatException.class);
        assertThatThrownBy(() -> decode("[{\"_aj_serialized\":7}]")).isInstanceOf(PayloadFormatException.class);
    }

    @Test
    void unknownSerializersAreKeptVerbatim() {
        String money = "[{\"_aj_serialized\":\"MoneySerializer\",\"amount\":\"12.50\",\"currency\":{\"code\":\"EUR\"},"
                + "\"at\":[{\"_aj_serialized\":\"ActiveJob::Serializers::SymbolSerializer\",\"value\":\"x\"}]}]";
        SerializedObject o = (SerializedObject) ((List<?>) decode(money)).get(0);
        assertThat(o.serializer()).isEqualTo("MoneySerializer");
        assertThat(o.fields()).containsOnlyKeys("amount", "currency", "at");
        assertThat(ActiveJobArguments.decodeArgument(o.fields().get("at"))).isEqualTo(List.of(RubySymbol.of("x")));
        assertThat(encode(o)).isEqualTo(money);
        // A newer Rails' BigDecimal (source only: rails/rails activejob serializers/big_decimal_serializer.rb) is one.
        String newer = "[{\"_aj_serialized\":\"ActiveJob::Serializers::BigDecimalSerializer\",\"value\":\"1.1\"}]";
        assertThat(encode(((List<?>) decode(newer)).toArray())).isEqualTo(newer);
    }

    @Test
    void refusesWhatActiveJobCannotSerialize() {
        assertThatThrownBy(() -> encode(new Object())).isInstanceOf(JsonEncodingException.class)
                .hasMessageContaining("arguments[0]").hasMessageContaining("SerializationError");
        assertThatThrownBy(() -> encode(1, List.of(Thread.State.NEW))).isInstanceOf(JsonEncodingException.class)
                .hasMessageContaining("arguments[1][0]");
        assertThatThrownBy(() -> encode(LocalDateTime.now())).isInstanceOf(JsonEncodingException.class);
        assertThatThrownBy(() -> encode(Map.of(1, "x"))).isInstanceOf(JsonEncodingException.class)
                .hasMessageContaining("only String and RubySymbol keys");
        assertThatThrownBy(() -> encode(Map.of("_aj_globalid", "x"))).isInstanceOf(JsonEncodingException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> encode(map(RubySymbol.of("_aj_serialized"), 1))).isInstanceOf(JsonEncodingException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> encode(map("a", 1, RubySymbol.of("a"), 2))).isInstanceOf(JsonEncodingException.class)
                .hasMessageContaining("both");
        assertThatThrownBy(() -> encode(smap("deep", smap("x", new StringBuilder[] {null, null}), "y", Optional.empty())))
                .isInstanceOf(JsonEncodingException.class).hasMessageContaining("arguments[0].y");
    }

    @Test
    void javaValuesMapToTheRubyTypesTheyStandFor() {
        assertThat(encode((short) 3, (byte) 4, 0.1f, 'c', new StringBuilder("sb"), new Object[] {1, "a"}))
                .isEqualTo("[3,4,0.1,\"c\",\"sb\",[1,\"a\"]]");
        assertThat(encode(BigInteger.TEN.pow(30), new BigDecimal("0"), new BigDecimal("1E+3"), new BigDecimal("-0.50")))
                .isEqualTo("[1000000000000000000000000000000,\"0.0\",\"1000.0\",\"-0.5\"]");
        assertThat(encode(Instant.parse("2024-01-01T00:00:00.000000001Z"),
                OffsetDateTime.parse("2024-01-01T00:00:00+00:00"),
                LocalDateTime.parse("2024-01-01T00:00").atZone(ZoneId.of("Etc/GMT")),
                LocalDateTime.parse("2024-01-01T00:00").atZone(ZoneId.of("Etc/UTC"))))
                .isEqualTo("[{\"_aj_serialized\":\"ActiveJob::Serializers::TimeSerializer\",\"value\":\"2024-01-01T00:00:00.000000001Z\"},"
                        + "{\"_aj_serialized\":\"ActiveJob::Serializers::TimeSerializer\",\"value\":\"2024-01-01T00:00:00.000000000Z\"},"
                        + "{\"_aj_serialized\":\"ActiveJob::Serializers::TimeWithZoneSerializer\",\"value\":\"2024-01-01T00:00:00.000000000+00:00\"},"
                        + "{\"_aj_serialized\":\"ActiveJob::Serializers::TimeWithZoneSerializer\",\"value\":\"2024-01-01T00:00:00.000000000Z\"}]");
        assertThat(encode(Duration.ofMillis(1500), Duration.ofSeconds(-1, 500_000_000)))
                .isEqualTo("[{\"_aj_serialized\":\"ActiveJob::Serializers::DurationSerializer\",\"value\":1.5,\"parts\":"
                        + "[[{\"_aj_serialized\":\"ActiveJob::Serializers::SymbolSerializer\",\"value\":\"seconds\"},1.5]]},"
                        + "{\"_aj_serialized\":\"ActiveJob::Serializers::DurationSerializer\",\"value\":-0.5,\"parts\":"
                        + "[[{\"_aj_serialized\":\"ActiveJob::Serializers::SymbolSerializer\",\"value\":\"seconds\"},-0.5]]}]");
        assertThat(encode(RubyHash.keywords(smap("a", null)))).isEqualTo("[{\"a\":null,\"_aj_ruby2_keywords\":[\"a\"]}]");
    }

    @Test
    void datesBeyondFourDigitYearsAreWrittenAsRubyDoes() {
        assertThat(RubyDate.of(LocalDate.of(10000, 1, 2)).text()).isEqualTo("10000-01-02");
        assertThat(RubyDate.of(LocalDate.of(-1, 1, 2)).text()).isEqualTo("-0001-01-02");
        assertThat(RubyDate.parse("10000-01-02").value()).isEqualTo(LocalDate.of(10000, 1, 2));
        assertThatThrownBy(() -> RubyDate.parse("2024-02-30")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsConvertAtTheirFixedLength() {
        assertThat(new RubyDuration(2629746, Map.of("months", 1)).toDuration()).isEqualTo(Duration.ofSeconds(2629746));
        assertThat(new RubyDuration(1.5, Map.of("seconds", 1.5)).toDuration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(new RubyDuration(BigInteger.TWO, Map.of()).toDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> new RubyDuration(1, Map.of("fortnights", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RubyDuration(new BigDecimal("1"), Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Expected values printed by globalid 0.6.0 (URI::GID.build / GlobalID.parse) on this machine. */
    @Test
    void globalIdsParseAndBuildAsGlobalidDoes() {
        GlobalId built = GlobalId.of("shop", "Admin::User", "x y~*/é", Map.of("db", "a b*~"));
        assertThat(built.uri()).isEqualTo("gid://shop/Admin::User/x+y~%2A%2F%C3%A9?db=a+b*%7E");
        assertThat(GlobalId.parse(built.uri())).isEqualTo(built);
        GlobalId g = GlobalId.parse("gid://shop/User/a+b%20c?x=1&x=2&y=%C3%A9+z&flag");
        assertThat(g.app()).isEqualTo("shop");
        assertThat(g.modelName()).isEqualTo("User");
        assertThat(g.modelId()).isEqualTo("a b c");
        assertThat(g.params()).containsExactly(Map.entry("x", "2"), Map.entry("y", "é z"), Map.entry("flag", ""));
        assertThat(GlobalId.of("shop", "User", 42).uri()).isEqualTo("gid://shop/User/42");
        assertThat(GlobalId.parse("gid://shop.example/User/1").app()).isEqualTo("shop.example");
        for (String bad : List.of("gid://shop/User", "gid://shop/User/", "gid://shop//1", "gid://shop/User/1/2",
                "http://shop/User/1", "gid:///User/1", "gid://sh_op/User/1")) {
            assertThatThrownBy(() -> GlobalId.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> GlobalId.of("sh op", "User", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GlobalId.of("shop", "User", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rubyHashesKnowTheirKeys() {
        RubyHash h = RubyHash.of(RubyHash.Kind.SYMBOL_KEYS, smap("a", 1, "b", null), List.of("a"));
        assertThat(h).isEqualTo(smap("a", 1, "b", null)); // the Map contract: entries only
        assertThat(h.toString()).isEqualTo("{:a=>1, \"b\"=>nil}");
        assertThat(h.isKeywords()).isFalse();
        assertThatThrownBy(() -> h.put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> RubyHash.of(RubyHash.Kind.INDIFFERENT_ACCESS, Map.of(), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RubyTime.parse(RubyTime.Kind.TIME, "2023-11-14T22:13:20.123456789Z").toInstant())
                .isEqualTo(Instant.parse("2023-11-14T22:13:20.123456789Z"));
        assertThat(RubySymbol.of("a").toString()).isEqualTo(":a");
    }
}
