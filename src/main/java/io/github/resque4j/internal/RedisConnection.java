package io.github.resque4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.RedisAuthRequiredException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisWrongPasswordException;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.ResqueException;
import io.github.resque4j.config.RedisEndpoint;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.config.SentinelEndpoint;
import io.github.resque4j.internal.resp.RespLink;

/**
 * One Redisson client plus the knowledge of whether we own it. Translates driver failures into
 * {@link RedisUnavailableException}s that name the endpoint but never a password.
 */
public final class RedisConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final RedissonClient client;
    private final boolean owned;
    private final String endpoint;
    /** Where and how direct links dial; null when the user supplied the client (we know no credentials). */
    private final ResqueConfig direct;
    private final SSLSocketFactory tls;
    private final Set<DirectLink> links = ConcurrentHashMap.newKeySet();

    private RedisConnection(RedissonClient client, boolean owned, String endpoint, ResqueConfig direct,
            SSLSocketFactory tls) {
        this.client = client;
        this.owned = owned;
        this.endpoint = endpoint;
        this.direct = direct;
        this.tls = tls;
    }

    /**
     * Connects as the configuration says. A user-supplied client is wrapped, not owned.
     *
     * @param config the configuration
     * @param extraConnections connections needed beyond the configured pool (e.g. one per blocking poller)
     * @return the connection
     * @throws RedisUnavailableException if Redis cannot be reached
     */
    public static RedisConnection open(ResqueConfig config, int extraConnections) {
        String endpoint = config.describeEndpoint();
        if (config.redissonClient().isPresent()) {
            return new RedisConnection(config.redissonClient().get(), false, endpoint, null, null);
        }
        Config rc = new Config();
        // Lean defaults: Redisson's own (32 netty threads, 16 codec threads, pools of 64) cost ~55 threads and
        // 1-2 s at startup; Resque clients need a handful of connections.
        rc.setNettyThreads(4);
        rc.setThreads(2);
        // Redisson would inspect every script argument for live-object references (reflection per argument,
        // per call); resque4j passes only strings.
        rc.setReferenceEnabled(false);
        int pool = config.connectionPoolSize() + Math.max(0, extraConnections);
        int connectMs = (int) config.connectTimeout().toMillis();
        int timeoutMs = (int) config.commandTimeout().toMillis();
        if (config.sentinel().isPresent()) {
            SentinelEndpoint s = config.sentinel().get();
            SentinelServersConfig sc = rc.useSentinelServers()
                    .setMasterName(s.masterName())
                    .setDatabase(s.database())
                    .setCheckSentinelsList(false)
                    // Resque reads its own writes (worker state, queues): a replica's lag would show stale data.
                    .setReadMode(org.redisson.config.ReadMode.MASTER)
                    .setMasterConnectionPoolSize(pool)
                    .setMasterConnectionMinimumIdleSize(1)
                    .setSlaveConnectionPoolSize(1)
                    .setSlaveConnectionMinimumIdleSize(0)
                    .setSubscriptionConnectionPoolSize(1)
                    .setSubscriptionConnectionMinimumIdleSize(1);
            for (String addr : s.sentinels()) {
                sc.addSentinelAddress((s.tls() ? "rediss://" : "redis://") + addr);
            }
            // Redisson 4 keeps data-node credentials on Config (the per-server setters are deprecated).
            s.username().ifPresent(rc::setUsername);
            s.password().ifPresent(rc::setPassword);
            s.sentinelPassword().ifPresent(sc::setSentinelPassword);
            common(sc, connectMs, timeoutMs);
        } else {
            RedisEndpoint e = config.redis().orElseThrow();
            SingleServerConfig sc = rc.useSingleServer()
                    .setAddress(e.address())
                    .setDatabase(e.database())
                    .setConnectionPoolSize(pool)
                    .setConnectionMinimumIdleSize(1)
                    .setSubscriptionConnectionPoolSize(1)
                    .setSubscriptionConnectionMinimumIdleSize(0);
            e.username().ifPresent(rc::setUsername);
            e.password().ifPresent(rc::setPassword);
            common(sc, connectMs, timeoutMs);
        }
        boolean tls = config.sentinel().map(SentinelEndpoint::tls)
                .orElseGet(() -> config.redis().orElseThrow().tls());
        TrustManagerFactory tmf = null;
        if (config.tlsCaFile().isPresent()) {
            if (!tls) {
                LOG.warn("a TLS CA file is configured but {} is reached without TLS; use rediss:// to encrypt",
                        endpoint);
            }
            // Redisson 4 keeps TLS settings on Config; verification stays STRICT (chain and host name).
            tmf = trustManagerFactory(config.tlsCaFile().get());
            rc.setSslTrustManagerFactory(tmf);
        }
        SSLSocketFactory sockets = tls ? sslSockets(tmf) : null;
        try {
            // With Sentinel, Redisson closes its connections to a master it leaves; the listener does the same to
            // the direct links, so one blocked on the old master fails (unacknowledged) instead of letting its write
            // land there after the switch.
            java.util.concurrent.atomic.AtomicReference<RedisConnection> self = new java.util.concurrent.atomic
                    .AtomicReference<>();
            if (config.sentinel().isPresent() && config.directConnections()) {
                rc.setConnectionListener(new org.redisson.connection.ConnectionListener() {
                    @Override
                    public void onConnect(InetSocketAddress addr) {
                        // nothing to do: links dial on their own
                    }

                    @Override
                    public void onDisconnect(InetSocketAddress addr) {
                        RedisConnection c = self.get();
                        if (c != null) {
                            c.abandonLinksTo(addr);
                        }
                    }
                });
            }
            RedisConnection c = new RedisConnection(Redisson.create(rc), true, endpoint,
                    config.directConnections() ? config : null, sockets);
            self.set(c);
            return c;
        } catch (RuntimeException ex) {
            throw unavailable(endpoint, "cannot connect to Redis at " + endpoint, ex);
        }
    }

    /** Trusts exactly the certificates of a PEM file. */
    private static TrustManagerFactory trustManagerFactory(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new ResqueException("TLS CA file " + pemFile + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("resque4j-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new ResqueException("cannot read TLS CA file " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** TLS sockets trusting what the pooled client trusts: the CA file, else the JVM's trust store. */
    private static SSLSocketFactory sslSockets(TrustManagerFactory tmf) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new ResqueException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * A hot-path connection of its own (see {@link DirectLink}), or empty when direct connections are off or the
     * user supplied the Redisson client (then callers use {@link #client()}).
     *
     * @return the link, closed with this connection at the latest
     */
    public Optional<DirectLink> openDirect() {
        return openDirect(DirectLink.IDLE_CHECK_NANOS);
    }

    Optional<DirectLink> openDirect(long idleCheckNanos) {
        if (direct == null) {
            return Optional.empty();
        }
        DirectLink link = new DirectLink(this, idleCheckNanos);
        links.add(link);
        return Optional.of(link);
    }

    private void abandonLinksTo(InetSocketAddress addr) {
        LOG.debug("{} disconnected: closing direct links to it", addr);
        for (DirectLink l : links) {
            l.abandonIfTo(addr);
        }
    }

    void forget(DirectLink link) {
        links.remove(link);
    }

    /** Opens a socket to the current master, authenticates and selects the database, as the pool does. */
    RespLink dial() throws IOException {
        String host;
        int port;
        int database;
        Optional<String> user;
        Optional<String> pass;
        if (direct.sentinel().isPresent()) {
            // Redisson follows the Sentinels; links compare with its master before each call (masterMoved).
            SentinelEndpoint s = direct.sentinel().get();
            InetSocketAddress master = sentinelMaster();
            host = master.getHostString();
            port = master.getPort();
            database = s.database();
            user = s.username();
            pass = s.password();
        } else {
            RedisEndpoint e = direct.redis().orElseThrow();
            host = e.host();
            port = e.port();
            database = e.database();
            user = e.username();
            pass = e.password();
        }
        LOG.debug("direct link to {}:{} for {}", host, port, endpoint);
        Socket socket = new Socket();
        RespLink link = null;
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), (int) direct.connectTimeout().toMillis());
            socket.setSoTimeout((int) direct.commandTimeout().toMillis());
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // host name checked, as Redisson's STRICT
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            link = new RespLink(socket);
            if (pass.isPresent()) {
                link.call(user.isPresent() ? List.of("AUTH", user.get(), pass.get()) : List.of("AUTH", pass.get()));
            }
            if (database != 0) {
                link.call(List.of("SELECT", Integer.toString(database)));
            }
            link.call(List.of("CLIENT", "SETNAME", "resque4j"));
            return link;
        } catch (IOException | RuntimeException e) {
            if (link != null) {
                link.close();
            } else {
                socket.close();
            }
            throw e;
        }
    }

    private InetSocketAddress sentinelMaster() {
        return client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster().getAddr();
    }

    /**
     * Whether a link no longer leads to the master: with Sentinel, the pooled client has switched to another
     * master (it follows the Sentinels' announcements). A demoted master may accept writes for a while before it
     * resyncs and drops them, so a link must not wait for an error to move on.
     */
    boolean masterMoved(RespLink link) {
        if (direct.sentinel().isEmpty()) {
            return false;
        }
        InetSocketAddress master = sentinelMaster();
        return master.getPort() != link.remotePort() || !Objects.equals(master.getAddress(), link.remoteAddress());
    }

    /** The exception for a connection-level failure of a direct link, as {@link #call} throws it. */
    RedisUnavailableException unavailable(String what, Throwable cause) {
        return unavailable(endpoint, "Redis at " + endpoint + " is unavailable during " + what, cause);
    }

    private static void common(BaseConfig<?> c, int connectMs, int timeoutMs) {
        // No driver-level retries: Redisson re-sends a timed-out EVALSHA or batch, which can run a
        // non-idempotent script twice. Callers retry where it is safe (the worker's calls carry a token).
        c.setConnectTimeout(connectMs).setTimeout(timeoutMs).setRetryAttempts(0).setClientName("resque4j");
    }

    /**
     * @return whether the driver itself may send a command twice: a user-supplied client keeps its own retry
     *     settings, while clients resque4j creates never retry (see {@link #common}) and direct links never re-send
     */
    public boolean driverMayResend() {
        return !owned;
    }

    /** @return the Redisson client; callers must pass {@code StringCodec.INSTANCE} to every object */
    public RedissonClient client() {
        return client;
    }

    /** @return {@code host:port} or a Sentinel description, safe to log */
    public String endpoint() {
        return endpoint;
    }

    /**
     * Runs a Redis call, translating connection-level failures.
     *
     * @param what short description of the operation, for the message
     * @param call the call
     * @param <T> result type
     * @return the call's result
     */
    public <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisConnectionException | RedisTimeoutException | RedisNodeNotFoundException e) {
            throw unavailable(endpoint, "Redis at " + endpoint + " is unavailable during " + what, e);
        } catch (RedisException e) {
            // Redisson wraps a connection lost under an open client in a plain RedisException.
            if (connectionProblem(e)) {
                throw unavailable(endpoint, "Redis at " + endpoint + " is unavailable during " + what, e);
            }
            throw new ResqueException("Redis error during " + what + " at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static boolean connectionProblem(Throwable t) {
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.nio.channels.ClosedChannelException
                    || c instanceof RedisConnectionException || c instanceof RedisTimeoutException
                    || c instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static RedisUnavailableException unavailable(String endpoint, String message, Throwable cause) {
        // The driver's message names host:port only; we still keep our own message free of its text.
        String why = reason(cause);
        return new RedisUnavailableException(endpoint, message + (why == null ? "" : ": " + why)
                + " (" + cause.getClass().getSimpleName() + ")", cause);
    }

    /**
     * Why a connection failed, in words an operator can act on, chosen from the types and fixed prefixes of the
     * driver's exceptions: never their text, which could in principle carry command arguments.
     *
     * @param failure the driver's exception
     * @return a short reason, or {@code null} if none is recognised
     */
    static String reason(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage();
            if (c instanceof RedisWrongPasswordException || m.startsWith("WRONGPASS")) {
                return "authentication failed: wrong user name or password";
            }
            if (c instanceof RedisAuthRequiredException || m.startsWith("NOAUTH")) {
                return "authentication required: the URI has no password (redis://[user]:password@host)";
            }
            if (m.startsWith("ERR AUTH") || m.startsWith("ERR Client sent AUTH")) {
                return "the URI gives a password but the server has none configured";
            }
            if (c instanceof SSLException) {
                return tlsReason(c);
            }
            if (c instanceof UnknownHostException) {
                return "unknown host";
            }
            if (c instanceof ConnectException) {
                return "connection refused";
            }
            if (c instanceof RedisTimeoutException || c instanceof TimeoutException
                    || c instanceof SocketTimeoutException) {
                return "no answer in time (check the port, and rediss:// for a TLS port or redis:// for a plain one)";
            }
        }
        return null;
    }

    private static String tlsReason(Throwable ssl) {
        for (Throwable c = ssl; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage();
            if (c instanceof CertificateException && (m.startsWith("No subject alternative") || m.startsWith("No name"))) {
                return "TLS handshake failed: the server certificate does not name this host";
            }
        }
        for (Throwable c = ssl; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage();
            if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException
                    || m.startsWith("PKIX path")) {
                return "TLS handshake failed: the server certificate is not trusted (give its CA with "
                        + "ResqueConfig.Builder.tlsCaFile or the JVM trust store, javax.net.ssl.trustStore)";
            }
        }
        return "TLS handshake failed";
    }

    /** Shuts the client down if we created it; a user-supplied client is left running. */
    @Override
    public void close() {
        for (DirectLink l : List.copyOf(links)) {
            l.close();
        }
        if (owned && !client.isShutdown()) {
            LOG.debug("shutting down Redisson client for {}", endpoint);
            client.shutdown();
        }
    }
}
