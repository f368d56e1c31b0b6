package io.github.resque4j.json;

import static io.github.resque4j.json.TestValues.list;
import static io.github.resque4j.json.TestValues.map;
import static io.github.resque4j.json.TestValues.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resque4j.JsonEncodingException;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What Ruby would refuse to write (or Java cannot represent) fails with a message naming where. */
class RubyJsonEncodeErrorsTest {

    private static final RubyJson JSON = RubyJson.jsonGem();

    @ParameterizedTest
    @EnumSource(value = JsonProfile.class, names = {"JSON_GEM", "OJ_COMPAT"})
    void nanAndInfinityAreRefused(JsonProfile profile) {
        RubyJson json = RubyJson.of(profile);
        assertThatThrownBy(() -> json.encode(payload("Job", 1, Double.NaN)))
                .isInstanceOf(JsonEncodingException.class)
                .hasMessageStartingWith("NaN not allowed in JSON at args[1]: ");
        assertThatThrownBy(() -> json.encode(map("price", Double.POSITIVE_INFINITY)))
                .hasMessageStartingWith("Infinity not allowed in JSON at price: ");
        assertThatThrownBy(() -> json.encode(Float.NEGATIVE_INFINITY))
                .hasMessageStartingWith("-Infinity not allowed in JSON at the top level: ");
    }

    @Test
    void activeSupportWritesNonFiniteFloatsAsNull() {
        assertThat(RubyJson.of(JsonProfile.ACTIVE_SUPPORT).encode(list(Double.NaN, Float.NaN, Double.NEGATIVE_INFINITY)))
                .isEqualTo("[null,null,null]");
    }

    @Test
    void cyclesAreRefusedWithTheirPath() {
        Map<Object, Object> selfMap = map("a", 1);
        selfMap.put("self", selfMap);
        assertThatThrownBy(() -> JSON.encode(payload("Job", selfMap)))
                .isInstanceOf(JsonEncodingException.class)
                .hasMessageStartingWith("cyclic structure: a java.util.LinkedHashMap contains itself at args[0].self: ");

        List<Object> selfList = list(1);
        selfList.add(list(map("x", selfList)));
        assertThatThrownBy(() -> JSON.encode(selfList))
                .hasMessageStartingWith("cyclic structure: a java.util.ArrayList contains itself at [1][0].x: ");

        Object[] selfArray = new Object[1];
        selfArray[0] = selfArray;
        assertThatThrownBy(() -> JSON.encode(selfArray)).hasMessageContaining("contains itself at [0]");
    }

    @Test
    void unsupportedTypesNameTheJavaTypeAndThePath() {
        Object value = payload("Job", 1, "two", map("foo", Instant.EPOCH));
        assertThatThrownBy(() -> JSON.encode(value))
                .isInstanceOf(JsonEncodingException.class)
                .hasMessageStartingWith("cannot encode a java.time.Instant at args[2].foo: ")
                .hasMessageContaining("ISO-8601 String");
        assertThatThrownBy(() -> JSON.encode(list(new Object()))).hasMessageStartingWith("cannot encode a java.lang.Object at [0]");
        assertThatThrownBy(() -> JSON.encode(Optional.empty())).hasMessageStartingWith("cannot encode a java.util.Optional");
        assertThatThrownBy(() -> JSON.encode(Path.of("a", "b"))).hasMessageContaining("cannot encode a ");
        assertThatThrownBy(() -> JSON.encode(map("odd key\"", list(new StringBuilder(), Thread.State.NEW, new int[0], Instant.MIN))))
                .hasMessageContaining("at [\"odd key\\\"\"][3]: ");
    }

    @Test
    void bigDecimalIsRefusedWithAdvice() {
        assertThatThrownBy(() -> JSON.encode(payload("Job", new BigDecimal("1.1"))))
                .isInstanceOf(JsonEncodingException.class)
                .hasMessageStartingWith("cannot encode a java.math.BigDecimal at args[0]: ")
                .hasMessageContaining("\"0.11e1\"")
                .hasMessageContaining("pass a double")
                .hasMessageContaining("String");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udc00b", "end\ud83d", "\ude00\ud83d", "ok😀\ud800"})
    void loneSurrogatesAreRefused(String s) {
        for (JsonProfile profile : JsonProfile.values()) {
            assertThatThrownBy(() -> RubyJson.of(profile).encode(map("k", s)))
                    .isInstanceOf(JsonEncodingException.class)
                    .hasMessageContaining("lone surrogate U+D")
                    .hasMessageContaining("at k: ")
                    .hasMessageContaining("UTF-8");
        }
        assertThatThrownBy(() -> JSON.encode(map(s, 1))).hasMessageContaining("lone surrogate");
        char firstSurrogate = (char) s.chars().filter(c -> Character.isSurrogate((char) c)).findFirst().orElseThrow();
        assertThatThrownBy(() -> JSON.encode(firstSurrogate)).hasMessageContaining("lone surrogate");
    }

    @Test
    void nestingIsLimitedToWhatTheRubySideAccepts() {
        assertThat(JSON.encode(nested(100))).hasSize(200);
        assertThatThrownBy(() -> JSON.encode(nested(101)))
                .isInstanceOf(JsonEncodingException.class)
                .hasMessageStartingWith("nesting of 101 is too deep at [0][0]")
                .hasMessageEndingWith("at most 100 levels");
        RubyJson oj = RubyJson.of(JsonProfile.OJ_COMPAT);
        assertThat(oj.encode(nested(1000))).hasSize(2000);
        assertThatThrownBy(() -> oj.encode(nested(1001))).hasMessageStartingWith("nesting of 1001 is too deep");
    }

    @Test
    void aFailingRecordAccessorIsReported() {
        record Bad(int ok) {
            @Override
            public int ok() {
                throw new IllegalStateException("boom");
            }
        }
        assertThatThrownBy(() -> JSON.encode(list(new Bad(1))))
                .isInstanceOf(JsonEncodingException.class)
                .hasMessageContaining("threw at [0].ok: java.lang.IllegalStateException: boom");
    }

    @Test
    void encodeToLeavesTheBuilderUntouchedOnFailure() {
        StringBuilder out = new StringBuilder("keep");
        assertThatThrownBy(() -> JSON.encodeTo(payload("Job", "a long string first", Double.NaN), out))
                .isInstanceOf(JsonEncodingException.class);
        assertThat(out).hasToString("keep");
    }

    /** [[[...]]] with {@code levels} arrays. */
    private static Object nested(int levels) {
        Object value = list();
        for (int i = 1; i < levels; i++) {
            value = list(value);
        }
        return value;
    }
}
