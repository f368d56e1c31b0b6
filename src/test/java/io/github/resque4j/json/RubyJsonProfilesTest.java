package io.github.resque4j.json;

import static io.github.resque4j.json.TestValues.list;
import static io.github.resque4j.json.TestValues.map;
import static io.github.resque4j.json.TestValues.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Where OJ_COMPAT and ACTIVE_SUPPORT differ from the json gem, against recorded Ruby output. */
class RubyJsonProfilesTest {

    private static final RubyJson OJ = RubyJson.of(JsonProfile.OJ_COMPAT);
    private static final RubyJson ACTIVE_SUPPORT = RubyJson.of(JsonProfile.ACTIVE_SUPPORT);

    @ParameterizedTest
    @EnumSource(JsonProfile.class)
    void ofReturnsOneSharedInstancePerProfile(JsonProfile profile) {
        assertThat(RubyJson.of(profile).profile()).isEqualTo(profile);
        assertThat(RubyJson.of(profile)).isSameAs(RubyJson.of(profile));
    }

    /** Oj 3.14.2 compat dump, recorded; and the cases where it agrees with the json gem. */
    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "-0.0                   => 0.0",
        "0.0                    => 0.0",
        "1.0e15                 => 1000000000000000.0",
        "1.0e16                 => 10000000000000000.0",
        "1.0e18                 => 1000000000000000000.0",
        "4.611686018427387904e18 => 4611686018427387904.0",
        "-9.223372036854775808e18 => -9223372036854775808.0",
        "9.223372036854775808e18 => 9.223372036854776e+18",
        "1.0e20                 => 1.0e+20",
        "1.0e100                => 1.0e+100",
        "-3.0                   => -3.0",
        "0.1                    => 0.1",
        "3.14                   => 3.14",
        "1.5e-07                => 1.5e-07",
        "0.0001                 => 0.0001",
        "1.0e-05                => 1.0e-05",
        "123456789.12345679     => 123456789.12345679",
        "0.6666666666666666     => 0.6666666666666666",
        "3.3000000000000003     => 3.3000000000000003",
        "1234567890123456.8     => 1234567890123456.8",
    })
    void ojCompatSpellsFloatsAsOjDoes(double value, String oj) {
        assertThat(OJ.encode(list(value))).isEqualTo("[" + oj + "]");
    }

    @Test
    void ojCompatWritesStringsAndIntegersAsTheJsonGem() {
        Object value = payload("SimpleJob", "héllo 日本 😀", "tab\tnl\nquote\"bs\\ slash/ ctl\u0001 del\u007f ls\u2028",
                "<>&'", new BigInteger("18446744073709551617"), map(1, "int key", null, "nil key"));
        assertThat(OJ.encode(value)).isEqualTo(RubyJson.jsonGem().encode(value));
    }

    @Test
    void activeSupportEscapesHtmlAndLineSeparatorsAndNullsNonFiniteFloats() {
        Object value = payload("MyJob", "a<b>&c", "ls\u2028ps\u2029", "hé 😀", "/", "\u0001", 1.0e15, 1.0e20, -0.0,
                "2023-11-14T22:13:20.000Z", "1.1", RubyJsonEncodeTest.Sym.sym, map(1, null));
        assertThat(ACTIVE_SUPPORT.encode(value)).isEqualTo("{\"class\":\"MyJob\",\"args\":[\"a\\u003cb\\u003e\\u0026c\","
                + "\"ls\\u2028ps\\u2029\",\"hé 😀\",\"/\",\"\\u0001\",1.0e+15,1.0e+20,-0.0,\"2023-11-14T22:13:20.000Z\","
                + "\"1.1\",\"sym\",{\"1\":null}]}");
    }

    @Test
    void activeSupportEscapesKeysToo() {
        // Ruby 3.1 + json 2.6.1 + ActiveSupport 6.1.7: {"k<" => [Float::NAN, {"<&>" => 1}]}
        Object value = map("k<", list(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, map("<&>", 1)));
        assertThat(ACTIVE_SUPPORT.encode(value))
                .isEqualTo("{\"k\\u003c\":[null,null,null,{\"\\u003c\\u0026\\u003e\":1}]}");
    }

    @ParameterizedTest
    @EnumSource(JsonProfile.class)
    void everyProfileDecodesWhatItWrites(JsonProfile profile) {
        RubyJson json = RubyJson.of(profile);
        Object value = payload("Job", "a<b>&c\u2028", 1e16, 0.5, list(map("k>", "v&")));
        assertThat(json.decode(json.encode(value))).isEqualTo(value);
    }
}
