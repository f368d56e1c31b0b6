package io.github.resque4j.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.resque4j.Job;
import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.PayloadFormatException;
import io.github.resque4j.internal.scheduler.DelayedItems;
import io.github.resque4j.json.JsonProfile;
import io.github.resque4j.json.RubyJson;

/** resque-scheduler's encodings and Ruby conversions, without Redis. */
class DelayedItemsTest {
    private final RubyJson json = RubyJson.jsonGem();

    @Test
    void delayedJsonIsClassArgsQueueInThatOrder() {
        assertThat(DelayedItems.encode(json, "default", Job.of("SimpleJob", 1, "a")))
                .isEqualTo("{\"class\":\"SimpleJob\",\"args\":[1,\"a\"],\"queue\":\"default\"}");
        assertThat(DelayedItems.encode(json, "q", Job.of("A::B")))
                .isEqualTo("{\"class\":\"A::B\",\"args\":[],\"queue\":\"q\"}");
        assertThatThrownBy(() -> DelayedItems.encode(json, "q", Job.of("A", Double.NaN)))
                .isInstanceOf(JsonEncodingException.class);
    }

    @Test
    void theConfiguredJsonProfileDecidesTheBytes() {
        // ActiveSupport escapes <, > and & (WIRE.md 4.4); byte-based removal must use the writer's profile
        String gem = DelayedItems.encode(RubyJson.of(JsonProfile.JSON_GEM), "q", Job.of("A", "<&>"));
        String as = DelayedItems.encode(RubyJson.of(JsonProfile.ACTIVE_SUPPORT), "q", Job.of("A", "<&>"));
        assertThat(gem).isEqualTo("{\"class\":\"A\",\"args\":[\"<&>\"],\"queue\":\"q\"}");
        assertThat(as).isNotEqualTo(gem).startsWith("{\"class\":\"A\",\"args\":[").endsWith("],\"queue\":\"q\"}");
    }

    @Test
    void dueItemsAreNormalisedAsEnqueueFromConfigDoes() {
        assertThat(DelayedItems.due(json, "{\"class\":\"A\",\"args\":[1],\"queue\":\"q\"}"))
                .isEqualTo(new DelayedItems.Due("q", Job.of("A", 1)));
        assertThat(DelayedItems.due(json, "{\"queue\":\"q\",\"args\":{\"k\":1},\"class\":\"A\"}").job().args())
                .containsExactly(Map.of("k", 1));
        assertThat(DelayedItems.due(json, "{\"class\":\"A\",\"args\":\"s\",\"queue\":\"q\"}").job().args())
                .containsExactly("s");
        assertThat(DelayedItems.due(json, "{\"class\":\"A\",\"args\":null,\"queue\":\"q\"}").job().args()).isEmpty();
        assertThat(DelayedItems.due(json, "{\"class\":\"A\",\"queue\":\"\"}").queue()).isEmpty();
        assertThatThrownBy(() -> DelayedItems.due(json, "{\"class\":\"A\",\"args\":[]}"))
                .isInstanceOf(PayloadFormatException.class).hasMessageContaining("NoQueueError");
        assertThatThrownBy(() -> DelayedItems.due(json, "{\"class\":\"A\",\"args\":[],\"queue\":null}"))
                .isInstanceOf(PayloadFormatException.class);
        assertThatThrownBy(() -> DelayedItems.due(json, "{\"args\":[],\"queue\":\"q\"}"))
                .isInstanceOf(PayloadFormatException.class);
        assertThatThrownBy(() -> DelayedItems.due(json, "{\"class\":\" \",\"queue\":\"q\"}"))
                .isInstanceOf(PayloadFormatException.class);
        assertThatThrownBy(() -> DelayedItems.due(json, "[1]")).isInstanceOf(PayloadFormatException.class);
    }

    @Test
    void normaliseArgsIsRubysArrayConversion() {
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertThat(DelayedItems.normaliseArgs(null)).isEmpty();
        assertThat(DelayedItems.normaliseArgs(List.of(1, 2))).containsExactly(1, 2);
        assertThat(DelayedItems.normaliseArgs(withNull)).containsExactly((Object) null);
        assertThat(DelayedItems.normaliseArgs(5)).containsExactly(5);
        assertThat(DelayedItems.normaliseArgs(true)).containsExactly(true);
    }

    @Test
    void rubyToIReadsALeadingInteger() {
        assertThat(DelayedItems.rubyToI("2000000000")).isEqualTo(2_000_000_000L);
        assertThat(DelayedItems.rubyToI(" -12abc")).isEqualTo(-12);
        assertThat(DelayedItems.rubyToI("+7")).isEqualTo(7);
        assertThat(DelayedItems.rubyToI("1_000")).isEqualTo(1000);
        assertThat(DelayedItems.rubyToI("1__0")).isEqualTo(1);
        assertThat(DelayedItems.rubyToI("12.9")).isEqualTo(12);
        assertThat(DelayedItems.rubyToI("abc")).isZero();
        assertThat(DelayedItems.rubyToI("")).isZero();
    }

    @Test
    void timestampOfMemberIsTrDelayedToI() {
        // key.tr('delayed:', '').to_i removes the characters d e l a y : anywhere, then reads the integer
        assertThat(DelayedItems.timestampOfMember("delayed:2000000000")).isEqualTo(2_000_000_000L);
        assertThat(DelayedItems.timestampOfMember("delayed:-5x")).isEqualTo(-5);
        assertThat(DelayedItems.timestampOfMember("delayed:")).isZero();
        assertThat(DelayedItems.timestampOfMember("other:17")).isEqualTo(0); // "othr17": no leading digits
    }
}
