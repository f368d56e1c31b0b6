package io.github.resque4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.UnknownJobClassException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * Poison input: thousands of malformed payloads, written byte-exact (invalid UTF-8 included) and shuffled
 * among good jobs. Every good job must run exactly once, every bad one must end in {@code failed} with the
 * payload as the JVM read it and a reason, and every worker thread must survive.
 */
@ExtendWith(RedisExtension.class)
class PoisonInputTest {
    private static final String QUEUE = "poison";
    private static final List<String> ENTRY_FIELDS =
            List.of("failed_at", "payload", "exception", "error", "backtrace", "worker", "queue");
    /** Strict JSON, as Ruby's JSON.parse: no trailing tokens, no NaN, duplicate keys keep the last value. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    enum Outcome {
        /** runs the Good handler */
        GOOD("-"),
        /** not a Resque payload: PayloadFormatException */
        FORMAT(PayloadFormatException.class.getName()),
        /** a payload whose class no handler serves */
        UNKNOWN_CLASS(UnknownJobClassException.class.getName()),
        /** a payload the Good handler rejects (wrong args) */
        JOB_ERROR(IllegalArgumentException.class.getName());

        final String exception;

        Outcome(String exception) {
            this.exception = exception;
        }
    }

    record Input(String kind, byte[] bytes, Outcome outcome, int goodId) {
        static Input good(String kind, int id, String text) {
            return new Input(kind, RawResp.utf8(text), Outcome.GOOD, id);
        }

        static Input bad(String kind, Outcome o, String text) {
            return new Input(kind, RawResp.utf8(text), o, -1);
        }

        static Input bad(String kind, Outcome o, byte[] bytes) {
            return new Input(kind, bytes, o, -1);
        }
    }

    /** A kind of bad input, made unique by {@code n} where its shape allows, and how many to make. */
    record Gen(String kind, int count, IntFunction<Input> make) {
    }

    private final Map<Integer, AtomicInteger> goodRuns = new ConcurrentHashMap<>();
    private RedisKit kit;
    private ResqueConfig config;
    private RawResp raw;
    private WorkerPool pool;
    private CountDownLatch barrier;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
        this.config = kit.config();
        this.raw = RawResp.connect(kit.server().host(), kit.server().port());
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
        raw.close();
    }

    private String key(String k) {
        return kit.ns().key(k);
    }

    private JobRegistry registry() {
        return JobRegistry.builder()
                .register("Good", this::good)
                .register("Barrier", job -> {
                    // Runs only if 4 distinct workers are alive and reserving at the same time.
                    barrier.countDown();
                    if (!barrier.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("not every worker took a barrier job");
                    }
                })
                .build();
    }

    private void good(JobContext job) {
        List<Object> args = job.args();
        if (args.size() != 1 || !(args.get(0) instanceof Integer)) {
            String shape = args.stream().map(a -> a == null ? "null" : a.getClass().getSimpleName())
                    .collect(Collectors.joining(",", "[", "]"));
            throw new IllegalArgumentException("Good wants exactly one integer argument, got " + shape);
        }
        goodRuns.computeIfAbsent((Integer) args.get(0), k -> new AtomicInteger()).incrementAndGet();
    }

    private static byte[] cat(Object... parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] bytes = p instanceof byte[] x ? x : RawResp.utf8(String.valueOf(p));
            b.write(bytes, 0, bytes.length);
        }
        return b.toByteArray();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static String nested(int depth, String inner) {
        return "[".repeat(depth) + inner + "]".repeat(depth);
    }

    /** Every kind of bad input this test writes, with how many of each (~1,000 in all). */
    static List<Gen> badKinds() {
        Outcome f = Outcome.FORMAT;
        Outcome u = Outcome.UNKNOWN_CLASS;
        Outcome j = Outcome.JOB_ERROR;
        String mb = "x".repeat(1 << 20);
        List<Gen> g = new ArrayList<>();
        // --- not a Resque payload at all
        g.add(new Gen("not JSON", 75, n -> Input.bad("not JSON", f, "not json at all #" + n)));
        g.add(new Gen("truncated JSON", 40, n -> Input.bad("truncated JSON", f, "{\"class\":\"Good\",\"args\":[" + n)));
        g.add(new Gen("truncated key", 20, n -> Input.bad("truncated key", f, "{\"class\":\"Good\",\"ar")));
        g.add(new Gen("empty string", 10, n -> Input.bad("empty string", f, "")));
        g.add(new Gen("whitespace only", 10, n -> Input.bad("whitespace only", f, " \t\r\n ")));
        g.add(new Gen("top-level array", 30, n -> Input.bad("top-level array", f, "[\"Good\"," + n + "]")));
        g.add(new Gen("top-level number", 30, n -> Input.bad("top-level number", f, String.valueOf(n))));
        g.add(new Gen("top-level string", 30, n -> Input.bad("top-level string", f, "\"Good " + n + "\"")));
        g.add(new Gen("top-level null", 20, n -> Input.bad("top-level null", f, "null")));
        g.add(new Gen("top-level boolean", 10, n -> Input.bad("top-level boolean", f, n % 2 == 0 ? "true" : "false")));
        g.add(new Gen("object without class", 30, n -> Input.bad("object without class", f, "{\"args\":[" + n + "]}")));
        g.add(new Gen("class is a number", 20, n -> Input.bad("class is a number", f, "{\"class\":" + n + ",\"args\":[" + n + "]}")));
        g.add(new Gen("class is an array", 20, n -> Input.bad("class is an array", f, "{\"class\":[\"Good\"],\"args\":[" + n + "]}")));
        g.add(new Gen("class is null", 20, n -> Input.bad("class is null", f, "{\"class\":null,\"args\":[" + n + "]}")));
        g.add(new Gen("class is an object", 10, n -> Input.bad("class is an object", f, "{\"class\":{\"name\":\"Good\"},\"args\":[" + n + "]}")));
        g.add(new Gen("empty class", 30, n -> Input.bad("empty class", f, "{\"class\":\"\",\"args\":[" + n + "]}")));
        g.add(new Gen("args is an object", 30, n -> Input.bad("args is an object", f, "{\"class\":\"Good\",\"args\":{\"i\":" + n + "}}")));
        g.add(new Gen("args is a string", 30, n -> Input.bad("args is a string", f, "{\"class\":\"Good\",\"args\":\"" + n + "\"}")));
        g.add(new Gen("args is a number", 30, n -> Input.bad("args is a number", f, "{\"class\":\"Good\",\"args\":" + n + "}")));
        g.add(new Gen("args is a boolean", 10, n -> Input.bad("args is a boolean", f, "{\"class\":\"Good\",\"args\":true}")));
        g.add(new Gen("invalid UTF-8 bytes", 40, n -> Input.bad("invalid UTF-8 bytes", f,
                cat(bytes(0xff, 0xfe, 0xfd), "#" + n, bytes(0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80)))));
        g.add(new Gen("invalid UTF-8 in JSON structure", 20, n -> Input.bad("invalid UTF-8 in JSON structure", f,
                cat("{\"class\":\"Good\",\"args\":[" + n + "]", bytes(0xff), "}"))));
        g.add(new Gen("nested arrays depth 5000 in args", 10, n -> Input.bad("nested arrays depth 5000 in args", f,
                "{\"class\":\"Good\",\"args\":" + nested(5000, String.valueOf(n)) + "}")));
        g.add(new Gen("nested arrays depth 5000 top-level", 10, n -> Input.bad("nested arrays depth 5000 top-level", f,
                nested(5000, String.valueOf(n)))));
        g.add(new Gen("NaN literal", 20, n -> Input.bad("NaN literal", f, "{\"class\":\"Good\",\"args\":[NaN]}")));
        g.add(new Gen("Infinity literal", 10, n -> Input.bad("Infinity literal", f, "{\"class\":\"Good\",\"args\":[-Infinity]}")));
        g.add(new Gen("duplicate keys, last args a string", 20, n -> Input.bad("duplicate keys, last args a string", f,
                "{\"class\":\"Good\",\"args\":[" + n + "],\"args\":\"oops\"}")));
        g.add(new Gen("BOM prefix", 30, n -> Input.bad("BOM prefix", f,
                cat(bytes(0xef, 0xbb, 0xbf), "{\"class\":\"Good\",\"args\":[" + n + "]}"))));
        g.add(new Gen("trailing garbage", 20, n -> Input.bad("trailing garbage", f, "{\"class\":\"Good\",\"args\":[" + n + "]} garbage")));
        g.add(new Gen("trailing brace", 10, n -> Input.bad("trailing brace", f, "{\"class\":\"Good\",\"args\":[" + n + "]}}")));
        g.add(new Gen("two documents", 10, n -> Input.bad("two documents", f,
                "{\"class\":\"Good\",\"args\":[" + n + "]}{\"class\":\"Good\",\"args\":[" + n + "]}")));
        g.add(new Gen("single quotes", 10, n -> Input.bad("single quotes", f, "{'class':'Good','args':[" + n + "]}")));
        g.add(new Gen("comment", 10, n -> Input.bad("comment", f, "/* c */{\"class\":\"Good\",\"args\":[" + n + "]}")));
        g.add(new Gen("raw control character", 10, n -> Input.bad("raw control character", f,
                "{\"class\":\"Good\",\"args\":[\"a\u0001" + n + "\"]}")));
        g.add(new Gen("leading zero", 10, n -> Input.bad("leading zero", f, "{\"class\":\"Good\",\"args\":[0" + n + "]}")));
        g.add(new Gen("huge non-JSON string (1 MB)", 2, n -> Input.bad("huge non-JSON string (1 MB)", f, mb + n)));
        // --- well-formed payloads no handler serves
        g.add(new Gen("unknown class", 100, n -> Input.bad("unknown class", u, "{\"class\":\"Nope\",\"args\":[" + n + "]}")));
        g.add(new Gen("namespaced unknown class", 20, n -> Input.bad("namespaced unknown class", u,
                "{\"class\":\"Mailer::Nope\",\"args\":[" + n + "]}")));
        g.add(new Gen("duplicate class key, last unknown", 20, n -> Input.bad("duplicate class key, last unknown", u,
                "{\"class\":\"Good\",\"class\":\"Nope\",\"args\":[" + n + "]}")));
        g.add(new Gen("invalid UTF-8 in class name", 20, n -> Input.bad("invalid UTF-8 in class name", f,
                cat("{\"class\":\"Go", bytes(0xff), "od\",\"args\":[" + n + "]}"))));
        // --- payloads the handler rejects: a job failure like any other
        g.add(new Gen("huge string arg (1 MB)", 3, n -> Input.bad("huge string arg (1 MB)", j,
                "{\"class\":\"Good\",\"args\":[\"" + mb + "\"]}")));
        g.add(new Gen("args missing", 20, n -> Input.bad("args missing", j, "{\"class\":\"Good\",\"n\":" + n + "}")));
        g.add(new Gen("args null", 20, n -> Input.bad("args null", j, "{\"class\":\"Good\",\"args\":null,\"n\":" + n + "}")));
        g.add(new Gen("arg is a string", 20, n -> Input.bad("arg is a string", j, "{\"class\":\"Good\",\"args\":[\"" + n + "\"]}")));
        g.add(new Gen("arg is a big integer", 10, n -> Input.bad("arg is a big integer", j,
                "{\"class\":\"Good\",\"args\":[123456789012345678901234567" + n + "]}")));
        g.add(new Gen("invalid UTF-8 in an arg", 20, n -> Input.bad("invalid UTF-8 in an arg", f,
                cat("{\"class\":\"Good\",\"args\":[\"a", bytes(0xff, 0xc3), "b" + n + "\"]}"))));
        return g;
    }

    /** Good jobs in spellings Ruby's JSON.parse accepts, beyond the client's canonical one. */
    private static Input goodVariant(int id) {
        return switch (id % 5) {
            case 0 -> Input.good("good: whitespace around", id, " \n{ \"class\" : \"Good\" , \"args\" : [ " + id + " ] }\n ");
            case 1 -> Input.good("good: extra keys", id, "{\"class\":\"Good\",\"args\":[" + id + "],\"id\":\"j" + id + "\"}");
            case 2 -> Input.good("good: args first", id, "{\"args\":[" + id + "],\"class\":\"Good\"}");
            case 3 -> Input.good("good: duplicate class key, last Good", id, "{\"class\":\"Nope\",\"class\":\"Good\",\"args\":[" + id + "]}");
            default -> Input.good("good: escaped class name", id, "{\"class\":\"\\u0047ood\",\"args\":[" + id + "]}");
        };
    }

    @Test
    void malformedPayloadsEndInTheFailedListAndGoodJobsAllRun() throws Exception {
        long seed = Long.getLong("poison.seed", System.nanoTime());
        System.out.println("PoisonInputTest seed " + seed + " (rerun with -Dpoison.seed=" + seed + ")");
        List<Input> inputs = new ArrayList<>();
        int goodCount = 2_000;
        for (int i = 0; i < goodCount; i++) {
            inputs.add(Input.good("good", i, "{\"class\":\"Good\",\"args\":[" + i + "]}"));
        }
        for (int i = goodCount; i < goodCount + 50; i++) {
            inputs.add(goodVariant(i));
        }
        int n = 0;
        for (Gen gen : badKinds()) {
            for (int k = 0; k < gen.count(); k++) {
                inputs.add(gen.make().apply(100_000 + n++));
            }
        }
        Collections.shuffle(inputs, new Random(seed));
        Map<Outcome, Long> byOutcome = inputs.stream().collect(Collectors.groupingBy(Input::outcome, TreeMap::new,
                Collectors.counting()));
        System.out.println("inputs: " + inputs.size() + " " + byOutcome);

        pushAll(inputs);
        assertThat(raw.call("LLEN", key("queue:" + QUEUE))).isEqualTo((long) inputs.size());

        pool = WorkerPool.create(config, WorkerOptions.builder(registry(), QUEUE).concurrency(4)
                .pollTimeout(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(2)).build());
        long t0 = System.nanoTime();
        pool.start();
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50)).until(() ->
                String.valueOf(inputs.size()).equals(raw.callString("GET", key("stat:processed"))));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("drained %d entries in %.2f s (%.0f/s)%n", inputs.size(), secs, inputs.size() / secs);

        // Every good job ran exactly once.
        Set<Integer> expectedGood = inputs.stream().filter(i -> i.outcome() == Outcome.GOOD).map(Input::goodId)
                .collect(Collectors.toSet());
        assertThat(goodRuns.keySet()).containsExactlyInAnyOrderElementsOf(expectedGood);
        assertThat(goodRuns.entrySet().stream().filter(e -> e.getValue().get() != 1).map(Map.Entry::getKey))
                .as("good jobs run more than once").isEmpty();

        // The failed list holds exactly the bad ones, each a well-formed Ruby failure entry.
        List<byte[]> failed = raw.list(key("failed"));
        long bad = inputs.size() - expectedGood.size();
        assertThat(failed).hasSize((int) bad);
        assertThat(raw.callString("GET", key("stat:failed"))).isEqualTo(String.valueOf(bad));
        assertThat(raw.call("LLEN", key("queue:" + QUEUE))).isEqualTo(0L);
        Map<String, Integer> expected = new HashMap<>();
        for (Input in : inputs) {
            if (in.outcome() != Outcome.GOOD) {
                expected.merge(in.outcome().exception + " | " + canonical(expectedPayload(in.bytes())), 1, Integer::sum);
            }
        }
        Map<String, Integer> actual = new HashMap<>();
        Set<String> ids = Set.copyOf(pool.workerIds());
        Map<String, String> sampleErrors = new TreeMap<>();
        for (byte[] entryBytes : failed) {
            String text = strictUtf8(entryBytes);
            JsonNode entry = STRICT.readTree(text);
            List<String> fields = new ArrayList<>();
            entry.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("failure entry fields, in Ruby's order").isEqualTo(ENTRY_FIELDS);
            assertThat(entry.get("failed_at").asText()).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d [A-Z+\\-0-9]+");
            assertThat(entry.get("exception").isTextual()).isTrue();
            assertThat(entry.get("error").asText()).as("reason").isNotBlank();
            assertThat(entry.get("backtrace").isArray()).isTrue();
            assertThat(ids).contains(entry.get("worker").asText());
            assertThat(entry.get("queue").asText()).isEqualTo(QUEUE);
            String exception = entry.get("exception").asText();
            actual.merge(exception + " | " + canonical(entry.get("payload")), 1, Integer::sum);
            String error = entry.get("error").asText();
            sampleErrors.putIfAbsent(exception + ": " + error.replaceAll("\\d+", "N"), "");
        }
        assertThat(diff(expected, actual)).as("failed entries that differ from the inputs (expected - actual)")
                .isEmpty();
        System.out.println("distinct failure reasons (digits as N):");
        sampleErrors.keySet().forEach(e -> System.out.println("  " + (e.length() > 240 ? e.substring(0, 240) + "…" : e)));

        reportInvalidUtf8(failed);

        // Stats: every entry counted once.
        assertThat(raw.callString("GET", key("stat:processed"))).isEqualTo(String.valueOf(inputs.size()));

        // Every worker is still registered, its thread alive, and all four take jobs at the same time.
        @SuppressWarnings("unchecked")
        List<Object> members = (List<Object>) raw.call("SMEMBERS", key("workers"));
        assertThat(members.stream().map(b -> new String((byte[]) b, StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrderElementsOf(pool.workerIds());
        Set<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
        for (String id : pool.workerIds()) {
            assertThat(alive).contains("resque4j-worker-" + id);
        }
        barrier = new CountDownLatch(4);
        List<byte[][]> finals = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            finals.add(RawResp.cmd("RPUSH", key("queue:" + QUEUE), "{\"class\":\"Barrier\",\"args\":[" + i + "]}"));
        }
        finals.add(RawResp.cmd("RPUSH", key("queue:" + QUEUE), "{\"class\":\"Good\",\"args\":[999999]}"));
        raw.pipeline(finals);
        await().atMost(Duration.ofSeconds(25)).until(() ->
                String.valueOf(inputs.size() + 5).equals(raw.callString("GET", key("stat:processed"))));
        assertThat(barrier.getCount()).isZero();
        assertThat(goodRuns.get(999999)).hasValue(1);
        assertThat(raw.call("LLEN", key("failed"))).isEqualTo(bad);
    }

    /**
     * Payloads that decode but that the json gem could not generate again: nesting deeper than its 100
     * levels (the reader accepts 1000), a number beyond double range (decoded as Infinity), and a lone
     * surrogate escape. Each must still end in the failed list, not vanish.
     */
    @Test
    void invalidUtf8ArrivingWhileTheWorkerBlocksKeepsItsBytesInTheFailure() throws Exception {
        pool = WorkerPool.create(config, WorkerOptions.builder(registry(), QUEUE).concurrency(1)
                .pollTimeout(Duration.ofSeconds(2)).build());
        pool.start();
        // Idle on one queue with crash-safe fetch: the worker waits in BLMOVE, the path that returns decoded text.
        await().atMost(Duration.ofSeconds(10)).until(() -> raw.callString("CLIENT", "LIST").contains("cmd=blmove"));
        byte[] bad = cat("{\"class\":\"Good\",\"args\":[\"\\\\", bytes(0xe2, 0x82), "\"]}");
        raw.call("RPUSH", key("queue:" + QUEUE), bad);
        await().atMost(Duration.ofSeconds(10)).until(() -> raw.list(key("failed")).size() == 1);
        JsonNode entry = STRICT.readTree(new String(raw.list(key("failed")).get(0), StandardCharsets.UTF_8));
        assertThat(entry.get("exception").asText()).isEqualTo(PayloadFormatException.class.getName());
        assertThat(entry.get("payload").asText()).isEqualTo(escapedBytes(bad))
                .isEqualTo("{\"class\":\"Good\",\"args\":[\"\\\\\\\\\\xE2\\x82\"]}");
        assertThat(entry.get("error").asText()).contains("not valid UTF-8 (first invalid byte at offset 27 of 32)");
        assertThat(goodRuns).isEmpty();
    }

    @Test
    void payloadsThatDecodeButCannotBeReEncodedStillEndInTheFailedList() throws Exception {
        runUnencodable();
    }

    private Map<String, Object> runUnencodable() throws Exception {
        List<Input> inputs = new ArrayList<>();
        inputs.add(Input.bad("args nested 150 deep", Outcome.JOB_ERROR,
                "{\"class\":\"Good\",\"args\":" + nested(150, "1") + "}"));
        inputs.add(Input.bad("top-level array nested 150 deep", Outcome.FORMAT, nested(150, "1")));
        inputs.add(Input.bad("number beyond double range", Outcome.JOB_ERROR, "{\"class\":\"Good\",\"args\":[1e400]}"));
        inputs.add(Input.bad("lone surrogate escape in an arg", Outcome.JOB_ERROR,
                "{\"class\":\"Good\",\"args\":[\"\\ud800\"]}"));
        inputs.add(Input.bad("lone surrogate escape in the class", Outcome.UNKNOWN_CLASS,
                "{\"class\":\"N\\udc00pe\",\"args\":[1]}"));
        for (int i = 0; i < 20; i++) {
            inputs.add(Input.good("good", i, "{\"class\":\"Good\",\"args\":[" + i + "]}"));
        }
        pushAll(inputs);
        pool = WorkerPool.create(config, WorkerOptions.builder(registry(), QUEUE).concurrency(1)
                .pollTimeout(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(1)).build());
        pool.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(0L).equals(raw.call("LLEN", key("queue:" + QUEUE))));
        Thread.sleep(1_000);
        pool.close();
        Map<String, Object> outcome = new java.util.LinkedHashMap<>();
        outcome.put("entries", inputs.size());
        outcome.put("good ran", goodRuns.size());
        outcome.put("stat:processed", raw.callString("GET", key("stat:processed")));
        List<byte[]> failed = raw.list(key("failed"));
        outcome.put("failed entries", failed.size());
        List<String> failedPayloads = new ArrayList<>();
        for (byte[] f : failed) {
            JsonNode e = STRICT.readTree(new String(f, StandardCharsets.UTF_8));
            String p = e.get("payload").toString();
            failedPayloads.add(e.get("exception").asText() + " " + (p.length() > 80 ? p.substring(0, 80) + "…" : p));
        }
        outcome.put("failed", failedPayloads);
        System.out.println("non-re-encodable payloads: " + outcome);
        assertThat(goodRuns).hasSize(20);
        assertThat(failed).as("every bad entry recorded").hasSize(5);
        assertThat(raw.callString("GET", key("stat:processed"))).isEqualTo(String.valueOf(inputs.size()));
        return outcome;
    }

    /** RPUSH the bytes as they are, 200 per round trip. */
    private void pushAll(List<Input> inputs) {
        raw.call("SADD", key("queues"), QUEUE);
        List<byte[][]> batch = new ArrayList<>();
        for (Iterator<Input> it = inputs.iterator(); it.hasNext();) {
            batch.add(RawResp.cmd("RPUSH", key("queue:" + QUEUE), it.next().bytes()));
            if (batch.size() == 200 || !it.hasNext()) {
                raw.pipeline(batch);
                batch.clear();
            }
        }
    }

    /**
     * What the failure entry's payload should be: the JSON value when the text (as the JVM decodes the bytes:
     * malformed UTF-8 becomes U+FFFD) is valid JSON, else the text itself.
     */
    private static JsonNode expectedPayload(byte[] bytes) {
        try {
            strictUtf8(bytes);
        } catch (CharacterCodingException notUtf8) {
            return TextNode.valueOf(escapedBytes(bytes)); // the stored bytes, losslessly (see below)
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            JsonNode v = STRICT.readTree(text);
            return v == null || v.isMissingNode() ? TextNode.valueOf(text) : v;
        } catch (Exception notJson) {
            return TextNode.valueOf(text);
        }
    }

    /**
     * The failure payload for bytes that are not UTF-8, written independently of the library: RFC 3629's
     * well-formed sequences as characters, any other byte as {@code \xNN}, a backslash as {@code \\}.
     */
    static String escapedBytes(byte[] b) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            boolean ok = len > 0 && i + len <= b.length;
            for (int k = 1; ok && k < len; k++) {
                int x = b[i + k] & 0xff;
                int lo = 0x80;
                int hi = 0xBF;
                if (k == 1) {
                    lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
                    hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
                }
                ok = x >= lo && x <= hi;
            }
            if (ok) {
                String ch = new String(b, i, len, StandardCharsets.UTF_8);
                out.append(ch.equals("\\") ? "\\\\" : ch);
                i += len;
            } else {
                out.append(String.format("\\x%02X", c));
                i++;
            }
        }
        return out.toString();
    }

    private static String canonical(JsonNode n) {
        return n.toString();
    }

    private static String strictUtf8(byte[] b) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    }

    private static Map<String, Integer> diff(Map<String, Integer> expected, Map<String, Integer> actual) {
        Map<String, Integer> d = new TreeMap<>();
        Set<String> keys = new java.util.HashSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            int delta = expected.getOrDefault(k, 0) - actual.getOrDefault(k, 0);
            if (delta != 0) {
                d.put(k.length() > 200 ? k.substring(0, 200) + "…" : k, delta);
            }
        }
        return d;
    }

    /** Prints what became of non-UTF-8 bytes: the stored entry's payload bytes for one such input. */
    private void reportInvalidUtf8(List<byte[]> failed) throws Exception {
        byte[] input = cat(bytes(0xff, 0xfe, 0xfd), "#", bytes(0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x80, 0xf8, 0x88, 0x80,
                0x80, 0x80));
        for (byte[] f : failed) {
            JsonNode e = STRICT.readTree(new String(f, StandardCharsets.UTF_8));
            String p = e.get("payload").isTextual() ? e.get("payload").asText() : "";
            if (p.startsWith("\\xFF") && p.contains("#")) {
                String stored = p.replaceAll("#\\d+", "#");
                System.out.println("invalid UTF-8: input bytes " + HexFormat.ofDelimiter(" ").formatHex(input)
                        + " -> failure payload " + stored + "; error: " + e.get("error").asText());
                assertThat(stored).isEqualTo(escapedBytes(input));
                return;
            }
        }
    }
}
