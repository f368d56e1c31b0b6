package io.github.resque4j.cron;

import io.github.resque4j.ResqueException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API behaviour and error messages of {@link CronSchedule}; the fire times themselves are in FugitGoldenTest. */
class CronScheduleTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId NY = ZoneId.of("America/New_York");

    private static ZonedDateTime at(String instant, ZoneId zone) {
        return Instant.parse(instant).atZone(zone);
    }

    @Test
    void accessors() {
        CronSchedule c = CronSchedule.parse("*/15 * * * *", NY);
        assertThat(c.expression()).isEqualTo("*/15 * * * *");
        assertThat(c.zone()).isEqualTo(NY);
        assertThat(c.defaultZone()).isEqualTo(NY);
        assertThat(c.hasSeconds()).isFalse();

        CronSchedule s = CronSchedule.parse("30 0 9 * * mon-fri Europe/Berlin", NY);
        assertThat(s.hasSeconds()).isTrue();
        assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(s.defaultZone()).isEqualTo(NY);

        assertThat(CronSchedule.parse("@hourly", UTC).hasSeconds()).isFalse();
        assertThat(CronSchedule.parse("0 9 * * * +05:30", UTC).zone()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(CronSchedule.parse("0 0 * * *").defaultZone()).isEqualTo(ZoneId.systemDefault());
        assertThat(CronSchedule.parse("0 0 * * *", UTC)).isEqualTo(CronSchedule.parse("0 0 * * *", UTC))
            .isNotEqualTo(CronSchedule.parse("0 0 * * *", NY));
    }

    @Test
    void nextIsStrictlyAfterAndTruncatesToTheSecond() {
        CronSchedule c = CronSchedule.parse("*/5 * * * *", UTC);
        assertThat(c.nextAfter(at("2025-11-24T16:00:00Z", UTC))).contains(at("2025-11-24T16:05:00Z", UTC));
        assertThat(c.nextAfter(at("2025-11-24T16:04:59.999Z", UTC))).contains(at("2025-11-24T16:05:00Z", UTC));
        CronSchedule everySecond = CronSchedule.parse("* * * * * *", UTC);
        assertThat(everySecond.nextAfter(at("2025-11-24T16:00:00.500Z", UTC)))
            .contains(at("2025-11-24T16:00:01Z", UTC));
    }

    @Test
    void resultIsInTheZoneOfTheStartLikeFugit() {
        CronSchedule c = CronSchedule.parse("0 9 * * * Asia/Tokyo", NY);
        Optional<ZonedDateTime> n = c.nextAfter(at("2025-11-24T16:00:00Z", NY));
        assertThat(n).isPresent();
        assertThat(n.get().getZone()).isEqualTo(NY);
        assertThat(n.get().toInstant()).isEqualTo(Instant.parse("2025-11-25T00:00:00Z"));
    }

    @Test
    void fallBackSkipRebindsTheStartToTheCronZoneLikeFugit() {
        // From 04:00 UTC (00:00 EDT) fugit skips 04:00 EST because it reads like the start "04:00:00" with another
        // offset, and answers in the cron's zone.
        CronSchedule c = CronSchedule.parse("0 4 * * * America/New_York", UTC);
        ZonedDateTime n = c.nextAfter(at("2025-11-02T04:00:00Z", UTC)).orElseThrow();
        assertThat(n.toInstant()).isEqualTo(Instant.parse("2025-11-03T09:00:00Z"));
        assertThat(n.getZone()).isEqualTo(NY);
    }

    @Test
    void emptyWhereFugitRaises() {
        // 2023-10-01 00:00 does not exist in Asuncion; fugit's inc_month raises TZInfo::PeriodNotFound
        CronSchedule c = CronSchedule.parse("0 12 * 10 * America/Asuncion", UTC);
        assertThat(c.nextAfter(at("2023-09-15T12:00:00Z", UTC))).isEmpty();
        assertThat(c.nextAfter(at("2023-10-02T12:00:00Z", UTC))).isPresent();
    }

    @Test
    void exceptionType() {
        assertThatThrownBy(() -> CronSchedule.parse("nope", UTC))
            .isInstanceOf(ScheduleFormatException.class).isInstanceOf(ResqueException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "0 0 15W * *|W (nearest weekday) day-of-month modifier is not supported by fugit 1.5.2",
        "0 0 ? * 1|'?' is not supported by fugit 1.5.2",
        "@reboot|@reboot has no recurring time",
        "@HOURLY|unknown special",
        "' * * * * *'|leading or trailing whitespace",
        "* * * *|fugit expects 5 fields",
        "* * * * * * * * *|too many fields",
        "60 * * * *|fugit 1.5.2 does not parse it",
        "0 9 * * * GMT+1|ABBR+N shape",
        "0 9 * * * CET+1|cannot reproduce",
        "0 9 * * * Mars/Olympus|unknown time zone 'Mars/Olympus'",
        "0 9 * * * +12:00|unknown time zone '+12:00'",
        "0 9 * * * UTC+5|TZInfo::InvalidTimezoneIdentifier: Invalid identifier: UTC+5",
        "*/0 * * * *|ZeroDivisionError: divided by 0 (a /0 step)",
        "0 0 30 2 *|no listed day exists in the listed months",
        "0 0 * * mon%0|modulo %0",
        "0 0 * ſep *|month 0",
        "0 0 * * mon%99999999999|does not fit a Java int",
        "0 9 -1-5 * *|both start and end must be negative",
        "* * * * mon#1,mon%2|comparison of Array with Array failed",
    })
    void errorMessagesNameTheExpressionAndTheProblem(String expression, String problem) {
        assertThatThrownBy(() -> CronSchedule.parse(expression, UTC))
            .isInstanceOf(ScheduleFormatException.class)
            .hasMessageStartingWith("invalid cron expression \"" + expression + "\": ")
            .hasMessageContaining(problem);
    }

    @Test
    void errorMessageEscapesControlCharacters() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * *\n", UTC))
            .hasMessageStartingWith("invalid cron expression \"0 0 * * *\\n\": ");
    }

    @Test
    void nullsAreProgrammingErrors() {
        assertThatThrownBy(() -> CronSchedule.parse(null, UTC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CronSchedule.parse("* * * * *", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CronSchedule.parse("* * * * *", UTC).nextAfter(null))
            .isInstanceOf(NullPointerException.class);
    }
}
