package io.github.resque4j.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.resque4j.testing.LocalRedisProcess;

/**
 * A local {@code redis-server} that speaks TLS on {@link #tlsPort()} with a certificate from
 * {@link TlsCertificates} (clients need not present one: {@code --tls-auth-clients no}). It also keeps a
 * plain-text port on loopback, used only by the harness itself (readiness PING, {@link RespClient} assertions
 * that must not trust the code under test); the code under test is pointed at {@link #tlsUri()}.
 */
public final class TlsRedisProcess implements AutoCloseable {
    private final LocalRedisProcess process;
    private final int tlsPort;
    private final TlsCertificates certificates;

    private TlsRedisProcess(LocalRedisProcess process, int tlsPort, TlsCertificates certificates) {
        this.process = process;
        this.tlsPort = tlsPort;
        this.certificates = certificates;
    }

    /**
     * @param certificates the server certificate and CA to use
     * @param extraArgs further {@code redis-server} arguments, e.g. {@code "--requirepass", "x"}
     * @return a started server
     */
    public static TlsRedisProcess start(TlsCertificates certificates, String... extraArgs) {
        return start(certificates, certificates.serverCertificate(), certificates.serverKey(), extraArgs);
    }

    /**
     * @param certificates the CA to use
     * @param certificate the server certificate to present (PEM)
     * @param key its private key (PEM)
     * @param extraArgs further {@code redis-server} arguments
     * @return a started server
     */
    public static TlsRedisProcess start(TlsCertificates certificates, Path certificate, Path key, String... extraArgs) {
        int port;
        try {
            port = LocalRedisProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--tls-port", String.valueOf(port),
                "--tls-cert-file", certificate.toString(),
                "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", certificates.caCertificate().toString(),
                "--tls-auth-clients", "no"));
        args.addAll(List.of(extraArgs));
        return new TlsRedisProcess(LocalRedisProcess.start(args.toArray(new String[0])), port, certificates);
    }

    /** @return the TLS port */
    public int tlsPort() {
        return tlsPort;
    }

    /** @return {@code rediss://127.0.0.1:<tlsPort>/0} */
    public String tlsUri() {
        return "rediss://127.0.0.1:" + tlsPort + "/0";
    }

    /**
     * @param userInfo {@code user:password} or {@code :password}
     * @return {@code rediss://<userInfo>@127.0.0.1:<tlsPort>/0}
     */
    public String tlsUri(String userInfo) {
        return "rediss://" + userInfo + "@127.0.0.1:" + tlsPort + "/0";
    }

    /** @return the same server's plain-text side, for harness assertions only */
    public LocalRedisProcess plain() {
        return process;
    }

    /** @return the certificates the server uses */
    public TlsCertificates certificates() {
        return certificates;
    }

    @Override
    public void close() {
        process.close();
    }
}
