package io.github.resque4j.internal.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.LuaScript;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.internal.RubyTime;

/**
 * Ruby Resque 3.0's {@code prune_dead_workers} (worker.rb:639-681, WIRE.md §7.1), plus one extension:
 * workers with this library's {@code <host>-w<n>} host part on this machine are pruned when their pid is
 * no longer a live process (Ruby's ps grep cannot see JVMs without the marker).
 */
final class Pruner {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
    private static final StringCodec S = StringCodec.INSTANCE;
    private static final LuaScript PRUNE_LOCK = new LuaScript(
            "if redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then return 1 end return 0");

    private final RedisConnection connection;
    private final RedissonClient redis;
    private final Keys keys;
    private final Registry registry;
    private final WorkerIdentity identity;
    private final QueuePatterns patterns;
    private final Duration pruneInterval;
    private final Duration lockTtl;
    private final boolean requeueOrphans;

    Pruner(RedisConnection connection, Keys keys, Registry registry, WorkerIdentity identity, QueuePatterns patterns,
            Duration pruneInterval, Duration lockTtl, boolean requeueOrphans) {
        this.requeueOrphans = requeueOrphans;
        this.connection = connection;
        this.redis = connection.client();
        this.keys = keys;
        this.registry = registry;
        this.identity = identity;
        this.patterns = patterns;
        this.pruneInterval = pruneInterval;
        this.lockTtl = lockTtl;
    }

    /**
     * @param ownId the pruning worker's id (the lock value)
     * @return the ids pruned, empty if another worker holds the pruning lock
     */
    Set<String> prune(String ownId) {
        Set<String> pruned = new HashSet<>();
        // Ruby: SET pruning_dead_workers_in_progress <id> EX <heartbeat_interval> NX
        Long locked = connection.call("prune lock", () -> PRUNE_LOCK.<Long>eval(redis, RScript.ReturnType.LONG,
                List.of(keys.pruneLock()), ownId, String.valueOf(Math.max(1, lockTtl.toSeconds()))));
        if (locked == null || locked == 0L) {
            return pruned;
        }
        Set<String> all = connection.call("prune", () -> redis.<String>getSet(keys.workers(), S).readAll());
        Set<String> knownPids = livePids();
        Map<String, String> heartbeats = connection.call("prune",
                () -> redis.<String, String>getMap(keys.heartbeats(), S).readAllMap());
        Instant now = registry.serverTime();
        for (Map.Entry<String, String> hb : heartbeats.entrySet()) {
            Optional<Instant> at = RubyTime.parse(hb.getValue());
            if (at.isEmpty()) {
                // Ruby's Time.parse would raise here and abort its worker; we only refuse to judge it.
                LOG.warn("heartbeat of {} is not a time Ruby can parse ({}); not pruning it", hb.getKey(),
                        hb.getValue());
                continue;
            }
            if (expired(at.get(), now)) {
                LOG.info("pruning dead worker {} (heartbeat {})", hb.getKey(), hb.getValue());
                registry.unregisterDead(hb.getKey(), true);
                pruned.add(hb.getKey());
            }
        }
        for (String id : all) {
            if (pruned.contains(id)) {
                continue;
            }
            String[] parts = id.split(":", -1);
            if (parts.length < 3) {
                continue;
            }
            String host = parts[0];
            String pid = parts[1];
            Set<String> theirQueues = new HashSet<>(List.of(parts[2].split(",")));
            if (!patterns.listensToAll() && !theirQueues.equals(new HashSet<>(patterns.patterns()))) {
                continue;
            }
            boolean dead;
            if (host.equals(identity.hostname())) {
                dead = knownPids != null && !knownPids.contains(pid);
            } else if (identity.isJavaHostOf(host)) {
                dead = !processAlive(pid);
            } else {
                continue;
            }
            if (dead && !id.startsWith(identity.hostname() + ":" + identity.pid() + ":")
                    && !(identity.isJavaHostOf(host) && pid.equals(String.valueOf(identity.pid())))) {
                LOG.info("pruning dead worker {} (no live process {} on this host)", id, pid);
                registry.unregisterDead(id, false);
                pruned.add(id);
            }
        }
        recoverOrphans(all, pruned, heartbeats, now);
        return pruned;
    }

    /**
     * Crash-safe fetch: processing lists of workers that are no longer registered (another client — Ruby's
     * prune, an unregister — removed them without knowing the list). A worker whose heartbeat is still fresh
     * is left alone: it may be alive and merely unregistered, and will finish its job.
     */
    private void recoverOrphans(Set<String> registered, Set<String> pruned, Map<String, String> heartbeats,
            Instant now) {
        Set<String> held = connection.call("prune", () -> redis.<String>getSet(keys.processingWorkers(), S)
                .readAll());
        for (String id : held) {
            if (registered.contains(id) && !pruned.contains(id)) {
                continue;
            }
            Optional<Instant> beat = Optional.ofNullable(heartbeats.get(id)).flatMap(RubyTime::parse);
            if (!pruned.contains(id) && beat.isPresent() && !expired(beat.get(), now)) {
                continue;
            }
            registry.recover(id, requeueOrphans ? "orphan-requeue" : "orphan-drop");
        }
    }

    /** Ruby's rule: a heartbeat older than the prune interval, in whole seconds of Redis time. */
    private boolean expired(Instant heartbeat, Instant now) {
        return Duration.between(heartbeat, now).getSeconds() > pruneInterval.getSeconds();
    }

    private static boolean processAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not a pid we understand: leave it alone
        }
    }

    /**
     * Ruby's {@code worker_pids}: first token of each {@code ps -A -o pid,command} line matching its grep.
     *
     * @return the pids, or null if {@code ps} could not run (then nobody is pruned by pid)
     */
    static Set<String> livePids() {
        try {
            Process p = new ProcessBuilder("ps", "-A", "-o", "pid,command").redirectErrorStream(true).start();
            Set<String> pids = new HashSet<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (WorkerIdentity.hasMarker(line)) {
                        String t = line.trim();
                        int sp = t.indexOf(' ');
                        pids.add(sp < 0 ? t : t.substring(0, sp));
                    }
                }
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return pids;
        } catch (IOException e) {
            LOG.debug("ps unavailable, not pruning by pid: {}", e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
