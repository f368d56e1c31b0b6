package io.github.resque4j.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import io.github.resque4j.ResqueException;

/**
 * A single Redis server, parsed from a {@code redis://} or {@code rediss://} (TLS) URI:
 * {@code redis[s]://[[user]:password@]host[:port][/db]}. Immutable. {@link #toString()} never shows the
 * password.
 */
public final class RedisEndpoint {
    /** Port used when the URI names none. */
    public static final int DEFAULT_PORT = 6379;

    private final String host;
    private final int port;
    private final int database;
    private final boolean tls;
    private final String username;
    private final String password;

    private RedisEndpoint(String host, int port, int database, boolean tls, String username, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.tls = tls;
        this.username = username;
        this.password = password;
    }

    /**
     * Parses a Redis URI.
     *
     * @param uri e.g. {@code redis://127.0.0.1:6379/0} or {@code rediss://app:secret@redis.example:6380/2}
     * @return the endpoint
     * @throws ResqueException if the URI is malformed; the message never repeats the password
     */
    public static RedisEndpoint parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        URI parsed;
        try {
            parsed = new URI(uri.trim());
        } catch (URISyntaxException e) {
            // The input may contain a password: do not echo it back.
            throw new ResqueException("malformed Redis URI (expected redis[s]://[user:password@]host[:port][/db])");
        }
        String scheme = parsed.getScheme();
        boolean tls;
        if ("redis".equalsIgnoreCase(scheme)) {
            tls = false;
        } else if ("rediss".equalsIgnoreCase(scheme)) {
            tls = true;
        } else {
            throw new ResqueException("unsupported Redis URI scheme '" + scheme + "' (use redis:// or rediss://)");
        }
        String host = parsed.getHost();
        if (host == null || host.isEmpty()) {
            throw new ResqueException("Redis URI has no host");
        }
        int port = parsed.getPort() == -1 ? DEFAULT_PORT : parsed.getPort();
        int db = 0;
        String path = parsed.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new ResqueException("Redis URI path must be a database number, got '" + path.substring(1) + "'");
            }
        }
        String user = null;
        String pass = null;
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // redis://secret@host is the common "password only" spelling.
                pass = decode(userInfo);
            } else {
                user = decode(userInfo.substring(0, colon));
                pass = decode(userInfo.substring(colon + 1));
                if (user.isEmpty()) {
                    user = null;
                }
            }
        }
        return new RedisEndpoint(host, port, db, tls, user, pass);
    }

    /**
     * @param host host name or address
     * @param port TCP port
     * @return a plain (no TLS, no auth, db 0) endpoint
     */
    public static RedisEndpoint of(String host, int port) {
        return new RedisEndpoint(host, port, 0, false, null, null);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** @return host name or address */
    public String host() {
        return host;
    }

    /** @return TCP port */
    public int port() {
        return port;
    }

    /** @return Redis database number */
    public int database() {
        return database;
    }

    /** @return whether the connection uses TLS ({@code rediss://}) */
    public boolean tls() {
        return tls;
    }

    /** @return the ACL user name, if any */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** @return the password, if any; never log it */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return {@code host:port}, safe to log */
    public String hostAndPort() {
        return host + ":" + port;
    }

    /** @return the address in the form Redisson expects, without credentials */
    public String address() {
        return (tls ? "rediss://" : "redis://") + hostAndPort();
    }

    /** @return a copy with a different database number */
    public RedisEndpoint withDatabase(int db) {
        return new RedisEndpoint(host, port, db, tls, username, password);
    }

    /** @return the URI with the password masked, safe to log */
    @Override
    public String toString() {
        String auth = "";
        if (username != null || password != null) {
            auth = (username == null ? "" : username) + (password == null ? "" : ":***") + "@";
        }
        return (tls ? "rediss://" : "redis://") + auth + hostAndPort() + "/" + database;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisEndpoint)) {
            return false;
        }
        RedisEndpoint other = (RedisEndpoint) o;
        return port == other.port && database == other.database && tls == other.tls && host.equals(other.host)
                && Objects.equals(username, other.username) && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, tls, username);
    }
}
