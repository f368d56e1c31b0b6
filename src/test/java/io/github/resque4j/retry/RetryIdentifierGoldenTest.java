package io.github.resque4j.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.resque4j.json.RubyJson;
import io.github.resque4j.retry.RetryIdentifier.ExternalEncoding;
import io.github.resque4j.retry.RetryIdentifier.HashInspect;
import io.github.resque4j.testsupport.Compat;

/**
 * The counter key against what real resque-retry 1.8.1 on Ruby 3.1.2 computed ({@code compat/retry/identifiers.tsv},
 * written by {@code compat/tools/record_retry.rb}): 426 argument lists (hand-picked awkward ones and seeded random
 * ones) for two class names, under a UTF-8 and a US-ASCII {@code Encoding.default_external}. The arguments go
 * through the same JSON decoding a Java worker applies to a payload.
 */
class RetryIdentifierGoldenTest {
    private static final RubyJson JSON = RubyJson.jsonGem();

    private record Row(String className, String argsJson, String utf8Key, String asciiKey) {
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String line : Compat.file("retry/identifiers.tsv").split("\n")) {
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertThat(f).hasSize(4);
            rows.add(new Row(f[0], f[1], f[2], f[3]));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static String key(RetryIdentifier id, Row row) {
        List<Object> args = (List<Object>) JSON.decode(row.argsJson());
        return RetryPolicy.builder().identifier(id).build().retryKey(row.className(), args);
    }

    @Test
    void everyRecordedKeyUnderAUtf8Locale() {
        List<Row> rows = rows();
        assertThat(rows).hasSize(852);
        List<String> mismatches = new ArrayList<>();
        for (Row row : rows) {
            String k = key(RetryIdentifier.rubyDefault(), row);
            if (!k.equals(row.utf8Key())) {
                mismatches.add(row.argsJson() + " -> " + k + " (Ruby " + row.utf8Key() + ")");
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void everyRecordedKeyUnderAnAsciiLocale() {
        RetryIdentifier ascii = RetryIdentifier.rubyDefault(HashInspect.RUBY_3_3, ExternalEncoding.US_ASCII);
        List<String> mismatches = new ArrayList<>();
        int differ = 0;
        for (Row row : rows()) {
            String k = key(ascii, row);
            if (!k.equals(row.asciiKey())) {
                mismatches.add(row.argsJson() + " -> " + k + " (Ruby " + row.asciiKey() + ")");
            }
            differ += row.utf8Key().equals(row.asciiKey()) ? 0 : 1;
        }
        assertThat(mismatches).isEmpty();
        assertThat(differ).as("rows where the locale changes Ruby's key").isGreaterThan(100);
    }

    @Test
    void keysWithoutAnIdentifierEndAtTheClassName() {
        Row empty = rows().stream().filter(r -> r.argsJson().equals("[[]]")).findFirst().orElseThrow();
        assertThat(empty.utf8Key()).isEqualTo("resque-retry:" + empty.className());
        assertThat(RetryIdentifier.rubyDefault().identify(List.of())).isNull();
        assertThat(RetryIdentifier.rubyDefault().identify(Arrays.asList("", null, List.of()))).isNotNull(); // "--"
    }

    /** Every code point (surrogates aside) is escaped by String#inspect exactly when Ruby 3.1 escapes it. */
    @Test
    void stringInspectEscapesWhatRubyEscapes() {
        java.util.BitSet ruby = new java.util.BitSet();
        for (String line : Compat.file("retry/inspect_escaped.txt").split("\n")) {
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            String[] r = line.split(" ");
            ruby.set(Integer.parseInt(r[0], 16), Integer.parseInt(r[1], 16) + 1);
        }
        assertThat(ruby.cardinality()).isGreaterThan(800_000); // mostly unassigned planes
        RubyInspect inspect = new RubyInspect(false, false);
        List<String> mismatches = new ArrayList<>();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            String s = new String(Character.toChars(cp));
            StringBuilder out = new StringBuilder();
            inspect.inspect(out, s);
            boolean escaped = !out.toString().equals("\"" + s + "\"");
            if (escaped != ruby.get(cp) && mismatches.size() < 20) {
                mismatches.add(String.format("U+%04X java %s ruby %s", cp, escaped, ruby.get(cp)));
            }
        }
        assertThat(mismatches).as("JVM Unicode tables: " + Runtime.version()).isEmpty();
    }

    @Test
    void ruby34SpacesTheHashArrowAndNothingElse() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("a", 1);
        h.put("b", Arrays.asList(1.5, null, Map.of("c", "é\n")));
        StringBuilder old = new StringBuilder();
        new RubyInspect(false, false).inspect(old, h);
        StringBuilder now = new StringBuilder();
        new RubyInspect(true, false).inspect(now, h);
        assertThat(old.toString()).isEqualTo("{\"a\"=>1, \"b\"=>[1.5, nil, {\"c\"=>\"é\\n\"}]}");
        assertThat(now.toString()).isEqualTo("{\"a\" => 1, \"b\" => [1.5, nil, {\"c\" => \"é\\n\"}]}");
        RetryIdentifier r34 = RetryIdentifier.rubyDefault(HashInspect.RUBY_3_4, ExternalEncoding.UTF_8);
        assertThat(r34.identify(List.of(1, "x"))).isEqualTo(RetryIdentifier.rubyDefault().identify(List.of(1, "x")));
        assertThat(r34.identify(List.<Object>of(h))).isNotEqualTo(RetryIdentifier.rubyDefault().identify(List.of(h)));
    }
}
