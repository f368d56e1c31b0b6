package io.github.resque4j.cron;

import io.github.resque4j.testsupport.Compat;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Replays {@code compat/fugit/next_times.tsv}, recorded from real fugit 1.5.2 / rufus-scheduler 3.8.2 by
 * {@code compat/tools/record_fugit.rb}: every row must match exactly.
 */
class FugitGoldenTest {
    private static final String FILE = "fugit/next_times.tsv";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private static List<String[]> rows(String kind) {
        List<String[]> out = new ArrayList<>();
        for (String line : Compat.file(FILE).split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols[0].equals(kind)) {
                out.add(cols);
            }
        }
        return out;
    }

    @Test
    void tableIsLargeEnough() {
        List<String[]> cron = rows("cron");
        Set<String> expressions = new LinkedHashSet<>();
        Set<String> accepted = new LinkedHashSet<>();
        for (String[] r : cron) {
            expressions.add(r[1]);
            if (r[4].equals("ok")) {
                accepted.add(r[1]);
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(60);
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(60);
        assertThat(rows("every")).hasSizeGreaterThanOrEqualTo(40);
    }

    @TestFactory
    Stream<DynamicTest> cronRows() {
        return rows("cron").stream().map(r -> DynamicTest.dynamicTest(String.join(" | ", r), () -> cronRow(r)));
    }

    @TestFactory
    Stream<DynamicTest> everyRows() {
        return rows("every").stream().map(r -> DynamicTest.dynamicTest(String.join(" | ", r), () -> everyRow(r)));
    }

    private static void cronRow(String[] r) {
        String row = String.join("\t", r);
        String expr = Json.string(r[1]);
        ZoneId dz = ZoneId.of(r[2]);
        String outcome = r[4];
        String note = r[6];
        if (note.startsWith("refuse:") || outcome.equals("invalid") || outcome.equals("error")) {
            assertThatThrownBy(() -> CronSchedule.parse(expr, dz))
                .as("row %s", row).isInstanceOf(ScheduleFormatException.class)
                .hasMessageContaining(RubyText.inspect(expr));
            return;
        }
        List<String> expected = new ArrayList<>(Arrays.asList(r[5].split(" ")));
        boolean fugitRaises = outcome.equals("next_error");
        if (fugitRaises) {
            expected.remove(expected.size() - 1); // the "!Class: message" tail
            if (r[5].startsWith("!")) {
                expected.clear();
            }
        } else {
            assertThat(outcome).as("row %s", row).isEqualTo("ok");
        }
        CronSchedule c;
        try {
            c = CronSchedule.parse(expr, dz);
        } catch (ScheduleFormatException e) {
            if (fugitRaises && expected.isEmpty()) {
                return; // refusing what fugit can never answer for is allowed
            }
            throw new AssertionError("row " + row + ": rejected: " + e.getMessage(), e);
        }
        ZonedDateTime from = Instant.parse(r[3]).atZone(dz);
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Optional<ZonedDateTime> n = c.nextAfter(from);
            if (n.isEmpty()) {
                break;
            }
            from = n.get();
            actual.add(ISO.format(from));
        }
        assertThat(actual).as("row %s", row).containsExactlyElementsOf(expected);
        if (fugitRaises) {
            assertThat(c.nextAfter(from)).as("row %s: fugit raises here", row).isEmpty();
        }
    }

    private static void everyRow(String[] r) {
        String row = String.join("\t", r);
        String text = Json.string(r[1]);
        String fugit = r[2];
        String rufus = r[3];
        String note = r[4];

        FugitDuration.Num n = FugitDuration.toSec(text);
        if (fugit.equals("nil")) {
            assertThat(n).as("row %s", row).isNull();
        } else if (fugit.startsWith("int ")) {
            assertThat(n).as("row %s", row).isNotNull();
            assertThat(n.isFloat()).as("row %s: Integer", row).isFalse();
            assertThat(n.i).as("row %s", row).isEqualTo(new BigInteger(fugit.substring(4)));
        } else if (fugit.startsWith("float ")) {
            assertThat(n).as("row %s", row).isNotNull();
            assertThat(n.isFloat()).as("row %s: Float", row).isTrue();
            assertThat(n.d).as("row %s", row).isEqualTo(Double.parseDouble(fugit.substring(6)));
        } else {
            fail("row %s: unexpected fugit column", row);
        }

        if (note.startsWith("refuse:") || rufus.startsWith("error ")) {
            assertThatThrownBy(() -> EveryDuration.parse(text))
                .as("row %s", row).isInstanceOf(ScheduleFormatException.class)
                .hasMessageContaining(RubyText.inspect(text));
            return;
        }
        assertThat(rufus).as("row %s", row).startsWith("ok ");
        EveryDuration d = EveryDuration.parse(text);
        String value = rufus.substring(rufus.indexOf(' ', 3) + 1);
        assertThat(d.seconds()).as("row %s", row).isEqualTo(Double.parseDouble(value));
        double fromDuration = d.duration().getSeconds() + d.duration().getNano() / 1e9;
        assertThat(fromDuration).as("row %s: duration()", row).isCloseTo(d.seconds(),
            org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, d.seconds())));
    }

    /** JSON string literal decoding (the expression column is a JSON string, as Ruby's to_json writes it). */
    static final class Json {
        private Json() {
        }

        static String string(String lit) {
            if (lit.length() < 2 || lit.charAt(0) != '"' || lit.charAt(lit.length() - 1) != '"') {
                throw new IllegalArgumentException("not a JSON string: " + lit);
            }
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < lit.length() - 1; i++) {
                char c = lit.charAt(i);
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = lit.charAt(++i);
                switch (e) {
                    case 'n':
                        b.append('\n');
                        break;
                    case 't':
                        b.append('\t');
                        break;
                    case 'r':
                        b.append('\r');
                        break;
                    case 'b':
                        b.append('\b');
                        break;
                    case 'f':
                        b.append('\f');
                        break;
                    case 'u':
                        b.append((char) Integer.parseInt(lit.substring(i + 1, i + 5), 16));
                        i += 4;
                        break;
                    default:
                        b.append(e);
                }
            }
            return b.toString();
        }
    }
}
