package io.github.resque4j.testsupport;

/** A Redis server a test can use. Closing it stops it if the harness started it. */
public interface RedisServer extends AutoCloseable {
    /** @return host */
    String host();

    /** @return port */
    int port();

    /** @return {@code redis://host:port/0} */
    default String uri() {
        return "redis://" + host() + ":" + port() + "/0";
    }

    /** @return how this server was obtained, for logs */
    String kind();

    @Override
    void close();
}
