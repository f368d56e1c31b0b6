package io.github.resque4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class RubyTimeTest {
    private final Instant t = Instant.parse("2026-11-25T13:40:49Z");

    @Test
    void spellsEveryRubyFormatInTheGivenZone() {
        RubyTime utc = new RubyTime(ZoneId.of("UTC"));
        RubyTime ny = new RubyTime(ZoneId.of("America/New_York"));
        assertThat(utc.toS(t)).isEqualTo("2026-11-25 13:40:49 +0000");
        assertThat(ny.toS(t)).isEqualTo("2026-11-25 08:40:49 -0500");
        assertThat(utc.iso8601(t)).isEqualTo("2026-11-25T13:40:49+00:00");
        assertThat(ny.iso8601(t)).isEqualTo("2026-11-25T08:40:49-05:00");
        assertThat(RubyTime.iso8601Utc(t)).isEqualTo("2026-11-25T13:40:49Z");
        assertThat(utc.failedAt(t)).isEqualTo("2026/11/25 13:40:49 UTC");
        assertThat(ny.failedAt(t)).isEqualTo("2026/11/25 08:40:49 EST");
        assertThat(utc.withoutZone(t)).isEqualTo("2026/11/25 13:40:49");
    }

    @Test
    void parsesWhatRubyAndNodeResqueWrite() {
        assertThat(RubyTime.parse("2026-11-25T13:40:49+00:00")).contains(t);
        assertThat(RubyTime.parse("2026-11-25T08:40:49-05:00")).contains(t);
        assertThat(RubyTime.parse("2026-11-25T13:40:49Z")).contains(t);
        assertThat(RubyTime.parse("2026-11-25 08:40:49 -0500")).contains(t);
        assertThat(RubyTime.parse("2026/11/25 13:40:49 UTC")).contains(t);
        assertThat(RubyTime.parse("Wed Nov 25 2026 13:40:49 GMT+0000 (Coordinated Universal Time)")).contains(t);
        assertThat(RubyTime.parse("1767225600000")).isEmpty();
        assertThat(RubyTime.parse(null)).isEmpty();
    }
}
