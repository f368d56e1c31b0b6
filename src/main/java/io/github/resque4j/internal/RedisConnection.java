package io.github.resque4j.internal;

import java.util.function.Supplier;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisTimeoutException;
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

/**
 * One Redisson client plus the knowledge of whether we own it. Translates driver failures into
 * {@link RedisUnavailableException}s that name the endpoint but never a password.
 */
public final class RedisConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final RedissonClient client;
    private final boolean owned;
    private final String endpoint;

    private RedisConnection(RedissonClient client, boolean owned, String endpoint) {
        this.client = client;
        this.owned = owned;
        this.endpoint = endpoint;
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
            return new RedisConnection(config.redissonClient().get(), false, endpoint);
        }
        Config rc = new Config();
        // Lean defaults: Redisson's own (32 netty threads, 16 codec threads, pools of 64) cost ~55 threads and
        // 1-2 s at startup; Resque clients need a handful of connections.
        rc.setNettyThreads(4);
        rc.setThreads(2);
        int pool = config.connectionPoolSize() + Math.max(0, extraConnections);
        int connectMs = (int) config.connectTimeout().toMillis();
        int timeoutMs = (int) config.commandTimeout().toMillis();
        if (config.sentinel().isPresent()) {
            SentinelEndpoint s = config.sentinel().get();
            SentinelServersConfig sc = rc.useSentinelServers()
                    .setMasterName(s.masterName())
                    .setDatabase(s.database())
                    .setCheckSentinelsList(false)
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
        try {
            return new RedisConnection(Redisson.create(rc), true, endpoint);
        } catch (RuntimeException ex) {
            throw unavailable(endpoint, "cannot connect to Redis at " + endpoint, ex);
        }
    }

    private static void common(BaseConfig<?> c, int connectMs, int timeoutMs) {
        c.setConnectTimeout(connectMs).setTimeout(timeoutMs).setRetryAttempts(2).setClientName("resque4j");
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
        return new RedisUnavailableException(endpoint, message + " (" + cause.getClass().getSimpleName() + ")", cause);
    }

    /** Shuts the client down if we created it; a user-supplied client is left running. */
    @Override
    public void close() {
        if (owned && !client.isShutdown()) {
            LOG.debug("shutting down Redisson client for {}", endpoint);
            client.shutdown();
        }
    }
}
