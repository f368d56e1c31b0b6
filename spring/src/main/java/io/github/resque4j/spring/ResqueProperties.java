package io.github.resque4j.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.JsonProfile;
import io.github.resque4j.metrics.MetricsSampler;
import io.github.resque4j.worker.FailureBackend;
import io.github.resque4j.worker.InFlightPolicy;
import io.github.resque4j.worker.WorkerOptions;

/** The {@code resque4j.*} properties. Defaults are Ruby Resque's (and resque4j's). */
@ConfigurationProperties("resque4j")
public class ResqueProperties {
    /** Whether to configure resque4j at all. */
    private boolean enabled = true;
    /** Redis URI: redis:// or rediss://, with user, password and database, e.g. redis://:secret@host:6379/0. */
    private String redisUrl = ResqueConfig.DEFAULT_REDIS_URI;
    /** Redis key prefix, what Resque.redis.namespace is on the Ruby side. */
    private String namespace = ResqueConfig.DEFAULT_NAMESPACE;
    /** How payload JSON is spelled: the Ruby JSON stack of the Ruby side. */
    private JsonProfile jsonProfile = JsonProfile.JSON_GEM;
    /** Redis connection pool size. */
    private int connectionPoolSize = ResqueConfig.DEFAULT_CONNECTION_POOL_SIZE;
    /** Time to connect to Redis. */
    private Duration connectTimeout = ResqueConfig.DEFAULT_CONNECT_TIMEOUT;
    /** Time for one Redis command. */
    private Duration commandTimeout = ResqueConfig.DEFAULT_COMMAND_TIMEOUT;
    /** Queues the workers take jobs from, in priority order, as Ruby's QUEUES: names, "*", globs, "!skip". */
    private List<String> queues = new ArrayList<>(List.of("*"));
    /** Number of workers, each a Resque worker of its own. */
    private int concurrency = 1;
    /** Worker settings. */
    private final Worker worker = new Worker();
    /** Metrics settings (used when a MeterRegistry bean exists). */
    private final Metrics metrics = new Metrics();

    /** @return whether resque4j is configured */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether resque4j is configured */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the Redis URI */
    public String getRedisUrl() {
        return redisUrl;
    }

    /** @param redisUrl the Redis URI */
    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    /** @return the Resque namespace */
    public String getNamespace() {
        return namespace;
    }

    /** @param namespace the Resque namespace */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    /** @return the JSON spelling */
    public JsonProfile getJsonProfile() {
        return jsonProfile;
    }

    /** @param jsonProfile the JSON spelling */
    public void setJsonProfile(JsonProfile jsonProfile) {
        this.jsonProfile = jsonProfile;
    }

    /** @return the connection pool size */
    public int getConnectionPoolSize() {
        return connectionPoolSize;
    }

    /** @param connectionPoolSize the connection pool size */
    public void setConnectionPoolSize(int connectionPoolSize) {
        this.connectionPoolSize = connectionPoolSize;
    }

    /** @return the connect timeout */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the command timeout */
    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    /** @param commandTimeout the command timeout */
    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    /** @return queue names and patterns in priority order */
    public List<String> getQueues() {
        return queues;
    }

    /** @param queues queue names and patterns in priority order */
    public void setQueues(List<String> queues) {
        this.queues = queues;
    }

    /** @return the number of workers */
    public int getConcurrency() {
        return concurrency;
    }

    /** @param concurrency the number of workers */
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    /** @return worker settings */
    public Worker getWorker() {
        return worker;
    }

    /** @return metrics settings */
    public Metrics getMetrics() {
        return metrics;
    }

