package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.testsupport.RubyResque;

/**
 * Java enqueues, a real Ruby Resque 3.0 worker runs {@code EchoJob}, which re-encodes the arguments Ruby decoded
 * ({@code Resque.encode(args)}, json gem) into {@code <ns>:interop:echo}. Equal bytes mean: Ruby read every value
 * as the type and value Java meant, and Java's encoder writes exactly what Ruby writes for it.
 */
@ExtendWith(RedisExtension.class)
class RubyEchoInteropTest {
    private final RubyJson json = RubyJson.jsonGem();

    /** One echo case: a name (also the job's first argument) and the rest of the arguments. */
    private record Shape(String name, List<Object> args) {
        List<Object> jobArgs() {
            List<Object> all = new ArrayList<>();
            all.add(name);
            all.addAll(args);
            return all;
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Shape> shapes() {
        BigInteger two = BigInteger.TWO;
        Map<String, Object> nested = map("b", 1, "a", Arrays.asList(1.5, null, "é"),
                "deep", map("deeper", map("deepest", List.of(map(), List.of(), List.of(List.of())))),
                "ключ", "значение", "", "empty key", "emoji 😀", map("z", 0, "y", -0.0));
        return List.of(
                new Shape("ints", List.of(0, 1, -1, -42, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                        Long.MIN_VALUE, 9_007_199_254_740_993L)),
                new Shape("big integers", List.of(two.pow(63), two.pow(64).add(BigInteger.ONE), two.pow(70).negate(),
                        new BigInteger("123456789012345678901234567890123456789"))),
                new Shape("floats", List.of(0.1, 1.0, 3.14, -2.5, 100.0, 0.0, -0.0, 1.0e-05, 1.5e-07, 0.0001,
                        9.99e-05, 999999999999999.0, 1.0e+15, 1.0e+16, 1.0e+20, 1.0e100, 123456789.125,
                        5.0e-324, 1.7976931348623157e+308, -1.0e-05, 1.0 / 3)),
                new Shape("unicode", List.of("héllo", "日本語", "😀", "a\u2028b\u2029c", "\uD834\uDD1E clef",
                        "e\u0301 combining", "\u007f del", "\uFEFF bom", "\u00a0 nbsp")),
                new Shape("control and escapes", List.of("a\u0000b", "\u0001\u001f", "\t\n\r\b\f", "\"\\",
                        "a/b</script>", "<>&'", "\u000b vertical tab", "\u001b[0m")),
                new Shape("nested hashes", List.of(nested, List.of(nested, List.of(nested)))),
                new Shape("empty", List.of(List.of(), map(), "", List.of(List.of()), List.of(map()))),
                new Shape("null and booleans", Arrays.asList(null, true, false, Arrays.asList(null, null),
                        map("t", true, "f", false, "n", null))),
                new Shape("no other arguments", List.of()),
                new Shape("everything together", Arrays.asList(1, "two", 3.0, 1.0e20, two.pow(64).add(BigInteger.ONE),
                        nested, "😀\u2028", null, true, List.of(), map())));
    }

    @Test
    void rubyReEncodesEveryJsonShapeJavaEnqueuedToTheSameBytes(RedisKit kit) throws Exception {
        RubyResque.assumeAvailable();
        List<Shape> shapes = shapes();
        ResqueClient client = kit.client();
        for (Shape s : shapes) {
            client.enqueue("default", "EchoJob", s.jobArgs().toArray());
        }
        // What Java wrote, before any Ruby touches it.
        List<String> written = kit.list("queue:default");
        assertThat(written).hasSize(shapes.size());
        try (RubyResque.RubyWorker worker = RubyResque.startWorker(kit.server(), kit.ns().name(), "default")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kit.list("interop:echo").size() == shapes.size());
        }
        List<String> echoed = kit.list("interop:echo"); // one worker: FIFO, so in enqueue order
        assertThat(kit.list("queue:default")).isEmpty();
        assertThat(kit.list("failed")).isEmpty();
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            String args = json.encode(s.jobArgs());
            soft.assertThat(written.get(i)).as("%s: payload Java wrote", s.name())
                    .isEqualTo("{\"class\":\"EchoJob\",\"args\":" + args + "}");
            soft.assertThat(echoed.get(i)).as("%s: args re-encoded by Ruby", s.name()).isEqualTo(args);
        }
        soft.assertAll();
    }
}
