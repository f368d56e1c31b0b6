package io.github.resque4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.ResqueException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testsupport.RespClient;

/** The hot path's own connection against a real redis-server: replies, errors, failures and recovery. */
class DirectLinkTest {
    private static final LuaScript ECHO = new LuaScript(
            "redis.call('INCRBY', KEYS[1], 1) return {ARGV[1], ARGV[2], tostring(#ARGV)}");

    private LocalRedisProcess redis;
    private RedisConnection connection;
    private RespClient raw;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(LocalRedisProcess.available(), "needs redis-server on the PATH");
        redis = LocalRedisProcess.start("--requirepass", "s3cret");
        connection = open(Duration.ofMillis(700));
        raw = RespClient.connect("127.0.0.1", redis.port());
        raw.call("AUTH", "s3cret");
        raw.call("SELECT", "3");
    }

    private RedisConnection open(Duration commandTimeout) {
        return RedisConnection.open(ResqueConfig.builder().redis("redis://:s3cret@127.0.0.1:" + redis.port() + "/3")
                .commandTimeout(commandTimeout).build(), 0);
    }

    @AfterEach
    void tearDown() {
        if (raw != null) {
            raw.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void runsAScriptItLoadsItselfInTheConfiguredDatabaseWithArgumentsByteForByte() {
        raw.call("SCRIPT", "FLUSH");
        DirectLink link = connection.openDirect().orElseThrow();
        String unicode = "caf\u00e9 \u2603 \ud83d\ude00 \"q\" \\ \r\n";
        assertThat(link.eval("test", ECHO, List.of("n"), List.of(unicode, ""))).isEqualTo(List.of(unicode, "", "2"));
        assertThat(link.eval("test", ECHO, List.of("n"), List.of("a", "b"))).isEqualTo(List.of("a", "b", "2"));
        assertThat(raw.call("GET", "n")).as("db 3, authenticated").isEqualTo("2");
        assertThat((String) raw.call("CLIENT", "LIST")).contains("name=resque4j");
    }

    @Test
    void pipelinesCommandsAndReadsEveryReply() {
        DirectLink link = connection.openDirect().orElseThrow();
        assertThat(link.pipeline("test", List.of(List.of("SADD", "s", "a"), List.of("SADD", "s", "a"),
                List.of("RPUSH", "l", "x", "y"), List.of("GET", "missing")))).containsExactly(1L, 0L, 2L, null);
    }

    @Test
    void anErrorReplyIsAResqueExceptionAndTheLinkStaysInStep() {
        DirectLink link = connection.openDirect().orElseThrow();
        raw.call("SET", "str", "x");
        assertThatThrownBy(() -> link.pipeline("test", List.of(List.of("RPUSH", "str", "v"),
                List.of("RPUSH", "l", "v")))).isInstanceOf(ResqueException.class)
                .isNotInstanceOf(RedisUnavailableException.class).hasMessageContaining("WRONGTYPE");
        assertThat(raw.call("LLEN", "l")).as("the second command still ran").isEqualTo(1L);
        assertThat(link.pipeline("test", List.of(List.of("LLEN", "l")))).containsExactly(1L);
    }

    @Test
    void aStalledServerTimesOutAsUnavailableAndTheLinkRedialsAfterwards() {
        DirectLink link = connection.openDirect().orElseThrow();
        link.pipeline("warm", List.of(List.of("PING")));
        raw.call("CLIENT", "PAUSE", "1500", "ALL");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> link.pipeline("enqueue to q", List.of(List.of("RPUSH", "q", "v"))))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("unavailable during enqueue to q").hasMessageContaining("no answer in time")
                .hasMessageNotContaining("s3cret");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1400));
        raw.call("CLIENT", "UNPAUSE");
        // The timed-out link was closed, so Redis dropped the command it had not run: failed and not stored.
        assertThat(link.pipeline("test", List.of(List.of("LLEN", "q")))).containsExactly(0L);
    }

    @Test
    void aRestartedServerIsUnavailableWhileDownAndReachedAgainWhenBack() {
        DirectLink link = connection.openDirect().orElseThrow();
        link.pipeline("warm", List.of(List.of("PING")));
        redis.stopProcess();
        assertThatThrownBy(() -> link.pipeline("test", List.of(List.of("PING"))))
                .isInstanceOf(RedisUnavailableException.class).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> link.pipeline("test", List.of(List.of("PING"))))
                .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("connection refused");
        redis.startProcess();
        assertThat(link.pipeline("test", List.of(List.of("PING")))).containsExactly("PONG");
    }

    @Test
    void anIdleLinkTheServerClosedIsReplacedBeforeItCarriesACommand() {
        DirectLink link = connection.openDirect(0).orElseThrow(); // every use counts as after an idle period
        link.pipeline("warm", List.of(List.of("PING")));
        raw.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"); // as the server's idle timeout would
        assertThat(link.pipeline("enqueue", List.of(List.of("RPUSH", "idle", "v")))).containsExactly(1L);
        assertThat(raw.call("LLEN", "idle")).isEqualTo(1L);
    }

    @Test
    void withoutTheIdleCheckAServerClosedLinkFailsItsNextCommand() {
        // The check above is what saves that command: this is the same scenario with it off.
        DirectLink link = connection.openDirect(Long.MAX_VALUE).orElseThrow();
        link.pipeline("warm", List.of(List.of("PING")));
        raw.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        assertThatThrownBy(() -> link.pipeline("enqueue", List.of(List.of("RPUSH", "idle", "v"))))
                .isInstanceOf(RedisUnavailableException.class);
        assertThat(raw.call("LLEN", "idle")).isEqualTo(0L);
    }

    @Test
    void closingFromAnotherThreadReleasesABlockedCall() throws Exception {
        connection.close();
        connection = open(Duration.ofSeconds(30)); // the close, not the timeout, must end the call
        DirectLink link = connection.openDirect().orElseThrow();
        link.pipeline("warm", List.of(List.of("PING")));
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                link.pipeline("test", List.of(List.of("BLPOP", "nothing", "20")));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> ((String) raw.call("CLIENT", "LIST")).contains("cmd=blpop"));
        link.close();
        assertThat(blocked.get(2, TimeUnit.SECONDS)).isInstanceOf(RedisUnavailableException.class);
        assertThatThrownBy(() -> link.pipeline("test", List.of(List.of("PING")))).isInstanceOf(ResqueException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void offWhenDisabledOrForAUserSuppliedClient() {
        try (RedisConnection off = RedisConnection.open(ResqueConfig.builder()
                .redis("redis://:s3cret@127.0.0.1:" + redis.port()).directConnections(false).build(), 0)) {
            assertThat(off.openDirect()).isEmpty();
            try (RedisConnection user = RedisConnection.open(ResqueConfig.builder()
                    .redissonClient(off.client()).build(), 0)) {
                assertThat(user.openDirect()).isEmpty();
            }
        }
    }
}
