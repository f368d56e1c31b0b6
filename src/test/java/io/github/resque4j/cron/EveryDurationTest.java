package io.github.resque4j.cron;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API behaviour and error messages of {@link EveryDuration}; fugit's values themselves are in FugitGoldenTest. */
class EveryDurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "30s, PT30S",
        "1h30m, PT1H30M",
        "2d, PT48H",
        "1w, PT168H",
        "1M, PT720H",
        "1y, PT8760H",
        "1.5h, PT1H30M",
        "PT1H, PT1H",
        "90, PT1M30S",
        "0.3s, PT0.3S",
    })
    void durations(String text, String iso) {
        EveryDuration d = EveryDuration.parse(text);
        assertThat(d.duration()).isEqualTo(Duration.parse(iso));
        assertThat(d.text()).isEqualTo(text);
    }

    @Test
    void monthsAndYearsAreFixedLengthsLikeFugit() {
        assertThat(EveryDuration.parse("1M").seconds()).isEqualTo(30 * 86400.0);
        assertThat(EveryDuration.parse("3 months").duration()).isEqualTo(Duration.ofDays(90));
        assertThat(EveryDuration.parse("1y").duration()).isEqualTo(Duration.ofDays(365));
        assertThat(EveryDuration.parse("P1Y2M").duration()).isEqualTo(Duration.ofDays(365 + 60));
    }

    @Test
    void floatsAreRubyFloats() {
        EveryDuration d = EveryDuration.parse("1.1h");
        assertThat(d.seconds()).isEqualTo(3960.0000000000005);
        assertThat(d.duration()).isEqualTo(Duration.ofSeconds(3960)); // rounded to the nanosecond
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "abc|not a duration fugit 1.5.2 parses",
        "3 Months|not a duration fugit 1.5.2 parses",
        "''|it is 0 seconds; rufus-scheduler cannot schedule every with a frequency <= 0",
        "-1h|it is -3600 seconds",
        "0s|frequency <= 0",
        "0.29s|shorter than rufus-scheduler's scheduler frequency (0.3 s)",
        "10000000000000000000000s|does not fit a java.time.Duration",
    })
    void errorMessagesNameTheTextAndTheProblem(String text, String problem) {
        assertThatThrownBy(() -> EveryDuration.parse(text))
            .isInstanceOf(ScheduleFormatException.class)
            .hasMessageStartingWith("invalid every duration \"" + text + "\": ")
            .hasMessageContaining(problem);
    }

    @Test
    void equality() {
        assertThat(EveryDuration.parse("1h")).isEqualTo(EveryDuration.parse("1h"));
        assertThat(EveryDuration.parse("1h").toString()).contains("PT1H");
        assertThatThrownBy(() -> EveryDuration.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
