package io.github.resque4j.json;

import static io.github.resque4j.json.TestValues.list;
import static io.github.resque4j.json.TestValues.map;
import static io.github.resque4j.json.TestValues.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON_GEM encoding against output recorded from Ruby's json gem 2.6 and Resque.enqueue. */
class RubyJsonEncodeTest {

    private static final RubyJson JSON = RubyJson.jsonGem();

    /** (Java value, exact Ruby output) from the json gem 2.6. */
    static Stream<Arguments> jsonGemVectors() {
        return Stream.of(
                // strings: UTF-8 raw, only " \ and C0 controls escaped, lowercase hex
                Arguments.of(list("hello"), "[\"hello\"]"),
                Arguments.of(list("héllo"), "[\"héllo\"]"),
                Arguments.of(list("日本語"), "[\"日本語\"]"),
                Arguments.of(list("😀"), "[\"😀\"]"),
                Arguments.of(list("a\u2028b\u2029c"), "[\"a\u2028b\u2029c\"]"),
                Arguments.of(list("a\u0000b"), "[\"a\\u0000b\"]"),
                Arguments.of(list("\u0001\u001f"), "[\"\\u0001\\u001f\"]"),
                Arguments.of(list("\u007f"), "[\"\u007f\"]"),
                Arguments.of(list("\t\n\r\b\f"), "[\"\\t\\n\\r\\b\\f\"]"),
                Arguments.of(list("\"\\"), "[\"\\\"\\\\\"]"),
                Arguments.of(list("a/b</script>"), "[\"a/b</script>\"]"),
                Arguments.of(list("<>&'"), "[\"<>&'\"]"),
                // integers of any size
                Arguments.of(list(0), "[0]"),
                Arguments.of(list(-42), "[-42]"),
                Arguments.of(list(9007199254740993L), "[9007199254740993]"),
                Arguments.of(list(new BigInteger("9223372036854775808")), "[9223372036854775808]"),
                Arguments.of(list(new BigInteger("18446744073709551617")), "[18446744073709551617]"),
                Arguments.of(list(new BigInteger("-1180591620717411303424")), "[-1180591620717411303424]"),
                // floats as Float#to_s
                Arguments.of(list(1.0), "[1.0]"),
                Arguments.of(list(0.1), "[0.1]"),
                Arguments.of(list(3.14), "[3.14]"),
                Arguments.of(list(-0.0), "[-0.0]"),
                Arguments.of(list(1.5e-07), "[1.5e-07]"),
                Arguments.of(list(0.0001), "[0.0001]"),
                Arguments.of(list(1.0e-05), "[1.0e-05]"),
                Arguments.of(list(1.0e15), "[1.0e+15]"),
                Arguments.of(list(1.0e16), "[1.0e+16]"),
                Arguments.of(list(1.0e20), "[1.0e+20]"),
                Arguments.of(list(1.0e100), "[1.0e+100]"),
                Arguments.of(list(123456789.12345679), "[123456789.12345679]"),
                Arguments.of(list(2.0 / 3.0), "[0.6666666666666666]"),
                Arguments.of(list(1.1 * 3), "[3.3000000000000003]"),
                // the rest
                Arguments.of(list((Object) null), "[null]"),
                Arguments.of(list(true), "[true]"),
                Arguments.of(list(false), "[false]"),
                Arguments.of(list(Sym.sym), "[\"sym\"]"),
                Arguments.of(map("a", 1, "b", 2), "{\"a\":1,\"b\":2}"),
                Arguments.of(map(1, "x"), "{\"1\":\"x\"}"),
                Arguments.of(map(null, "x"), "{\"\":\"x\"}"),
                Arguments.of(map("h", map("i", list(1, map("j", null)))), "{\"h\":{\"i\":[1,{\"j\":null}]}}"),
                Arguments.of(list(map(), list()), "[{},[]]"),
                Arguments.of(payload("MyJob", 1, "two", map("three", 3.0), null),
                        "{\"class\":\"MyJob\",\"args\":[1,\"two\",{\"three\":3.0},null]}"));
    }

    /** (Java value, payload recorded from Resque.enqueue with the json gem). */
    static Stream<Arguments> resquePayloads() {
        return Stream.of(
                Arguments.of(payload("SimpleJob"), "{\"class\":\"SimpleJob\",\"args\":[]}"),
                Arguments.of(payload("SimpleJob", 1, "two", 3.0, null, true, false),
                        "{\"class\":\"SimpleJob\",\"args\":[1,\"two\",3.0,null,true,false]}"),
                Arguments.of(payload("SimpleJob", "héllo 日本 😀",
                                "tab\tnl\nquote\"bs\\ slash/ ctl\u0001 del\u007f ls\u2028"),
                        "{\"class\":\"SimpleJob\",\"args\":[\"héllo 日本 😀\","
                                + "\"tab\\tnl\\nquote\\\"bs\\\\ slash/ ctl\\u0001 del\u007f ls\u2028\"]}"),
                Arguments.of(payload("SimpleJob", 0.1, 1.0e-05, 1.0e15, 1.0e20, 123456789.12345679, -0.0,
                                new BigInteger("18446744073709551617"), new BigInteger("-1180591620717411303424")),
                        "{\"class\":\"SimpleJob\",\"args\":[0.1,1.0e-05,1.0e+15,1.0e+20,123456789.12345679,-0.0,"
                                + "18446744073709551617,-1180591620717411303424]}"),
                Arguments.of(payload("SimpleJob", map("b", 1, "a", map("nested", list(1, map("deep", null)))),
                                Sym.a_symbol, list()),
                        "{\"class\":\"SimpleJob\",\"args\":[{\"b\":1,\"a\":{\"nested\":[1,{\"deep\":null}]}},"
                                + "\"a_symbol\",[]]}"),
                Arguments.of(payload("SimpleJob", map(1, "int key", null, "nil key")),
                        "{\"class\":\"SimpleJob\",\"args\":[{\"1\":\"int key\",\"\":\"nil key\"}]}"),
                Arguments.of(payload("Nested::Job", "ns"), "{\"class\":\"Nested::Job\",\"args\":[\"ns\"]}"),
                Arguments.of(map("class", "RawJob", "args", list(1), "extra", "kept"),
                        "{\"class\":\"RawJob\",\"args\":[1],\"extra\":\"kept\"}"),
                Arguments.of(map("args", list(2), "class", "RawJob"), "{\"args\":[2],\"class\":\"RawJob\"}"));
    }

