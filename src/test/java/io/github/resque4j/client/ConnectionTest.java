package io.github.resque4j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.TestNamespace;

@ExtendWith(RedisExtension.class)
class ConnectionTest {

    @Test
    void unreachableRedisNamesHostAndPortButNeverThePassword() throws Exception {
        int port = LocalRedisProcess.freePort();
        ResqueConfig config = ResqueConfig.builder().redis("redis://app:hunter2secret@127.0.0.1:" + port + "/0")
                .connectTimeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> ResqueClient.create(config)).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .satisfies(e -> {
                    assertThat(((RedisUnavailableException) e).endpoint()).isEqualTo("127.0.0.1:" + port);
                    for (Throwable t : ExceptionUtils.getThrowableList(e)) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2secret");
                    }
                    assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain("hunter2secret");
                });
    }

    @Test
    void passwordProtectedRedisWorksWithUriCredentials(TestNamespace ns) {
        try (LocalRedisProcess secured = LocalRedisProcess.start("--requirepass", "s3cret")) {
            ResqueConfig config = ResqueConfig.builder().redis("redis://:s3cret@127.0.0.1:" + secured.port() + "/0")
                    .namespace(ns.name()).build();
            try (ResqueClient client = ResqueClient.create(config)) {
                client.enqueue("q", "J", 1);
                assertThat(client.size("q")).isEqualTo(1);
            }
            ResqueConfig wrong = ResqueConfig.builder().redis("redis://:wrongpass@127.0.0.1:" + secured.port() + "/0")
                    .build();
            assertThatThrownBy(() -> {
                try (ResqueClient c = ResqueClient.create(wrong)) {
                    c.size("q");
                }
            }).satisfies(e -> assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain("wrongpass"));
        }
    }

    @Test
    void userSuppliedClientIsUsedAndNeverShutDown(RedisServer server, TestNamespace ns) {
        Config rc = new Config();
        rc.useSingleServer().setAddress("redis://" + server.host() + ":" + server.port());
        RedissonClient shared = Redisson.create(rc); // default Kryo codec: resque4j must not use it
        try {
            ResqueConfig config = ResqueConfig.builder().redissonClient(shared).namespace(ns.name()).build();
            try (ResqueClient client = ResqueClient.create(config)) {
                client.enqueue("q", "J", "é😀");
                assertThat(client.peekRaw("q", 0, 1)).containsExactly("{\"class\":\"J\",\"args\":[\"é😀\"]}");
            }
            assertThat(shared.isShutdown()).isFalse();
        } finally {
            shared.shutdown();
        }
    }

    @Test
    void databaseNumberFromUriIsUsed(RedisServer server, TestNamespace ns) {
        ResqueConfig config = ResqueConfig.builder().redis("redis://" + server.host() + ":" + server.port() + "/5")
                .namespace(ns.name()).build();
        try (ResqueClient client = ResqueClient.create(config);
                io.github.resque4j.testsupport.RespClient raw = io.github.resque4j.testsupport.RespClient.connect(server)) {
            client.enqueue("q", "J");
            raw.call("SELECT", "5");
            assertThat(raw.call("LLEN", ns.key("queue:q"))).isEqualTo(1L);
            raw.call("SELECT", "0");
            assertThat(raw.call("LLEN", ns.key("queue:q"))).isEqualTo(0L);
        }
    }
}
