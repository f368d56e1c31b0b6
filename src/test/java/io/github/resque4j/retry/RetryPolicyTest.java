package io.github.resque4j.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

/** {@link RetryPolicy} and {@link Backoff} decisions, checked against resque-retry 1.8.1's source (lib/resque/plugins). */
class RetryPolicyTest {
    private static final List<Object> ARGS = List.of(1, "a");

    /** A generator that must not be asked: the bounds are equal, so Ruby draws nothing either. */
    private static final RandomGenerator NO_DRAW = () -> {
        throw new AssertionError("no random draw expected");
    };

    @Test
    void defaultsAreThePluginsOneRetryNoDelayEveryException() {
        RetryPolicy p = RetryPolicy.builder().build();
        assertThat(p.limit()).isEqualTo(1);
        assertThat(p.delay(0, NO_DRAW)).isZero();
        assertThat(p.shouldRetry(0, new RuntimeException(), ARGS)).isTrue();
        assertThat(p.shouldRetry(1, new RuntimeException(), ARGS)).isFalse(); // attempt 1 >= limit 1
        assertThat(p.expireKeyAfter()).isEmpty();
        assertThat(p.queue()).isEmpty();
    }

    @Test
    void limitZeroNeverRetriesNegativeRetriesForever() {
        assertThat(RetryPolicy.builder().limit(0).build().limitReached(-5)).isTrue();
        RetryPolicy forever = RetryPolicy.builder().limit(-1).build();
        assertThat(forever.limitReached(Integer.MAX_VALUE)).isFalse();
        RetryPolicy three = RetryPolicy.builder().limit(3).build();
        assertThat(three.limitReached(2)).isFalse();
        assertThat(three.limitReached(3)).isTrue();
    }

