package io.github.resque4j.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * A throw-away PKI made with the {@code openssl} command line in a temp directory: a self-signed CA and a
 * server certificate it signs, valid for {@code localhost} and {@code 127.0.0.1} (subject alternative names,
 * which Java's hostname verification requires), plus a PKCS#12 trust store holding the CA for JSSE's
 * {@code javax.net.ssl.trustStore}. Also made: a certificate from the same CA for another host name, and a
 * second, unrelated CA, for "wrong host" and "wrong trust" tests.
 */
public final class TlsCertificates implements AutoCloseable {
    /** Password of {@link #trustStoreP12()}; a test value, not a secret. */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private final Path dir;

    private TlsCertificates(Path dir) {
        this.dir = dir;
    }

    /** @return whether {@code openssl} is on the PATH */
    public static boolean available() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "openssl"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Generates the CA, the server certificate and the trust store.
     *
     * @return the certificates
     * @throws TestAbortedException if {@code openssl} is not installed
     */
    public static TlsCertificates generate() {
        if (!available()) {
            throw new TestAbortedException("openssl is not on the PATH: cannot generate TLS certificates");
        }
        try {
            Path dir = Files.createTempDirectory("resque4j-tls");
            TlsCertificates c = new TlsCertificates(dir);
            c.make();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void make() throws IOException {
        Files.writeString(dir.resolve("server.ext"), String.join("\n",
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature,keyEncipherment",
                "extendedKeyUsage=serverAuth",
                "subjectAltName=DNS:localhost,IP:127.0.0.1", ""), StandardCharsets.US_ASCII);
        for (String ca : List.of("ca", "other-ca")) {
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
                    "-keyout", ca + ".key", "-out", ca + ".crt", "-subj", "/CN=resque4j test " + ca,
                    "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-sha256", "-days", "2", "-out", "server.crt", "-extfile", "server.ext");
        // Signed by the same CA, but for another host: for host-name verification tests.
        Files.writeString(dir.resolve("elsewhere.ext"), String.join("\n",
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature,keyEncipherment",
                "extendedKeyUsage=serverAuth",
                "subjectAltName=DNS:elsewhere.example", ""), StandardCharsets.US_ASCII);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", "elsewhere.key", "-out", "elsewhere.csr",
                "-subj", "/CN=elsewhere.example");
        openssl("x509", "-req", "-in", "elsewhere.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-sha256", "-days", "2", "-out", "elsewhere.crt", "-extfile", "elsewhere.ext");
        // JSSE trust store for code paths that only honour javax.net.ssl.trustStore (e.g. the CLI).
        run(List.of("keytool", "-importcert", "-noprompt", "-alias", "resque4j-test-ca", "-file", "ca.crt",
                "-keystore", "truststore.p12", "-storetype", "PKCS12", "-storepass", TRUST_STORE_PASSWORD));
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private void run(List<String> cmd) {
        try {
            Path log = dir.resolve("gen.log");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd.get(0) + " failed (" + p.exitValue() + "): " + cmd + "\n"
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** @return the directory holding every file */
    public Path dir() {
        return dir;
    }

    /** @return the CA certificate (PEM) that signed the server certificate */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** @return a CA certificate (PEM) that signed nothing the server presents */
    public Path otherCaCertificate() {
        return dir.resolve("other-ca.crt");
    }

    /** @return the server certificate (PEM), SANs {@code localhost} and {@code 127.0.0.1} */
    public Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    /** @return the server's private key (PEM, unencrypted) */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** @return a server certificate (PEM) from the same CA, valid only for {@code elsewhere.example} */
    public Path elsewhereCertificate() {
        return dir.resolve("elsewhere.crt");
    }

    /** @return the key of {@link #elsewhereCertificate()} */
    public Path elsewhereKey() {
        return dir.resolve("elsewhere.key");
    }

    /** @return a PKCS#12 trust store holding {@link #caCertificate()}, password {@value #TRUST_STORE_PASSWORD} */
    public Path trustStoreP12() {
        return dir.resolve("truststore.p12");
    }

    /** Deletes the directory and every file in it. */
    @Override
    public void close() {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
