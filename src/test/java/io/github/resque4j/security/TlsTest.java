package io.github.resque4j.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.resque4j.Payload;
import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.ResqueException;
import io.github.resque4j.cli.Main;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.TlsCertificates;
import io.github.resque4j.testsupport.TlsRedisProcess;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/**
 * {@code rediss://} against a real TLS redis-server whose certificate comes from a throw-away CA: the client,
 * a worker pool and the CLI work when (and only when) that CA is trusted, and a failed handshake is a
 * {@link RedisUnavailableException} naming {@code host:port} and never the password.
 */
class TlsTest {
    private static final String PASSWORD = "tls-Pa55word-never-logged";

    private static TlsCertificates certs;
    private static TlsRedisProcess redis;
    private static RespClient raw;

    private String ns;

    @BeforeAll
    static void startTlsRedis() {
        assumeTrue(LocalRedisProcess.available(), "redis-server is not on the PATH");
        assumeTrue(TlsCertificates.available(), "openssl is not on the PATH");
        certs = TlsCertificates.generate();
        redis = TlsRedisProcess.start(certs, "--requirepass", PASSWORD);
        raw = RespClient.connect(redis.plain());
        raw.call("AUTH", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (certs != null) {
            certs.close();
        }
    }

    @BeforeEach
    void namespace() {
        ns = "tls-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String uri() {
        return redis.tlsUri(":" + PASSWORD);
    }

    private ResqueConfig.Builder trusting() {
        return ResqueConfig.builder().redis(uri()).namespace(ns).tlsCaFile(certs.caCertificate());
    }

    @Test
    void clientEnqueuesAndPeeksOverTls() {
        ResqueConfig config = trusting().build();
        assertThat(config.redis().orElseThrow().tls()).isTrue();
        try (ResqueClient client = ResqueClient.create(config)) {
            client.enqueue("mail", "Mailer::Deliver", 42, "é");
            assertThat(client.size("mail")).isEqualTo(1);
            Payload p = client.peek("mail").orElseThrow();
            assertThat(p.className()).isEqualTo("Mailer::Deliver");
            assertThat(p.args()).hasToString("[42, é]");
        }
        // Checked over the harness's plain-text port, independently of the code under test.
        assertThat(raw.call("LRANGE", ns + ":queue:mail", "0", "-1"))
                .isEqualTo(List.of("{\"class\":\"Mailer::Deliver\",\"args\":[42,\"é\"]}"));
    }

    @Test
    void localhostNameMatchesTheCertificateToo() {
        ResqueConfig config = ResqueConfig.builder().redis("rediss://:" + PASSWORD + "@localhost:" + redis.tlsPort())
                .namespace(ns).tlsCaFile(certs.caCertificate()).build();
        try (ResqueClient client = ResqueClient.create(config)) {
            assertThat(client.size("q")).isZero();
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedEvenFromTheTrustedCa() {
        try (TlsRedisProcess elsewhere = TlsRedisProcess.start(certs, certs.elsewhereCertificate(),
                certs.elsewhereKey(), "--requirepass", PASSWORD)) {
            ResqueConfig config = ResqueConfig.builder().redis(elsewhere.tlsUri(":" + PASSWORD)).namespace(ns)
                    .tlsCaFile(certs.caCertificate()).connectTimeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> {
                try (ResqueClient client = ResqueClient.create(config)) {
                    client.size("q");
                }
            }).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + elsewhere.tlsPort())
                    .hasMessageContaining("the server certificate does not name this host")
                    .satisfies(e -> assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain(PASSWORD));
        }
    }

    @Test
    void workerPoolRunsJobsOverTls() {
        List<String> ran = new CopyOnWriteArrayList<>();
        ResqueConfig config = trusting().build();
        JobRegistry registry = JobRegistry.builder().register("Echo", job -> ran.add(String.valueOf(job.args())))
                .register("Boom", job -> {
                    throw new IllegalStateException("boom");
                }).build();
        try (ResqueClient client = ResqueClient.create(config);
                WorkerPool pool = WorkerPool.create(config, WorkerOptions.builder(registry, "tls")
                        .pollTimeout(Duration.ofMillis(200)).build())) {
            pool.start();
            client.enqueue("tls", "Echo", 1);
            client.enqueue("tls", "Boom");
            client.enqueue("tls", "Echo", 2);
            await().atMost(Duration.ofSeconds(15)).until(() -> ran.size() == 2 && pool.failedCount() == 1);
            assertThat(ran).containsExactly("[1]", "[2]");
        }
        assertThat(raw.call("GET", ns + ":stat:processed")).isEqualTo("3");
        assertThat(raw.call("LLEN", ns + ":failed")).isEqualTo(1L);
    }

    @Test
    void cliInfoWorksOverTlsWithTheCaInTheJvmTrustStore() {
        raw.call("RPUSH", ns + ":queue:cli", "{\"class\":\"J\",\"args\":[]}");
        raw.call("SADD", ns + ":queues", "cli");
        // The CLI has no CA option of its own: operators give the JVM a trust store (JAVA_TOOL_OPTIONS or -D).
        withJsseTrustStore(certs.trustStoreP12(), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"--redis", uri(), "--namespace", ns, "--json", "info"},
                    new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("stderr: %s", err).isEqualTo(Main.OK);
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) RubyJson.jsonGem().decode(out.toString().trim());
            assertThat(((Number) info.get("pending")).longValue()).isEqualTo(1);
            assertThat(((Number) info.get("queues")).longValue()).isEqualTo(1);
            assertThat(info.get("servers")).asString().contains("rediss://127.0.0.1:" + redis.tlsPort());
            assertThat(out.toString() + err).doesNotContain(PASSWORD);
        });
    }

    @Test
    void cliWithoutTrustExitsTwoNamingTheEndpointNotThePassword() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"--redis", uri(), "--namespace", ns, "--json", "info"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.REDIS_UNAVAILABLE);
        assertThat(err.toString()).contains("127.0.0.1:" + redis.tlsPort()).contains("not trusted")
                .doesNotContain(PASSWORD);
        assertThat(out.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutTheCaTheHandshakeFailsAsRedisUnavailableWithoutThePassword() {
        ResqueConfig untrusted = ResqueConfig.builder().redis(uri()).namespace(ns)
                .connectTimeout(Duration.ofSeconds(2)).build();
        assertHandshakeRefused(untrusted);
    }

    @Test
    void trustingAnotherCaFailsTheSameWay() {
        ResqueConfig wrongCa = trusting().tlsCaFile(certs.otherCaCertificate()).connectTimeout(Duration.ofSeconds(2))
                .build();
        assertHandshakeRefused(wrongCa);
    }

    private void assertHandshakeRefused(ResqueConfig config) {
        String endpoint = "127.0.0.1:" + redis.tlsPort();
        assertThatThrownBy(() -> {
            try (ResqueClient client = ResqueClient.create(config)) {
                client.size("q");
            }
        }).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining(endpoint)
                .hasMessageContaining("TLS handshake failed: the server certificate is not trusted")
                .satisfies(e -> {
                    assertThat(((RedisUnavailableException) e).endpoint()).isEqualTo(endpoint);
                    assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain(PASSWORD);
                    // The cause chain says why: a certificate that does not chain to a trusted CA.
                    assertThat(ExceptionUtils.getThrowableList(e)).anySatisfy(t -> assertThat(t.getClass().getName())
                            .matches(".*(SSLHandshakeException|CertPathBuilderException|ValidatorException|"
                                    + "DecoderException|SSLException).*"));
                });
        assertThatThrownBy(() -> WorkerPool.create(config, WorkerOptions.builder(JobRegistry.builder()
                .register("J", job -> { }).build(), "q").build()).start())
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining(endpoint)
                .satisfies(e -> assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain(PASSWORD));
    }

    @Test
    void aPlainTextClientCannotTalkToTheTlsPort() {
        ResqueConfig plain = ResqueConfig.builder().redis("redis://:" + PASSWORD + "@127.0.0.1:" + redis.tlsPort())
                .namespace(ns).connectTimeout(Duration.ofSeconds(1)).commandTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> {
            try (ResqueClient client = ResqueClient.create(plain)) {
                client.size("q");
            }
        }).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("rediss:// for a TLS port")
                .satisfies(e -> assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain(PASSWORD));
    }

    @Test
    void aMissingOrMalformedCaFileIsNamedInTheError() throws Exception {
        Path missing = certs.dir().resolve("no-such-ca.pem");
        assertThatThrownBy(() -> ResqueClient.create(trusting().tlsCaFile(missing).build()))
                .isInstanceOf(ResqueException.class)
                .hasMessageContaining("TLS CA file " + missing)
                .satisfies(e -> assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain(PASSWORD));
        Path garbage = Files.writeString(certs.dir().resolve("garbage.pem"), "not a certificate\n");
        assertThatThrownBy(() -> ResqueClient.create(trusting().tlsCaFile(garbage).build()))
                .isInstanceOf(ResqueException.class)
                .hasMessageContaining("TLS CA file " + garbage)
                .satisfies(e -> assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain(PASSWORD));
    }

    @Test
    void theCaFileIsPartOfTheConfigurationAndItsDescription() {
        ResqueConfig config = trusting().build();
        assertThat(config.tlsCaFile()).contains(certs.caCertificate());
        assertThat(config.mutate().build().tlsCaFile()).contains(certs.caCertificate());
        assertThat(config.mutate().tlsCaFile(null).build().tlsCaFile()).isEmpty();
        assertThat(config.toString()).contains("rediss://").contains("tlsCaFile=" + certs.caCertificate())
                .doesNotContain(PASSWORD);
    }

    /** Runs with {@code javax.net.ssl.trustStore*} pointing at a store, then restores the previous values. */
    private static void withJsseTrustStore(Path store, Runnable body) {
        String[] names = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
        String[] before = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            before[i] = System.getProperty(names[i]);
        }
        System.setProperty(names[0], store.toString());
        System.setProperty(names[1], TlsCertificates.TRUST_STORE_PASSWORD);
        System.setProperty(names[2], "PKCS12");
        try {
            body.run();
        } finally {
            for (int i = 0; i < names.length; i++) {
                if (before[i] == null) {
                    System.clearProperty(names[i]);
                } else {
                    System.setProperty(names[i], before[i]);
                }
            }
        }
    }
}
