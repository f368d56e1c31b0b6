package io.github.resque4j.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.resque4j.testing.LocalRedisProcess;

/**
 * A primary, one replica and three Sentinels as local {@code redis-server} processes on free loopback ports
 * (persisting nothing), for failover tests.
 */
public final class SentinelCluster implements AutoCloseable {
    /** The monitored primary's name. */
    public static final String MASTER = "resque4j-primary";

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final int[] dataPorts = new int[2];
    private final int[] sentinelPorts = new int[3];
    private final Process[] data = new Process[2];

    private SentinelCluster(Path dir) {
        this.dir = dir;
    }

    /** @return a started cluster whose Sentinels see the primary and its replica */
    public static SentinelCluster start() throws IOException, InterruptedException {
        SentinelCluster c = new SentinelCluster(Files.createTempDirectory("resque4j-sentinel"));
        try {
            c.startAll();
            return c;
        } catch (RuntimeException | IOException | InterruptedException e) {
            c.close();
            throw e;
        }
    }

    private void startAll() throws IOException, InterruptedException {
        for (int i = 0; i < 2; i++) {
            dataPorts[i] = LocalRedisProcess.freePort();
        }
        // No diskless-sync delay: the replica must hold a full copy before a test can kill the primary.
        data[0] = spawn("primary", List.of("redis-server", "--port", String.valueOf(dataPorts[0]), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--repl-diskless-sync-delay", "0"));
        awaitPing(dataPorts[0]);
        data[1] = spawn("replica", List.of("redis-server", "--port", String.valueOf(dataPorts[1]), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--replicaof",
                "127.0.0.1", String.valueOf(dataPorts[0])));
        awaitPing(dataPorts[1]);
        awaitReplicaLinkUp();
        for (int i = 0; i < 3; i++) {
            sentinelPorts[i] = LocalRedisProcess.freePort();
            Path conf = dir.resolve("sentinel-" + i + ".conf");
            Files.writeString(conf, String.join("\n",
                    "port " + sentinelPorts[i],
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + dataPorts[0] + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " 1000",
                    "sentinel failover-timeout " + MASTER + " 10000",
                    "sentinel parallel-syncs " + MASTER + " 1", ""), StandardCharsets.UTF_8);
            spawn("sentinel-" + i, List.of("redis-server", conf.toString(), "--sentinel"));
            awaitPing(sentinelPorts[i]);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) { // each Sentinel must have discovered the replica and the other Sentinels
            boolean ready = true;
            for (int p : sentinelPorts) {
                try (RespClient c = RespClient.connect("127.0.0.1", p)) {
                    List<?> replicas = (List<?>) c.call("SENTINEL", "REPLICAS", MASTER);
                    List<?> sentinels = (List<?>) c.call("SENTINEL", "SENTINELS", MASTER);
                    ready &= replicas.size() == 1 && sentinels.size() == 2;
                }
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Sentinels did not discover the cluster; logs in " + dir);
            }
            Thread.sleep(100);
        }
    }

    private void awaitReplicaLinkUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (RespClient c = RespClient.connect("127.0.0.1", dataPorts[1])) {
                if (String.valueOf(c.call("INFO", "replication")).contains("master_link_status:up")) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("replica never synced; logs in " + dir);
    }

    private Process spawn(String name, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log")
                .toFile()).start();
        processes.add(p);
        return p;
    }

    private static void awaitPing(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (RespClient c = RespClient.connect("127.0.0.1", port)) {
                if ("PONG".equals(c.call("PING"))) {
                    return;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis on port " + port + " did not start");
    }

    /** @return {@code host:port} of the three Sentinels */
    public List<String> sentinelAddresses() {
        List<String> out = new ArrayList<>();
        for (int p : sentinelPorts) {
            out.add("127.0.0.1:" + p);
        }
        return out;
    }

    /** @return the port the Sentinels currently name as primary */
    public int currentPrimaryPort() {
        try (RespClient c = RespClient.connect("127.0.0.1", sentinelPorts[0])) {
            List<?> addr = (List<?>) c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
            return Integer.parseInt(String.valueOf(addr.get(1)));
        }
    }

    /** @return the port of the first primary */
    public int initialPrimaryPort() {
        return dataPorts[0];
    }

    /** @return the port of the first replica */
    public int replicaPort() {
        return dataPorts[1];
    }

    /** @return a connection to the data node on that port */
    public RespClient connect(int port) {
        return RespClient.connect("127.0.0.1", port);
    }

    /** SIGKILL the initial primary. */
    public void killInitialPrimary() throws InterruptedException {
        data[0].destroyForcibly();
        data[0].waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until the Sentinels name a different primary and it accepts writes.
     *
     * @param from the old primary's port
     * @param max how long to wait
     * @return the new primary's port
     */
    public int awaitNewPrimary(int from, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            int now = currentPrimaryPort();
            if (now != from) {
                try (RespClient c = connect(now)) {
                    String role = String.valueOf(((List<?>) c.call("ROLE")).get(0));
                    if ("master".equals(role)) {
                        return now;
                    }
                } catch (RuntimeException e) {
                    // promoting
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no failover within " + max + "; logs in " + dir);
    }

    /** @return the Sentinel-side failover command's reply */
    public Object forceFailover() {
        try (RespClient c = RespClient.connect("127.0.0.1", sentinelPorts[0])) {
            return c.call("SENTINEL", "FAILOVER", MASTER);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
