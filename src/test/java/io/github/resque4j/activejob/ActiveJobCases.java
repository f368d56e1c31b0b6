package io.github.resque4j.activejob;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Java side of every case of ruby-fixtures/jobs/active_jobs.rb: the same job built with resque4j's API, so that
 * its bytes can be compared with what Rails wrote and a Ruby worker can run it.
 */
public final class ActiveJobCases {
    /** GlobalID.app of the Ruby fixtures. */
    public static final String APP = "resque4j-compat";

    /** How a case is enqueued: now, at a fixed time, or after a wait. */
    public enum When { NOW, AT, IN }

    /**
     * @param name the Ruby case name
     * @param when how Rails enqueued it
     * @param at the {@code wait_until} time ({@link When#AT}), else null
     * @param delay the {@code wait} ({@link When#IN}), else null
     * @param setup sets class-independent fields and arguments on a builder
     * @param jobClass the ActiveJob class
     */
    public record Case(String name, String jobClass, When when, Instant at, Duration delay,
            Consumer<ActiveJob.Builder> setup) {
        /**
         * @param jobId the job id to use
         * @param enqueuedAt the enqueue time to use
         * @return the job
         */
        public ActiveJob build(String jobId, Instant enqueuedAt) {
            ActiveJob.Builder b = ActiveJob.builder(jobClass).jobId(jobId).enqueuedAt(enqueuedAt);
            setup.accept(b);
            return b.build();
        }

        /** @return the job with a fresh id, enqueued now */
        public ActiveJob build() {
            ActiveJob.Builder b = ActiveJob.builder(jobClass);
            setup.accept(b);
            return b.build();
        }
    }

    /** The cases whose enqueue goes to resque-scheduler's delayed keys in the recording. */
    public static final Set<String> DELAYED = Set.of("delayed_wait", "delayed_wait_until");

    private ActiveJobCases() {
    }

    private static RubySymbol sym(String s) {
        return RubySymbol.of(s);
    }

