package io.github.resque4j.activejob;

import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.resque4j.json.RubyJson;

/**
 * The Java twin of {@code ActiveJobFixtures.describe} (ruby-fixtures/jobs/active_jobs.rb): a typed dump of a
 * decoded argument in the form the Ruby jobs record what Ruby's deserialization gave them, so the two can be
 * compared as decoded JSON.
 *
 * <p>One Ruby behaviour is modelled rather than mirrored: a TimeWithZone comes back in the worker's
 * {@code Time.zone} (the zone is not serialized), which is UTC in every recording and live fixture, so it is
 * described as the UTC instant in the {@code UTC} zone.
 */
public final class ActiveJobDescriber {
    private static final DateTimeFormatter UTC_ISO9 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ActiveJobDescriber() {
    }

    /**
     * @param v a value decoded by {@link ActiveJobArguments}
     * @return its description, as Lists, Strings and Booleans
     */
    public static Object describe(Object v) {
        if (v == null) {
            return List.of("nil");
        }
        if (v instanceof Boolean b) {
            return List.of("bool", b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            return List.of("Integer", v.toString());
        }
        if (v instanceof Double d) {
            return List.of("Float", RubyJson.rubyFloatToS(d));
        }
        if (v instanceof String s) {
            return List.of("String", s);
        }
        if (v instanceof RubySymbol s) {
            return List.of("Symbol", s.name());
        }
        if (v instanceof RubyTime t) {
            return switch (t.kind()) {
                case TIME -> List.of("Time", t.text());
                case DATE_TIME -> List.of("DateTime", t.text());
                case TIME_WITH_ZONE -> List.of("TimeWithZone", UTC_ISO9.format(t.toInstant()), "UTC");
            };
        }
        if (v instanceof RubyDate d) {
            return List.of("Date", d.text());
        }
        if (v instanceof RubyDuration d) {
            List<Object> parts = new ArrayList<>();
            d.parts().forEach((unit, amount) -> parts.add(List.of(unit, describe(amount))));
            return List.of("Duration", describe(d.value()), parts);
        }
        if (v instanceof RubyModule m) {
            return List.of("Module", m.name());
        }
        if (v instanceof GlobalId g) {
            return List.of("GlobalID", g.uri());
        }
        if (v instanceof RubyHash h) {
            List<Object> pairs = new ArrayList<>();
            h.forEach((k, x) -> pairs.add(List.of(List.of(h.isSymbolKey(k) ? "Symbol" : "String", k), describe(x))));
            return h.kind() == RubyHash.Kind.INDIFFERENT_ACCESS ? List.of("HashWithIndifferentAccess", pairs)
                    : List.of("Hash", h.isKeywords(), pairs);
        }
        if (v instanceof List<?> l) {
            List<Object> items = new ArrayList<>();
            l.forEach(x -> items.add(describe(x)));
            return List.of("Array", items);
        }
        if (v instanceof SerializedObject o) {
            return List.of("Other", o.serializer(), o.fields().toString());
        }
        throw new IllegalArgumentException("not a decoded ActiveJob value: " + v.getClass());
    }

    /**
     * What Ruby's {@code def perform(*args, **kwargs)} describes as {@code kwargs}: a plain Hash (not flagged).
     *
     * @param keywords the keywords of an {@link ActiveJobContext}
     * @return the description
     */
    public static Object describeKeywords(Map<String, Object> keywords) {
        List<Object> pairs = new ArrayList<>();
        keywords.forEach((k, x) -> pairs.add(List.of(List.of(keywords instanceof RubyHash h && !h.isSymbolKey(k)
                ? "String" : "Symbol", k), describe(x))));
        return Arrays.asList("Hash", false, pairs);
    }
}
