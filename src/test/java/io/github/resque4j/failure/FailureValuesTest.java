package io.github.resque4j.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The value types, without Redis. */
class FailureValuesTest {
    private static FailureEntry entry(String cls, String exception, String queue, String failedAt, String retriedAt) {
        return new FailureEntry("failed", 0, "{}", failedAt, cls == null ? null : Map.of("class", cls, "args",
                List.of(1)), exception, "e", null, "w", queue, retriedAt, Optional.empty());
    }

    @Test
    void filterCriteriaCombineWithAnd() {
        FailureEntry e = entry("A", "E", "q", "2026/11/25 10:00:00 UTC", null);
        assertThat(FailureFilter.all().matches(e)).isTrue();
        assertThat(FailureFilter.all().isAll()).isTrue();
        assertThat(FailureFilter.builder().className("A").exception("E").queue("q").retried(false).build().matches(e))
                .isTrue();
        assertThat(FailureFilter.builder().className("A").exception("X").build().matches(e)).isFalse();
        assertThat(FailureFilter.builder().retried(true).build().matches(e)).isFalse();
        assertThat(FailureFilter.builder().queue("q").build().isAll()).isFalse();
    }

    @Test
    void timeRangeIsHalfOpenAndUnknownTimesNeverMatch() {
        Instant ten = Instant.parse("2026-11-25T10:00:00Z");
        FailureFilter f = FailureFilter.builder().failedFrom(ten).failedTo(ten.plusSeconds(1)).build();
        assertThat(f.matches(entry("A", "E", "q", "2026/11/25 10:00:00 UTC", null))).isTrue();
        assertThat(f.matches(entry("A", "E", "q", "2026/11/25 05:00:00 EST", null))).isTrue();
        assertThat(f.matches(entry("A", "E", "q", "2026/11/25 10:00:01 UTC", null))).isFalse();
        assertThat(f.matches(entry("A", "E", "q", "2026/11/25 10:00:00", null))).isFalse(); // no zone: unknown
        assertThat(f.matches(entry("A", "E", "q", "1767225600", null))).isFalse();
        assertThat(f.matches(entry("A", "E", "q", null, null))).isFalse();
        assertThat(FailureFilter.builder().className("A").build().matches(entry("A", "E", "q", null, null))).isTrue();
        assertThatThrownBy(() -> FailureFilter.builder().failedFrom(ten).failedTo(ten.minusSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filterIsAValue() {
        FailureFilter f = FailureFilter.builder().className("A").failedFrom(Instant.EPOCH).build();
        assertThat(f.toBuilder().build()).isEqualTo(f).hasSameHashCodeAs(f);
        assertThat(f.toBuilder().className(null).build()).isNotEqualTo(f);
        assertThat(f.className()).contains("A");
        assertThat(f.exception()).isEmpty();
        assertThat(f.toString()).contains("class=A");
        assertThat(FailureFilter.all().toString()).isEqualTo("FailureFilter{all}");
    }

    @Test
    void entryConveniences() {
        FailureEntry e = entry("A", "E", "q", "2026/11/25 10:00:00 UTC", "2026/11/25 11:00:00 UTC");
        assertThat(e.className()).isEqualTo("A");
        assertThat(e.args()).containsExactly(1);
        assertThat(e.retried()).isTrue();
        assertThat(e.backtrace()).isEmpty();
        FailureEntry bare = new FailureEntry("failed", 1, "x", null, "not a map", null, null, List.of(), null, null,
                null, Optional.of("not a JSON object"));
        assertThat(bare.className()).isNull();
        assertThat(bare.args()).isEmpty();
        assertThat(bare.failedAtInstant()).isEmpty();
        assertThat(bare.toString()).contains("failed[1] x problem=not a JSON object");
        assertThatThrownBy(() -> new FailureEntry(null, 0, "x", null, null, null, null, null, null, null, null,
                Optional.empty())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void bulkResultsAdd() {
        assertThat(new BulkResult(3, 2, 1, 0, false).plus(new BulkResult(2, 1, 0, 1, true)))
                .isEqualTo(new BulkResult(5, 3, 1, 1, true));
        assertThatThrownBy(() -> new BulkResult(-1, 0, 0, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
