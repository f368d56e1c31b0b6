package io.github.resque4j.json;

import static io.github.resque4j.json.TestValues.digitsOf;
import static io.github.resque4j.json.TestValues.fromHexBits;
import static io.github.resque4j.json.TestValues.resourceRows;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RubyJson#rubyFloatToS} against Ruby's own output, the JDK 19+ shortest digits and a BigDecimal search. */
class RubyFloatToSTest {

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "0.0 => 0.0",
        "-0.0 => -0.0",
        "3.0 => 3.0",
        "100.0 => 100.0",
        "-42.0 => -42.0",
        "0.1 => 0.1",
        "0.5 => 0.5",
        "0.0001 => 0.0001",
        "0.00123 => 0.00123",
        "9.99e-05 => 9.99e-05",
        "1.0e-05 => 1.0e-05",
        "1.5e-07 => 1.5e-07",
        "999999999999999.0 => 999999999999999.0",
        "123456789012345.67 => 123456789012345.67",
        "1.0e15 => 1.0e+15",
        "1.5e15 => 1.5e+15",
        "1234567890123456.8 => 1234567890123456.8",
        "1.0e16 => 1.0e+16",
        "1.0e20 => 1.0e+20",
        "1.0e23 => 1.0e+23",
        "1.0e100 => 1.0e+100",
        "2.82879384806159e17 => 2.82879384806159e+17",
        "123456789.12345679 => 123456789.12345679",
        "5.0e-324 => 5.0e-324",
        "1.7976931348623157e308 => 1.7976931348623157e+308",
        "-1.7976931348623157e308 => -1.7976931348623157e+308",
        "2.2250738585072014e-308 => 2.2250738585072014e-308",
        "9007199254740992.0 => 9.007199254740992e+15",
        "0.30000000000000004 => 0.30000000000000004",
    })
    void spellsLikeRuby(double value, String ruby) {
        assertThat(RubyJson.rubyFloatToS(value)).isEqualTo(ruby);
    }

    @Test
    void nonFiniteValuesUseRubysToSWords() {
        assertThat(RubyJson.rubyFloatToS(Double.NaN)).isEqualTo("NaN");
        assertThat(RubyJson.rubyFloatToS(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(RubyJson.rubyFloatToS(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    /** ruby-floats.txt was written by real Ruby 3.1.2 (json 2.6.1) and Oj 3.14.2; see its header. */
    @Test
    void matchesRecordedRubyAndOjOutput() {
        RubyJson oj = RubyJson.of(JsonProfile.OJ_COMPAT);
        List<String[]> rows = resourceRows("/json/ruby-floats.txt");
        assertThat(rows).hasSizeGreaterThan(5000);
        for (String[] row : rows) {
            double d = fromHexBits(row[0]);
            assertThat(RubyJson.rubyFloatToS(d)).as("Float#to_s of bits %s", row[0]).isEqualTo(row[1]);
            assertThat(oj.encode(d)).as("Oj compat dump of bits %s", row[0]).isEqualTo(row[2]);
        }
    }

    /**
     * shortest-digits.txt holds JDK 25's Double.toString digits, which are shortest (JDK 19+) and the
     * closest of the shortest, as Ruby's are. Exception: where one digit suffices the JDK still writes
     * two (5e-324 as 4.9E-324), so there we only require the JDK's answer to have at most two digits.
     */
    @Test
    void matchesJdk19ShortestDigits() {
        List<String[]> rows = resourceRows("/json/shortest-digits.txt");
        assertThat(rows).hasSize(20_000);
        for (String[] row : rows) {
            double d = fromHexBits(row[0]);
            String printed = RubyJson.rubyFloatToS(d);
            TestValues.Digits ours = digitsOf(printed);
            assertRoundTrips(d, printed);
            if (ours.digits().length() == 1) {
                assertThat(row[1].length()).as("bits %s: %s", row[0], printed).isLessThanOrEqualTo(2);
            } else {
                assertThat(ours).as("bits %s: %s", row[0], printed)
                        .isEqualTo(new TestValues.Digits(row[1], Integer.parseInt(row[2])));
            }
        }
    }

    @Test
    void matchesABruteForceBigDecimalSearch() {
        long seed = 20240611L;
        Random random = new Random(seed);
        List<Double> values = new ArrayList<>(List.of(Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL), 1e23, 2.82879384806159e17, 9007199254740993.0, 0x1p63, 0x1p-1022));
        for (int i = 0; i < 4000; i++) {
            values.add(RandomValues.randomFiniteDouble(random));
        }
        for (double d : values) {
            if (d == 0) {
                continue;
            }
            String printed = RubyJson.rubyFloatToS(d);
            assertRoundTrips(d, printed);
            assertThat(digitsOf(printed)).as("seed %d, bits %016x: %s", seed, Double.doubleToRawLongBits(d), printed)
                    .isEqualTo(shortestByBigDecimal(Math.abs(d)));
        }
    }

    @Test
    void roundTripsBitForBitAroundEveryFormatBorder() {
        double[] borders = {1e-4, 1e-5, 1e15, 1e16, 1e17, 0x1p53, 0x1p63, 1.0, 0.1, Double.MIN_NORMAL};
        for (double border : borders) {
            double d = border;
            for (int i = 0; i < 50; i++) {
                d = Math.nextDown(d);
            }
            for (int i = 0; i < 100; i++, d = Math.nextUp(d)) {
                assertRoundTrips(d, RubyJson.rubyFloatToS(d));
                assertRoundTrips(-d, RubyJson.rubyFloatToS(-d));
            }
        }
        for (int exponent = -1074; exponent <= 1023; exponent++) {
            double power = Math.scalb(1.0, exponent);
            assertRoundTrips(power, RubyJson.rubyFloatToS(power));
        }
        assertRoundTrips(-0.0, RubyJson.rubyFloatToS(-0.0));
    }

    static void assertRoundTrips(double d, String printed) {
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(printed)))
                .as("%s must read back as bits %016x", printed, Double.doubleToRawLongBits(d))
                .isEqualTo(Double.doubleToRawLongBits(d));
    }

    /**
     * The definition, by brute force: the fewest significant digits p for which a p-digit decimal reads
     * back as d; the candidates are d rounded down and up to p digits (at a power of two the interval is
     * lopsided, so the nearer one may fail where the other works); of two that work, the nearer one,
     * ties to even (HALF_EVEN).
     */
    static TestValues.Digits shortestByBigDecimal(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int p = 1; p <= 17; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean downWorks = Double.parseDouble(down.toString()) == d;
            boolean upWorks = Double.parseDouble(up.toString()) == d;
            if (downWorks || upWorks) {
                BigDecimal chosen = downWorks && upWorks
                        ? exact.round(new MathContext(p, RoundingMode.HALF_EVEN))
                        : downWorks ? down : up;
                return digitsOf(chosen.toString());
            }
        }
        throw new AssertionError("17 digits always suffice for " + d);
    }
}
