package io.github.resque4j.testing;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A Redis server a test can use. Closing it stops it if the test kit started it; a server someone else runs
 * (see {@link #fromEnvironment(Map)}) is left alone.
 */
public interface RedisServer extends AutoCloseable {
    /** Environment variable naming a Redis to use instead of starting one, e.g. {@code redis://127.0.0.1:6380/0}. */
    String ENV_REDIS_URL = "REDIS_URL";

    /** @return host */
    String host();

    /** @return port */
    int port();

    /** @return a {@code redis://} URI for this server, e.g. {@code redis://127.0.0.1:6390/0} */
    default String uri() {
        return "redis://" + host() + ":" + port() + "/0";
    }

    /** @return how this server was obtained, for logs (never a password) */
    String kind();

    @Override
    void close();

    /**
     * @param env the environment, usually {@code System.getenv()}
     * @return the server {@value #ENV_REDIS_URL} names (its full URI kept: user, password, database, TLS), or
     *     empty when the variable is unset or blank
     */
    static Optional<RedisServer> fromEnvironment(Map<String, String> env) {
        String url = env.get(ENV_REDIS_URL);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(external(url.trim()));
    }

    /**
     * @param uri a {@code redis://} or {@code rediss://} URI of a server someone else runs
     * @return that server; closing it does nothing
     */
    static RedisServer external(String uri) {
        URI u = URI.create(uri);
        String host = u.getHost() == null ? "127.0.0.1" : u.getHost();
        int port = u.getPort() == -1 ? 6379 : u.getPort();
        return new RedisServer() {
            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String uri() {
                return uri;
            }

            @Override
            public String kind() {
                return ENV_REDIS_URL + " " + host + ":" + port;
            }

            @Override
            public void close() {
                // not ours
            }

            @Override
            public String toString() {
                return kind();
            }
        };
    }
}
