package io.github.resque4j.json;

import static io.github.resque4j.json.TestValues.list;
import static io.github.resque4j.json.TestValues.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resque4j.PayloadFormatException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding into the Java equivalents of what Ruby's JSON.parse returns. */
class RubyJsonDecodeTest {

    private static final RubyJson JSON = RubyJson.jsonGem();

    @Test
    void decodesAPayloadIntoOrderedMapsAndLists() {
        Map<String, Object> payload = JSON.decodeObject("{\"class\":\"Job\",\"args\":[1,\"two\",{\"three\":3.0},null,true,false]}");
        assertThat(payload).isInstanceOf(LinkedHashMap.class).containsExactly(
                Map.entry("class", "Job"),
                Map.entry("args", list(1, "two", map("three", 3.0), null, true, false)));
        assertThat(payload.get("args")).isInstanceOf(ArrayList.class);
    }

    @Test
    void integersKeepEveryDigitInTheSmallestType() {
        Object numbers = JSON.decode("[1,-0,2147483648,-9223372036854775808,9223372036854775808,"
                + "12345678901234567890,-1180591620717411303424]");
        assertThat(numbers).isEqualTo(list(1, 0, 2147483648L, Long.MIN_VALUE, new BigInteger("9223372036854775808"),
                new BigInteger("12345678901234567890"), new BigInteger("-1180591620717411303424")));
    }

    @ParameterizedTest
    @CsvSource({"1E2, 100.0", "1e2, 100.0", "1.0e+20, 1.0e20", "1.50, 1.5", "1.5E-7, 1.5e-7", "-0.0, -0.0", "0.1, 0.1"})
    void everyFloatSpellingBecomesADouble(String json, double expected) {
        assertThat(JSON.decode(json)).isInstanceOf(Double.class).isEqualTo(expected);
    }

    @Test
    void aFloatBeyondDoubleRangeIsInfinityAsInRuby() {
        // Ruby: JSON.parse('{"a":1e400}') => {"a"=>Infinity}
        assertThat(JSON.decode("[1e400,-1e400]")).isEqualTo(list(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Test
    void escapesAreDecoded() {
        assertThat(JSON.decode("\"\\u00e9\\/\\ud83d\\ude00\\n\"")).isEqualTo("é/😀\n");
    }

    @Test
    void reencodingAForeignPayloadGivesRubysSpelling() {
        Map<String, Object> decoded = JSON.decodeObject("{\"class\":\"X\", \"args\":[1E2,\"\\u00e9\\/\",1.50]}");
        assertThat(JSON.encode(decoded)).isEqualTo("{\"class\":\"X\",\"args\":[100.0,\"é/\",1.5]}");
    }

    @Test
    void aRepeatedKeyKeepsItsFirstPositionAndLastValueLikeARubyHash() {
        // Ruby: JSON.parse('{"a":1,"b":2,"a":3}') => {"a"=>3, "b"=>2}
        assertThat(JSON.decodeObject("{\"a\":1,\"b\":2,\"a\":3}"))
                .containsExactly(Map.entry("a", 3), Map.entry("b", 2));
    }

    @Test
    void scalarsAndWhitespaceAroundTheValueAreAccepted() {
        assertThat(JSON.decode(" \"s\" \n")).isEqualTo("s");
        assertThat(JSON.decode("null")).isNull();
        assertThat(JSON.decode("[\n 1 ,\t2 ]")).isEqualTo(list(1, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "nope", "[1,", "[1] x", "[1] [2]", "NaN", "[NaN]", "Infinity", "[-Infinity]",
        "{\"a\":1,}", "[01]", "'s'", "\"a\nb\"", "{a:1}", "[1]]"})
    void invalidJsonIsAPayloadFormatExceptionCarryingTheInput(String json) {
        assertThatThrownBy(() -> JSON.decode(json))
                .isInstanceOfSatisfying(PayloadFormatException.class,
                        e -> assertThat(e.rawPayload()).isEqualTo(json))
                .hasMessageStartingWith("payload ");
    }

    @Test
    void errorMessagesNameTheProblemAndWhere() {
        assertThatThrownBy(() -> JSON.decode("")).hasMessage("payload is empty");
        assertThatThrownBy(() -> JSON.decode("[1,"))
                .hasMessage("payload is not valid JSON: Unexpected end-of-input within/between Array entries at column 4");
        assertThatThrownBy(() -> JSON.decode("[1] [2]")).hasMessage("payload has content after the JSON value at column 5");
        assertThatThrownBy(() -> JSON.decode("NaN")).hasMessageContaining("'NaN'").hasMessageContaining("JSON has no NaN");
        assertThatThrownBy(() -> JSON.decode("[1]\n x")).hasMessageEndingWith("at line 2, column 2");
    }

    @Test
    void nullInputIsAPayloadFormatException() {
        assertThatThrownBy(() -> JSON.decode(null))
                .isInstanceOfSatisfying(PayloadFormatException.class, e -> assertThat(e.rawPayload()).isNull())
                .hasMessage("payload is null");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[1]|an array", "\"s\"|a string", "1.5|a number", "true|a boolean", "null|null"})
    void decodeObjectRequiresAnObject(String json, String found) {
        assertThatThrownBy(() -> JSON.decodeObject(json))
                .isInstanceOfSatisfying(PayloadFormatException.class, e -> assertThat(e.rawPayload()).isEqualTo(json))
                .hasMessage("payload is not a JSON object: its top-level value is " + found);
    }

    @Test
    void deepButLegalNestingDecodes() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThat(JSON.decode(deep)).isInstanceOf(List.class);
        assertThatThrownBy(() -> JSON.decode("[" + deep + "]")).isInstanceOf(PayloadFormatException.class);
    }
}
