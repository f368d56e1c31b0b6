package io.github.resque4j.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resque4j.testing.RedisServer;

/**
 * Records the commands a Redis server receives (MONITOR) so a test can compare them with a Ruby transcript.
 * Stopping waits for a sentinel {@code ECHO} so every earlier command has been seen.
 */
public final class RedisMonitor implements AutoCloseable {
    /** Commands that change data; the ones transcripts are compared on. */
    public static final Set<String> WRITES = Set.of("sadd", "srem", "rpush", "lpush", "lpop", "rpop", "lrem", "lset",
            "ltrim", "del", "set", "setnx", "expire", "incrby", "decrby", "incr", "hset", "hdel", "zadd", "zrem",
            "lmove", "rpoplpush", "spop", "hsetnx", "getdel", "blpop", "brpoplpush", "blmove");

    private final RedisServer server;
    private final RespClient conn;
    private final List<MonitoredCommand> seen = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final String marker = "monitor-end-" + System.nanoTime();
    private volatile boolean done;

    private RedisMonitor(RedisServer server) {
        this.server = server;
        this.conn = RespClient.connect(server);
        Object ok = conn.call("MONITOR");
        if (!"OK".equals(ok)) {
            throw new IllegalStateException("MONITOR refused: " + ok);
        }
        reader = new Thread(this::readLoop, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    /** @param server the server @return a running monitor */
    public static RedisMonitor start(RedisServer server) {
        return new RedisMonitor(server);
    }

    private void readLoop() {
        try {
            while (!done) {
                Object line = conn.read();
                if (line instanceof String) {
                    MonitoredCommand c = MonitoredCommand.parseMonitorLine((String) line);
                    if (c != null) {
                        if (c.name().equals("echo") && c.args().size() == 1 && c.args().get(0).equals(marker)) {
                            done = true;
                            return;
                        }
                        seen.add(c);
                    }
                }
            }
        } catch (RuntimeException e) {
            done = true;
        }
    }

    /**
     * Stops recording after every command sent so far has been seen.
     *
     * @return all recorded commands in order
     */
    public List<MonitoredCommand> stop() {
        try (RespClient c = RespClient.connect(server)) {
            c.call("ECHO", marker);
        }
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        return new ArrayList<>(seen);
    }

    /**
     * @param all recorded commands
     * @param namespacePrefix only commands whose first key starts with this (e.g. {@code "ns:"})
     * @return the data-changing commands touching that namespace
     */
    public static List<MonitoredCommand> writes(List<MonitoredCommand> all, String namespacePrefix) {
        List<MonitoredCommand> out = new ArrayList<>();
        for (MonitoredCommand c : all) {
            if (WRITES.contains(c.name().toLowerCase(Locale.ROOT)) && !c.args().isEmpty()
                    && c.args().get(0).startsWith(namespacePrefix)) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public void close() {
        done = true;
        conn.close();
    }
}
