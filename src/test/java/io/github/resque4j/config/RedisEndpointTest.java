package io.github.resque4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.resque4j.ResqueException;
import io.github.resque4j.json.JsonProfile;

class RedisEndpointTest {

    @Test
    void parsesPlainUriWithDefaults() {
        RedisEndpoint e = RedisEndpoint.parse("redis://localhost");
        assertThat(e.host()).isEqualTo("localhost");
        assertThat(e.port()).isEqualTo(6379);
        assertThat(e.database()).isZero();
        assertThat(e.tls()).isFalse();
        assertThat(e.username()).isEmpty();
        assertThat(e.password()).isEmpty();
    }

    @Test
    void parsesTlsAclUserPasswordAndDatabase() {
        RedisEndpoint e = RedisEndpoint.parse("rediss://app:s%40cret@redis.example:6380/3");
        assertThat(e.tls()).isTrue();
        assertThat(e.username()).contains("app");
        assertThat(e.password()).contains("s@cret");
        assertThat(e.port()).isEqualTo(6380);
        assertThat(e.database()).isEqualTo(3);
        assertThat(e.address()).isEqualTo("rediss://redis.example:6380");
    }

    @Test
    void passwordOnlyUserInfoIsThePassword() {
        RedisEndpoint colon = RedisEndpoint.parse("redis://:pw@h:1");
        RedisEndpoint bare = RedisEndpoint.parse("redis://pw@h:1");
        assertThat(colon.password()).contains("pw");
        assertThat(colon.username()).isEmpty();
        assertThat(bare.password()).contains("pw");
    }

    @Test
    void toStringNeverShowsThePassword() {
        RedisEndpoint e = RedisEndpoint.parse("redis://app:topsecret@h:1/2");
        assertThat(e.toString()).doesNotContain("topsecret").contains("app:***@h:1/2");
        ResqueConfig c = ResqueConfig.builder().redis(e).build();
        assertThat(c.toString()).doesNotContain("topsecret");
        assertThat(c.describeEndpoint()).isEqualTo("h:1");
    }

    @Test
    void malformedUriErrorDoesNotEchoThePassword() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://u:top secret^@h:1"))
                .isInstanceOf(ResqueException.class).satisfies(t -> assertThat(t.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> RedisEndpoint.parse("http://h:1")).hasMessageContaining("scheme");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://h:1/x")).hasMessageContaining("database number");
    }

    @Test
    void configDefaultsAndMutate() {
        ResqueConfig d = ResqueConfig.defaults();
        assertThat(d.namespace()).isEqualTo("resque");
        assertThat(d.redis()).map(RedisEndpoint::hostAndPort).contains("127.0.0.1:6379");
        assertThat(d.jsonProfile()).isEqualTo(JsonProfile.JSON_GEM);
        ResqueConfig m = d.mutate().namespace("app:jobs").jsonProfile(JsonProfile.OJ_COMPAT).build();
        assertThat(m.namespace()).isEqualTo("app:jobs");
        assertThat(m.jsonProfile()).isEqualTo(JsonProfile.OJ_COMPAT);
        assertThat(d.namespace()).isEqualTo("resque");
    }

    @Test
    void configRejectsEmptyNamespace() {
        assertThatThrownBy(() -> ResqueConfig.builder().namespace("").build()).hasMessageContaining("namespace");
    }

    @Test
    void configFromEnvironment() {
        ResqueConfig c = ResqueConfig.fromEnvironment(Map.of("RESQUE_REDIS_URL", "redis://h:7/1",
                "RESQUE_NAMESPACE", "myapp")).build();
        assertThat(c.redis()).map(RedisEndpoint::hostAndPort).contains("h:7");
        assertThat(c.namespace()).isEqualTo("myapp");
    }

    @Test
    void sentinelEndpointValidatesAndHidesPasswords() {
        SentinelEndpoint s = SentinelEndpoint.builder("mymaster", List.of("127.0.0.1:26379")).password("pw1")
                .sentinelPassword("pw2").build();
        assertThat(s.toString()).doesNotContain("pw1").doesNotContain("pw2").contains("mymaster");
        assertThatThrownBy(() -> SentinelEndpoint.builder("m", List.of("nohostport")).build())
                .hasMessageContaining("host:port");
        ResqueConfig c = ResqueConfig.builder().sentinel(s).build();
        assertThat(c.redis()).isEmpty();
        assertThat(c.describeEndpoint()).contains("mymaster");
    }
}