    /** A map with nulls allowed, keys String or RubySymbol, in the given order. */
    static Map<Object, Object> map(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A String-keyed map with nulls allowed, in the given order. */
    static Map<String, Object> smap(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Case now(String name, Consumer<ActiveJob.Builder> setup) {
        return new Case(name, "DescribeJob", When.NOW, null, null, setup);
    }

    private static RubyDuration dur(Number value, Object... unitAmount) {
        Map<String, Number> parts = new LinkedHashMap<>();
        for (int i = 0; i < unitAmount.length; i += 2) {
            parts.put((String) unitAmount[i], (Number) unitAmount[i + 1]);
        }
        return new RubyDuration(value, parts);
    }

    private static GlobalId person(Object id) {
        return GlobalId.of(APP, "Person", id);
    }

    /** @return every case, by name */
    public static Map<String, Case> all() {
        BigInteger two = BigInteger.TWO;
        Map<String, Case> m = new LinkedHashMap<>();
        List<Case> list = List.of(
                now("no_arguments", b -> { }),
                now("json_scalars", b -> b.arguments(0, 1, -42, 2147483648L, Long.MAX_VALUE, two.pow(64).add(BigInteger.ONE),
                        two.pow(70).negate(), 2.5, -0.0, 0.1, 1.0e15, 1.0e20, 1.5e-07, 100.0, "plain", "",
                        "a<b>&c \"q\" \\ /", "tab\tnl\nctl\u0001", "ls\u2028ps\u2029", "é 日本 😀", null, true, false)),
                now("arrays", b -> b.arguments(List.of(), Arrays.asList(1, Arrays.asList(2, Arrays.asList(3, null))),
                        List.of("a", List.of(), List.of(List.of())))),
                // RubySymbol keys in a plain Map, and an explicit RubyHash: both spellings of a symbol-keyed hash.
                now("symbol_keys", b -> b.arguments(
                        map(sym("a"), 1, "b", 2, sym("c"), map(sym("d"), Arrays.asList(1, map(sym("e"), null)))),
                        RubyHash.withSymbolKeys(Map.of("sym", sym("value"))))),
                now("string_keys", b -> b.arguments(smap("x", 1, "y", smap("z", List.of(2, Map.of()))), Map.of(),
                        RubyHash.withStringKeys(smap("with space", "v", "", "empty key")))),
                now("indifferent_hash", b -> b.arguments(RubyHash.indifferent(smap("x", 1, "y",
                        RubyHash.indifferent(smap("z", sym("w"))))))),
                new Case("keywords", "KeywordJob", When.NOW, null, null,
                        b -> b.arguments(1).keywords(smap("b", 2, "c", "three"))),
                now("keywords_after_hash", b -> b.arguments(RubyHash.withSymbolKeys(smap("pos", 1)), "x",
                        RubyHash.of(RubyHash.Kind.RUBY2_KEYWORDS, smap("k", 2, "str", 3), List.of("k")))),
                now("global_ids", b -> b.arguments(person(7), person("a b/c~*é+%"), GlobalId.of(APP, "Admin::Account", 3),
                        List.of(person(1)), map(sym("owner"), person(2)))),
                now("symbols_modules", b -> b.arguments(sym("sym"), sym("with space"), sym("é"), RubyModule.of("String"),
                        RubyModule.of("Comparable"), RubyModule.of("ActiveSupport::Duration"))),
                now("times", b -> b.arguments(Instant.parse("2023-11-14T22:13:20.123456789Z"),
                        RubyTime.time(Instant.parse("2023-11-14T22:13:20Z")),
                        OffsetDateTime.parse("2023-06-01T12:00:00+05:30"),
                        OffsetDateTime.parse("1969-12-31T23:59:59.5-00:30"),
                        RubyTime.dateTime(OffsetDateTime.parse("2023-01-02T03:04:05.25-07:00")),
                        RubyTime.dateTime(OffsetDateTime.parse("2023-01-02T03:04:05Z")),
                        LocalDate.of(2024, 2, 29), RubyDate.of(LocalDate.of(1, 1, 1)),
                        LocalDateTime.parse("2023-07-04T09:30:00.5").atZone(ZoneId.of("America/New_York")),
                        LocalDateTime.parse("2023-01-15T08:00").atZone(ZoneId.of("Europe/London")),
                        LocalDateTime.parse("2020-02-29T00:00").atZone(ZoneId.of("UTC")))),
                now("durations", b -> b.arguments(dur(3720, "hours", 1, "minutes", 2), dur(259200, "days", 3),
                        dur(2629746, "months", 1), dur(1209600, "weeks", 2), dur(31556952, "years", 1),
                        dur(5400.0, "hours", 1.5), Duration.ofSeconds(90), Duration.ZERO, dur(-172800, "days", -2),
                        dur(36816447.5, "years", 1, "months", 2, "seconds", 3.5), dur(3720, "hours", 1, "minutes", 2))),
                now("big_decimals", b -> b.arguments(new BigDecimal("1.10"), new BigDecimal("-100"),
                        new BigDecimal("1e-10"), new BigDecimal("12345678901234567890.5"))),
                now("non_finite_floats", b -> b.arguments(Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY)),
                now("nested_mixed", b -> b.arguments(
                        List.of(map(sym("a"), sym("b")), List.of(Instant.parse("2024-01-01T00:00:00Z"), person(9)),
                                map("s", LocalDate.of(2024, 1, 1), sym("t"), dur(86400, "days", 1))),
                        null, map(sym("list"), List.of(map(sym("deep"), map(sym("deeper"), List.of(sym("x")))))))
                        .keywords(smap("opt", List.of(1, map(sym("nested"), true))))),
                now("queue_and_priority", b -> b.queue("critical").priority(10).arguments("x")),
                new Case("namespaced_job", "Admin::CleanupJob", When.NOW, null, null,
                        b -> b.queue("low").arguments(42).keywords(smap("dry_run", true))),
                now("locale_and_zone", b -> b.locale("de").timezone("Europe/Berlin").arguments(
                        LocalDateTime.parse("2024-07-01T12:00").atZone(ZoneId.of("Europe/Berlin")))),
                new Case("delayed_wait", "DescribeJob", When.IN, null, Duration.ofSeconds(3600),
                        b -> b.arguments("later", map(sym("a"), 1))),
                new Case("delayed_wait_until", "DescribeJob", When.AT, Instant.ofEpochSecond(2_000_000_000L, 750_000_000),
                        null, b -> b.queue("later").arguments(person(5), sym("s"))
                                .keywords(smap("at", LocalDate.of(2033, 5, 18)))),
                new Case("retry_on", "RetryOnceJob", When.NOW, null, null, b -> b.arguments("x", map(sym("n"), 1))),
                new Case("delayed_in_the_past", "DescribeJob", When.AT, Instant.ofEpochSecond(1_000_000_000L), null,
                        b -> b.arguments(1)));
        list.forEach(c -> m.put(c.name(), c));
        return m;
    }

    /**
     * @param name case name
     * @return the case
     */
    public static Case get(String name) {
        Case c = all().get(name);
        if (c == null) {
            throw new IllegalArgumentException("no Java case " + name);
        }
        return c;
    }

    /** UTC, for tests that need a zone. */
    static final ZoneOffset UTC = ZoneOffset.UTC;
}