    @Test
    void aStrategyTableSetsTheDefaultLimitAndRepeatsItsLastDelay() {
        RetryPolicy p = RetryPolicy.builder().backoff(Backoff.strategy(Backoff.RUBY_DEFAULT_STRATEGY)).build();
        assertThat(p.limit()).isEqualTo(6);
        assertThat(RetryPolicy.builder().backoff(Backoff.strategy(0, 10)).limit(9).build().limit()).isEqualTo(9);
        List<Long> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            delays.add(p.delay(attempt, NO_DRAW).getSeconds());
        }
        assertThat(delays).containsExactly(0L, 60L, 600L, 3600L, 10_800L, 21_600L, 21_600L, 21_600L);
        // After an ignored exception the attempt is -1: Ruby's backoff_strategy[-1] is the last entry.
        assertThat(Backoff.strategy(5, 6, 7).delay(-1)).hasSeconds(7);
        assertThat(Backoff.strategy(5, 6, 7).delay(-3)).hasSeconds(5);
        assertThat(Backoff.strategy(5, 6, 7).delay(-4)).hasSeconds(7); // nil || last
    }

    @Test
    void exponentialGrowsToItsCap() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(2), 3, Duration.ofSeconds(100));
        assertThat(List.of(b.delay(0), b.delay(1), b.delay(2), b.delay(3), b.delay(4), b.delay(40)))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(18),
                        Duration.ofSeconds(54), Duration.ofSeconds(100), Duration.ofSeconds(100));
        assertThat(RetryPolicy.builder().backoff(b).build().limit()).isEqualTo(1);
    }

    @Test
    void fixedDelaysKeepFractionsUnlessJittered() {
        RetryPolicy p = RetryPolicy.builder().delay(Duration.ofMillis(1500)).build();
        assertThat(p.delay(0, NO_DRAW)).isEqualTo(Duration.ofMillis(1500));
        // jitter bounds equal: multiplied by max, truncated like Ruby's (delay * multiplicand).to_i
        assertThat(RetryPolicy.builder().delay(Duration.ofMillis(1500)).jitter(3, 3).build().delay(0, NO_DRAW))
                .isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void jitterIsReproducibleWithASeedAndStaysInBounds() {
        RetryPolicy p = RetryPolicy.builder().backoff(Backoff.strategy(100, 1000, 10_000)).jitter(0.5, 1.5).build();
        Random a = new Random(7);
        Random b = new Random(7);
        Random expected = new Random(7);
        for (int attempt = 0; attempt < 50; attempt++) {
            long base = Backoff.strategy(100, 1000, 10_000).delay(attempt).getSeconds();
            Duration d = p.delay(attempt, a);
            assertThat(d).isEqualTo(p.delay(attempt, b));
            assertThat(d.getSeconds()).isBetween(base / 2, base * 3 / 2);
            assertThat(d.getSeconds()).isEqualTo((long) (base * (0.5 + expected.nextDouble())));
            assertThat(d.getNano()).isZero();
        }
    }

    @Test
    void retryOnMatchesSubclassesAndExcludesTheRest() {
        RetryPolicy p = RetryPolicy.builder().limit(5).retryOn(IOException.class).build();
        assertThat(p.retriesException(new FileNotFoundException())).isTrue();
        assertThat(p.retriesException(new IllegalStateException())).isFalse();
        assertThat(p.shouldRetry(0, new IllegalStateException(), ARGS)).isFalse();
    }

    @Test
    void giveUpOnExcludesSubclassesAndRetriesTheRest() {
        RetryPolicy p = RetryPolicy.builder().limit(5).giveUpOn(IllegalArgumentException.class).build();
        assertThat(p.shouldRetry(0, new NumberFormatException(), ARGS)).isFalse(); // a subclass
        assertThat(p.shouldRetry(0, new IllegalStateException(), ARGS)).isTrue();
        assertThatThrownBy(() -> RetryPolicy.builder().retryOn(IOException.class).giveUpOn(RuntimeException.class)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@fatal_exceptions");
    }

    @Test
    void retryIfRescuesAnUnlistedExceptionWhileRetriesAreLeft() {
        RetryPolicy p = RetryPolicy.builder().limit(2).retryOn(IOException.class)
                .retryIf((e, args) -> e.getMessage().contains("again") && args.get(0).equals(1)).build();
        assertThat(p.shouldRetry(0, new IllegalStateException("try again"), ARGS)).isTrue();
        assertThat(p.shouldRetry(0, new IllegalStateException("no"), ARGS)).isFalse();
        assertThat(p.shouldRetry(2, new IllegalStateException("try again"), ARGS)).isFalse(); // limit first
    }

    @Test
    void ignoredExceptionsMatchTheExactClass() {
        RetryPolicy p = RetryPolicy.builder().ignore(IOException.class).build();
        assertThat(p.ignores(new IOException())).isTrue();
        assertThat(p.ignores(new FileNotFoundException())).isFalse(); // include?(exception.class)
        assertThat(p.ignores(new UncheckedIOException(new IOException()))).isFalse();
    }

    @Test
    void keysFollowRedisRetryKey() {
        RetryPolicy p = RetryPolicy.builder().build();
        assertThat(p.retryKey("Mailer::Deliver", List.of())).isEqualTo("resque-retry:Mailer::Deliver");
        assertThat(p.retryKey("A", List.of(1))).isEqualTo("resque-retry:A:356a192b7913b04c54574d18c28d46e6395428ab");
        RetryPolicy custom = RetryPolicy.builder().identifier(args -> "id " + args.get(0) + "\t!").build();
        assertThat(custom.retryKey("My Job", List.of(7))).isEqualTo("resque-retry:MyJob:id7!"); // gsub(/\s/, '')
        assertThat(RetryPolicy.builder().identifier(args -> "").build().retryKey("A", List.of()))
                .isEqualTo("resque-retry:A:"); // compact keeps "", drops only nil
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.strategy()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.strategy(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().expireKeyAfter(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().queue("a:b")).isInstanceOf(RuntimeException.class);
    }
}
