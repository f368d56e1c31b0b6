package io.github.resque4j.cli;

import java.util.Arrays;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.config.SentinelEndpoint;

/** The root command: connection options shared by every subcommand. */
@Command(name = "resque4j", mixinStandardHelpOptions = true, version = "resque4j 0.1.0",
        description = "Operate a Ruby Resque deployment from the terminal: queues, failures, workers, Java workers.",
        subcommands = {InfoCommand.class, QueuesCommand.class, PeekCommand.class, EnqueueCommand.class,
            DequeueCommand.class, RemoveQueueCommand.class, WorkersCommand.class, PauseAllCommand.class,
            ResumeAllCommand.class, WorkCommand.class, FailedCommand.class, SchedulerCommand.class, DemoCommand.class, HealthCommand.class})
public final class Resque4jCommand implements Runnable {

    @Option(names = "--redis", scope = ScopeType.INHERIT, paramLabel = "URI",
            defaultValue = "${env:RESQUE_REDIS_URL:-redis://127.0.0.1:6379/0}",
            description = "Redis URI: redis[s]://[user:password@]host[:port][/db] (env RESQUE_REDIS_URL).")
    String redis;

    @Option(names = "--namespace", scope = ScopeType.INHERIT, paramLabel = "NS",
            defaultValue = "${env:RESQUE_NAMESPACE:-resque}",
            description = "Resque namespace (env RESQUE_NAMESPACE), default: ${DEFAULT-VALUE}.")
    String namespace;

    @Option(names = "--sentinel", scope = ScopeType.INHERIT, paramLabel = "MASTER@HOST:PORT[,HOST:PORT…]",
            description = "Use Sentinel instead of --redis (password from --redis URI, if any).")
    String sentinel;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine-readable JSON output.")
    boolean json;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a subcommand is required");
    }

    /** @return the configuration the options describe */
    ResqueConfig config() {
        ResqueConfig.Builder b = ResqueConfig.builder().namespace(namespace);
        if (sentinel != null) {
            int at = sentinel.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException("--sentinel must look like mymaster@host:26379,host:26380");
            }
            List<String> hosts = Arrays.asList(sentinel.substring(at + 1).split(","));
            SentinelEndpoint.Builder s = SentinelEndpoint.builder(sentinel.substring(0, at), hosts);
            if (redis != null && !redis.isBlank()) {
                io.github.resque4j.config.RedisEndpoint e = io.github.resque4j.config.RedisEndpoint.parse(redis);
                e.password().ifPresent(s::password);
                e.username().ifPresent(s::username);
                s.database(e.database());
            }
            b.sentinel(s.build());
        } else {
            b.redis(redis);
        }
        return b.build();
    }
}