    @ParameterizedTest
    @MethodSource({"jsonGemVectors", "resquePayloads"})
    void encodesExactlyAsTheJsonGem(Object value, String ruby) {
        assertThat(JSON.encode(value)).isEqualTo(ruby);
    }

    @ParameterizedTest
    @MethodSource({"jsonGemVectors", "resquePayloads"})
    void rubyOutputSurvivesDecodeAndReencode(Object value, String ruby) {
        Object decoded = JSON.decode(ruby);
        assertThat(JSON.encode(decoded)).isEqualTo(ruby);
        // Decoding yields the canonical Java types, so it re-encodes to the same text as the original.
        assertThat(JSON.encode(JSON.decode(JSON.encode(value)))).isEqualTo(ruby);
    }

    @Test
    void isTheDefaultProfile() {
        assertThat(JSON.profile()).isEqualTo(JsonProfile.JSON_GEM);
        assertThat(RubyJson.of(JsonProfile.JSON_GEM)).isSameAs(JSON);
        assertThat(JSON).hasToString("RubyJson[JSON_GEM]");
    }

    @Test
    void writesEveryNumberTypeAsRubyWould() {
        Object value = list((short) -3, (byte) 7, 42L, new AtomicInteger(5), new AtomicLong(-6),
                Long.MIN_VALUE, 0.1f, 1.0e20f, -0.0f, 16777216f);
        assertThat(JSON.encode(value))
                .isEqualTo("[-3,7,42,5,-6,-9223372036854775808,0.1,1.0e+20,-0.0,16777216.0]");
    }

    @Test
    void writesCharactersBuildersAndEnumsAsStrings() {
        assertThat(JSON.encode(list('x', '"', new StringBuilder("sb\n"), Sym.sym, BodyEnum.WITH_BODY)))
                .isEqualTo("[\"x\",\"\\\"\",\"sb\\n\",\"sym\",\"WITH_BODY\"]");
    }

    @Test
    void writesArraysCollectionsAndIterablesAsArrays() {
        Object value = list(new int[] {1, -2}, new long[] {3L}, new double[] {0.5, 1e20}, new boolean[] {true},
                new float[] {0.1f}, new short[] {4}, new byte[] {-5}, new char[] {'c', 'd'},
                new Object[] {"o", null}, new String[0], new LinkedHashSet<>(List.of(1, 2)),
                new ArrayDeque<>(List.of("q")), (Iterable<Integer>) () -> List.of(9).iterator());
        assertThat(JSON.encode(value)).isEqualTo(
                "[[1,-2],[3],[0.5,1.0e+20],[true],[0.1],[4],[-5],[\"c\",\"d\"],[\"o\",null],[],[1,2],[\"q\"],[9]]");
    }

    @Test
    void writesMapsInIterationOrderWithRubyKeyStrings() {
        Map<Object, Object> keys = map(Sym.sym, 1, 2.5, 2, 1e20, 3, true, 4, 'c', 5, null, 6, -0.0, 7);
        assertThat(JSON.encode(keys))
                .isEqualTo("{\"sym\":1,\"2.5\":2,\"1.0e+20\":3,\"true\":4,\"c\":5,\"\":6,\"-0.0\":7}");
        assertThat(JSON.encode(new TreeMap<>(Map.of("b", 1, "a", 2)))).isEqualTo("{\"a\":2,\"b\":1}");
        assertThat(JSON.encode(map("we\"ird\n", "v"))).isEqualTo("{\"we\\\"ird\\n\":\"v\"}");
    }

    @Test
    void writesRecordsAsObjectsInComponentOrder() {
        record Point(int y, int x) {
        }
        record Line(String name, Point from, List<Point> rest, Sym kind) {
        }
        Line line = new Line("l", new Point(2, 1), List.of(new Point(4, 3)), Sym.sym);
        assertThat(JSON.encode(line)).isEqualTo(
                "{\"name\":\"l\",\"from\":{\"y\":2,\"x\":1},\"rest\":[{\"y\":4,\"x\":3}],\"kind\":\"sym\"}");
        assertThat(JSON.encode(list(new Empty()))).isEqualTo("[{}]");
    }

    @Test
    void sharedButAcyclicContainersAreFine() {
        List<Object> shared = list(1);
        assertThat(JSON.encode(list(shared, shared, map("s", shared)))).isEqualTo("[[1],[1],{\"s\":[1]}]");
    }

    @Test
    void encodeToAppendsToTheBuilder() {
        StringBuilder out = new StringBuilder("LPUSH ");
        JSON.encodeTo(payload("Job", 1), out);
        assertThat(out).hasToString("LPUSH {\"class\":\"Job\",\"args\":[1]}");
    }

    @Test
    void rubyFloatToSIsExposed() {
        assertThat(RubyJson.rubyFloatToS(1e15)).isEqualTo("1.0e+15");
    }

    enum Sym { sym, a_symbol }

    enum BodyEnum {
        WITH_BODY {
            @Override
            public String toString() {
                return "not the name";
            }
        }
    }

    record Empty() {
    }
}
