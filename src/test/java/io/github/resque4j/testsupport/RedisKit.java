package io.github.resque4j.testsupport;

import java.util.List;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.RedisServer;

/**
 * What most Redis tests need, resolved by {@link RedisExtension} as a test parameter and closed after the
 * test: the server, a fresh namespace, a {@link ResqueConfig} for it, a client, and a raw connection for
 * assertions that do not trust the code under test.
 */
public final class RedisKit implements AutoCloseable {
    private final RedisServer server;
    private final TestNamespace ns;
    private final ResqueConfig config;
    private ResqueClient client;
    private RespClient raw;

    RedisKit(RedisServer server, TestNamespace ns, ResqueConfig config) {
        this.server = server;
        this.ns = ns;
        this.config = config;
    }

    /** @return the server */
    public RedisServer server() {
        return server;
    }

    /** @return this test's namespace */
    public TestNamespace ns() {
        return ns;
    }

    /** @return a config for this namespace */
    public ResqueConfig config() {
        return config;
    }

    /** @return a client on this namespace (created on first use) */
    public synchronized ResqueClient client() {
        if (client == null) {
            client = ResqueClient.create(config);
        }
        return client;
    }

    /** @return a raw RESP connection (created on first use) */
    public synchronized RespClient raw() {
        if (raw == null) {
            raw = RespClient.connect(server);
        }
        return raw;
    }

    /** @param key key without namespace @return GET */
    public String get(String key) {
        return (String) raw().call("GET", ns.key(key));
    }

    /** @param key key without namespace @return LRANGE 0 -1 */
    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        return (List<String>) raw().call("LRANGE", ns.key(key), "0", "-1");
    }

    /** @param key key without namespace @return SMEMBERS */
    @SuppressWarnings("unchecked")
    public List<String> members(String key) {
        return (List<String>) raw().call("SMEMBERS", ns.key(key));
    }

    /** @param args a command whose key arguments the caller namespaced @return the reply */
    public Object call(String... args) {
        return raw().call(args);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        if (raw != null) {
            raw.close();
        }
    }
}