    /** {@code resque4j.worker.*}. */
    public static class Worker {
        /** Whether to run workers; false leaves a client-only (producer) application. */
        private boolean enabled = true;
        /** Whether the workers start with the application context (else call WorkerPool.start() yourself). */
        private boolean autoStartup = true;
        /** Longest wait of one blocking poll (Ruby's INTERVAL). */
        private Duration pollTimeout = WorkerOptions.DEFAULT_POLL_TIMEOUT;
        /** How long shutdown lets running jobs finish. */
        private Duration shutdownTimeout = WorkerOptions.DEFAULT_SHUTDOWN_TIMEOUT;
        /** What happens to jobs still running after the shutdown timeout. */
        private InFlightPolicy inFlightPolicy = InFlightPolicy.FAIL;
        /** Where failures are written, as Ruby's Resque::Failure.backend. */
        private FailureBackend failureBackend = FailureBackend.REDIS;
        /** Time limit for every job (none by default). */
        private Duration jobTimeout;
        /** Host name in worker ids (default: the kernel host name). */
        private String hostname;
        /** Whether to prune dead workers at startup, as Ruby's workers do. */
        private boolean pruneAtStartup = true;
        /**
         * Java packages whose JobHandler classes payload class names may resolve to (off by default); such a class
         * is used as a bean if it is one, else created per job with its constructor dependencies injected.
         */
        private List<String> allowedPackages = new ArrayList<>();

        /** @return whether workers run */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether workers run */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return whether the workers start with the context */
        public boolean isAutoStartup() {
            return autoStartup;
        }

        /** @param autoStartup whether the workers start with the context */
        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        /** @return the poll timeout */
        public Duration getPollTimeout() {
            return pollTimeout;
        }

        /** @param pollTimeout the poll timeout */
        public void setPollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }

        /** @return the shutdown timeout */
        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /** @param shutdownTimeout the shutdown timeout */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        /** @return the in-flight policy */
        public InFlightPolicy getInFlightPolicy() {
            return inFlightPolicy;
        }

        /** @param inFlightPolicy the in-flight policy */
        public void setInFlightPolicy(InFlightPolicy inFlightPolicy) {
            this.inFlightPolicy = inFlightPolicy;
        }

        /** @return the failure backend */
        public FailureBackend getFailureBackend() {
            return failureBackend;
        }

        /** @param failureBackend the failure backend */
        public void setFailureBackend(FailureBackend failureBackend) {
            this.failureBackend = failureBackend;
        }

        /** @return the job time limit, or null */
        public Duration getJobTimeout() {
            return jobTimeout;
        }

        /** @param jobTimeout the job time limit, or null */
        public void setJobTimeout(Duration jobTimeout) {
            this.jobTimeout = jobTimeout;
        }

        /** @return the host name override, or null */
        public String getHostname() {
            return hostname;
        }

        /** @param hostname the host name override, or null */
        public void setHostname(String hostname) {
            this.hostname = hostname;
        }

        /** @return whether to prune at startup */
        public boolean isPruneAtStartup() {
            return pruneAtStartup;
        }

        /** @param pruneAtStartup whether to prune at startup */
        public void setPruneAtStartup(boolean pruneAtStartup) {
            this.pruneAtStartup = pruneAtStartup;
        }

        /** @return allowed handler packages */
        public List<String> getAllowedPackages() {
            return allowedPackages;
        }

        /** @param allowedPackages allowed handler packages */
        public void setAllowedPackages(List<String> allowedPackages) {
            this.allowedPackages = allowedPackages;
        }
    }

    /** {@code resque4j.metrics.*}. */
    public static class Metrics {
        /** Whether to record metrics when a MeterRegistry bean exists. */
        private boolean enabled = true;
        /** Interval at which queue sizes and worker utilisation are sampled. */
        private Duration sampleInterval = MetricsSampler.DEFAULT_INTERVAL;
        /** Whether job duration and queue latency publish percentile histogram buckets. */
        private boolean percentileHistogram = true;

        /** @return whether metrics are recorded */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether metrics are recorded */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the sampling interval */
        public Duration getSampleInterval() {
            return sampleInterval;
        }

        /** @param sampleInterval the sampling interval */
        public void setSampleInterval(Duration sampleInterval) {
            this.sampleInterval = sampleInterval;
        }

        /** @return whether timers publish histogram buckets */
        public boolean isPercentileHistogram() {
            return percentileHistogram;
        }

        /** @param percentileHistogram whether timers publish histogram buckets */
        public void setPercentileHistogram(boolean percentileHistogram) {
            this.percentileHistogram = percentileHistogram;
        }
    }
}
