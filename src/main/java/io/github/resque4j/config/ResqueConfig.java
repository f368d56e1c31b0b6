package io.github.resque4j.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.Validate;
import org.redisson.api.RedissonClient;

import io.github.resque4j.json.JsonProfile;

/**
 * Everything resque4j needs to talk to a Resque deployment: where Redis is, which namespace the Ruby side
 * uses, and which Ruby JSON stack's byte spelling to write. Immutable; made with {@link #builder()} and
 * changed with {@link #mutate()}.
 *
 * <p>Exactly one of a Redis URI, a Sentinel endpoint or a user-supplied {@link RedissonClient} decides the
 * connection. A user-supplied client is used as-is and never shut down by resque4j.
 *
 * <p>TLS: a {@code rediss://} URI (or {@link SentinelEndpoint.Builder#tls(boolean) tls(true)}) encrypts the
 * connection and verifies the server's certificate and host name. By default the certificate must chain to the
 * JVM's trust store (the JDK's CAs, or {@code -Djavax.net.ssl.trustStore=…}); {@link Builder#tlsCaFile(Path)}
 * trusts a private CA instead.
 */
public final class ResqueConfig {
    /** Ruby Resque's default namespace. */
    public static final String DEFAULT_NAMESPACE = "resque";
    /** Used when neither a URI, a Sentinel endpoint nor a client is given. */
    public static final String DEFAULT_REDIS_URI = "redis://127.0.0.1:6379/0";
    /** Redisson connection pool size when we create the client. */
    public static final int DEFAULT_CONNECTION_POOL_SIZE = 8;
    /** How long connecting may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long one command may take before it counts as failed (blocking pops excepted). */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** Environment variable read by {@link #fromEnvironment(Map)} for the Redis URI. */
    public static final String ENV_REDIS_URL = "RESQUE_REDIS_URL";
    /** Environment variable read by {@link #fromEnvironment(Map)} for the namespace. */
    public static final String ENV_NAMESPACE = "RESQUE_NAMESPACE";

    private final RedisEndpoint redis;
    private final SentinelEndpoint sentinel;
    private final RedissonClient redissonClient;
    private final String namespace;
    private final JsonProfile jsonProfile;
    private final int connectionPoolSize;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Path tlsCaFile;
    private final boolean directConnections;

    private ResqueConfig(Builder b) {
        int sources = (b.redis != null ? 1 : 0) + (b.sentinel != null ? 1 : 0) + (b.redissonClient != null ? 1 : 0);
        Validate.isTrue(sources <= 1, "choose one of redis URI, sentinel or redissonClient, not %d of them", sources);
        this.redis = sources == 0 ? RedisEndpoint.parse(DEFAULT_REDIS_URI) : b.redis;
        this.sentinel = b.sentinel;
        this.redissonClient = b.redissonClient;
        Validate.isTrue(StringUtils.isNotEmpty(b.namespace), "namespace must not be empty");
        this.namespace = b.namespace;
        this.jsonProfile = Objects.requireNonNull(b.jsonProfile, "jsonProfile");
        Validate.isTrue(b.connectionPoolSize >= 1, "connectionPoolSize must be at least 1");
        this.connectionPoolSize = b.connectionPoolSize;
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.commandTimeout = positive(b.commandTimeout, "commandTimeout");
        this.tlsCaFile = b.tlsCaFile;
        this.directConnections = b.directConnections;
    }

    private static Duration positive(Duration d, String name) {
        Validate.isTrue(d != null && !d.isNegative() && !d.isZero(), "%s must be positive", name);
        return d;
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults: {@code redis://127.0.0.1:6379/0}, namespace {@code resque} */
    public static ResqueConfig defaults() {
        return builder().build();
    }

    /**
     * Reads {@value #ENV_REDIS_URL} (falling back to {@code REDIS_URL}) and {@value #ENV_NAMESPACE}.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @return a builder pre-filled from the environment
     */
    public static Builder fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String url = StringUtils.firstNonBlank(env.get(ENV_REDIS_URL), env.get("REDIS_URL"));
        if (url != null) {
            b.redis(url);
        }
        String ns = env.get(ENV_NAMESPACE);
        if (StringUtils.isNotEmpty(ns)) {
            b.namespace(ns);
        }
        return b;
    }

    /** @return a builder holding this configuration's values */
    public Builder mutate() {
        Builder b = new Builder();
        b.redis = redissonClient == null && sentinel == null ? redis : null;
        b.sentinel = sentinel;
        b.redissonClient = redissonClient;
        b.namespace = namespace;
        b.jsonProfile = jsonProfile;
        b.connectionPoolSize = connectionPoolSize;
        b.connectTimeout = connectTimeout;
        b.commandTimeout = commandTimeout;
        b.tlsCaFile = tlsCaFile;
        b.directConnections = directConnections;
        return b;
    }

    /** @return the single-server endpoint, empty when Sentinel or a user client is used */
    public Optional<RedisEndpoint> redis() {
        return sentinel == null && redissonClient == null ? Optional.of(redis) : Optional.empty();
    }

    /** @return the Sentinel endpoint, if configured */
    public Optional<SentinelEndpoint> sentinel() {
        return Optional.ofNullable(sentinel);
    }

    /** @return the user-supplied client, if any; resque4j never shuts it down */
    public Optional<RedissonClient> redissonClient() {
        return Optional.ofNullable(redissonClient);
    }

    /** @return the key namespace, {@code resque} unless changed */
    public String namespace() {
        return namespace;
    }

    /** @return which Ruby JSON stack's spelling to write */
    public JsonProfile jsonProfile() {
        return jsonProfile;
    }

    /** @return connection pool size for a client we create */
    public int connectionPoolSize() {
        return connectionPoolSize;
    }

    /** @return connect timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return per-command timeout */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * @return the PEM file of CA certificates trusted for TLS connections instead of the JVM's trust store,
     *     if one was set with {@link Builder#tlsCaFile(Path)}
     */
    public Optional<Path> tlsCaFile() {
        return Optional.ofNullable(tlsCaFile);
    }

    /**
     * @return whether workers and the client run their per-job commands over connections of their own (see
     *     {@link Builder#directConnections(boolean)}); {@code true} unless turned off
     */
    public boolean directConnections() {
        return directConnections;
    }

    /** @return where the data lives, safe to log (no password) */
    public String describeEndpoint() {
        if (redissonClient != null) {
            return "user-supplied RedissonClient";
        }
        if (sentinel != null) {
            return sentinel.describe();
        }
        return redis.hostAndPort();
    }

    @Override
    public String toString() {
        String where = redissonClient != null ? describeEndpoint() : sentinel != null ? sentinel.toString() : redis.toString();
        return "ResqueConfig{" + where + ", namespace=" + namespace + ", json=" + jsonProfile
                + (tlsCaFile == null ? "" : ", tlsCaFile=" + tlsCaFile) + "}";
    }

    /** Builder for {@link ResqueConfig}; not thread-safe. */
    public static final class Builder {
        private RedisEndpoint redis;
        private SentinelEndpoint sentinel;
        private RedissonClient redissonClient;
        private String namespace = DEFAULT_NAMESPACE;
        private JsonProfile jsonProfile = JsonProfile.JSON_GEM;
        private int connectionPoolSize = DEFAULT_CONNECTION_POOL_SIZE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Path tlsCaFile;
        private boolean directConnections = true;

        private Builder() {
        }

        /** @param uri {@code redis[s]://[user:password@]host[:port][/db]} @return this */
        public Builder redis(String uri) {
            return redis(RedisEndpoint.parse(uri));
        }

        /** @param endpoint a single Redis server @return this */
        public Builder redis(RedisEndpoint endpoint) {
            this.redis = Objects.requireNonNull(endpoint, "endpoint");
            this.sentinel = null;
            this.redissonClient = null;
            return this;
        }

        /** @param endpoint a Sentinel-monitored primary @return this */
        public Builder sentinel(SentinelEndpoint endpoint) {
            this.sentinel = Objects.requireNonNull(endpoint, "endpoint");
            this.redis = null;
            this.redissonClient = null;
            return this;
        }

        /**
         * Uses the caller's client. resque4j passes {@code StringCodec} on every call, so the client's own
         * codec does not matter, and never shuts it down.
         *
         * @param client the shared client
         * @return this
         */
        public Builder redissonClient(RedissonClient client) {
            this.redissonClient = Objects.requireNonNull(client, "client");
            this.redis = null;
            this.sentinel = null;
            return this;
        }

        /** @param ns the Resque namespace, any non-empty string (may contain {@code :}) @return this */
        public Builder namespace(String ns) {
            this.namespace = ns;
            return this;
        }

        /** @param profile the Ruby JSON stack whose bytes to write @return this */
        public Builder jsonProfile(JsonProfile profile) {
            this.jsonProfile = profile;
            return this;
        }

        /** @param size pool size for a client we create @return this */
        public Builder connectionPoolSize(int size) {
            this.connectionPoolSize = size;
            return this;
        }

        /** @param timeout connect timeout @return this */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** @param timeout per-command timeout @return this */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * Trusts the CA certificate(s) in this PEM file, and only those, when verifying the Redis (and
         * Sentinel) server certificate of a TLS connection ({@code rediss://}), instead of the JVM's default
         * trust store. Use it for a private CA or a self-signed server certificate; the server certificate
         * must still name the host of the URI (a DNS or IP subject alternative name). The file is read when a
         * connection is opened; a missing or malformed file then fails with a {@code ResqueException} naming
         * the path. It has no effect for a plain {@code redis://} URI (a warning is logged) or a user-supplied
         * {@code RedissonClient} (configure that client's SSL settings instead).
         *
         * @param pemFile one or more {@code -----BEGIN CERTIFICATE-----} blocks (like {@code redis-cli --cacert}),
         *     or {@code null} to use the JVM's trust store again
         * @return this
         */
        public Builder tlsCaFile(Path pemFile) {
            this.tlsCaFile = pemFile;
            return this;
        }

        /**
         * Whether the per-job commands (a worker's finish-and-reserve script, an enqueue) use a blocking
         * connection of their own per worker (and a few shared ones for enqueues), written and read on the
         * calling thread, instead of the shared Redisson pool; everything else always uses the pool. On by
         * default: it roughly halves the client-side cost of a job. The links use the same endpoint, credentials,
         * database, timeouts and TLS trust, follow the Sentinel master (closed when the pool leaves a node,
         * checked against the pool's master before each call), and fail with the same exceptions. A
         * user-supplied {@code RedissonClient} always means the pool (its credentials are not known here).
         *
         * @param on {@code false} to send everything through the Redisson pool
         * @return this
         */
        public Builder directConnections(boolean on) {
            this.directConnections = on;
            return this;
        }

        /** @return the immutable configuration */
        public ResqueConfig build() {
            return new ResqueConfig(this);
        }
    }
}
