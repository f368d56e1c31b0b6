package io.github.resque4j.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.lang3.Validate;

/**
 * A Redis primary found through Sentinel: the master name, the sentinel addresses ({@code host:port}),
 * and the credentials and database for the data nodes. Immutable; {@link #toString()} hides passwords.
 */
public final class SentinelEndpoint {
    private final String masterName;
    private final List<String> sentinels;
    private final int database;
    private final String username;
    private final String password;
    private final String sentinelPassword;
    private final boolean tls;

    private SentinelEndpoint(Builder b) {
        this.masterName = Validate.notBlank(b.masterName, "sentinel master name is required");
        Validate.notEmpty(b.sentinels, "at least one sentinel address is required");
        for (String s : b.sentinels) {
            Validate.isTrue(s != null && s.lastIndexOf(':') > 0, "sentinel address must be host:port, got '%s'", s);
        }
        this.sentinels = List.copyOf(b.sentinels);
        this.database = b.database;
        this.username = b.username;
        this.password = b.password;
        this.sentinelPassword = b.sentinelPassword;
        this.tls = b.tls;
    }

    /**
     * @param masterName the name the sentinels monitor
     * @param sentinels sentinel addresses as {@code host:port}
     * @return a builder
     */
    public static Builder builder(String masterName, List<String> sentinels) {
        Builder b = new Builder();
        b.masterName = masterName;
        b.sentinels = sentinels;
        return b;
    }

    /** @return the monitored master name */
    public String masterName() {
        return masterName;
    }

    /** @return sentinel addresses as {@code host:port} */
    public List<String> sentinels() {
        return sentinels;
    }

    /** @return the Redis database number */
    public int database() {
        return database;
    }

    /** @return the ACL user for the data nodes */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** @return the password for the data nodes; never log it */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the password for the sentinels themselves; never log it */
    public Optional<String> sentinelPassword() {
        return Optional.ofNullable(sentinelPassword);
    }

    /** @return whether TLS is used */
    public boolean tls() {
        return tls;
    }

    /** @return a description safe to log */
    public String describe() {
        return "sentinel master '" + masterName + "' via " + String.join(",", sentinels);
    }

    @Override
    public String toString() {
        return describe() + " db " + database;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SentinelEndpoint)) {
            return false;
        }
        SentinelEndpoint other = (SentinelEndpoint) o;
        return database == other.database && tls == other.tls && masterName.equals(other.masterName)
                && sentinels.equals(other.sentinels) && Objects.equals(username, other.username)
                && Objects.equals(password, other.password) && Objects.equals(sentinelPassword, other.sentinelPassword);
    }

    @Override
    public int hashCode() {
        return Objects.hash(masterName, sentinels, database);
    }

    /** Builder for {@link SentinelEndpoint}. */
    public static final class Builder {
        private String masterName;
        private List<String> sentinels;
        private int database;
        private String username;
        private String password;
        private String sentinelPassword;
        private boolean tls;

        private Builder() {
        }

        /** @param db database number @return this */
        public Builder database(int db) {
            this.database = db;
            return this;
        }

        /** @param user ACL user of the data nodes @return this */
        public Builder username(String user) {
            this.username = user;
            return this;
        }

        /** @param pass password of the data nodes @return this */
        public Builder password(String pass) {
            this.password = pass;
            return this;
        }

        /** @param pass password of the sentinels @return this */
        public Builder sentinelPassword(String pass) {
            this.sentinelPassword = pass;
            return this;
        }

        /** @param useTls whether to use TLS @return this */
        public Builder tls(boolean useTls) {
            this.tls = useTls;
            return this;
        }

        /** @return the endpoint */
        public SentinelEndpoint build() {
            return new SentinelEndpoint(this);
        }
    }
}
