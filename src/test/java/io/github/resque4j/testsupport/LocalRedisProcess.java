package io.github.resque4j.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on a free loopback port, persisting nothing. Can be stopped and
 * started again on the same port (for restart tests).
 */
public final class LocalRedisProcess implements RedisServer {
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;

    private LocalRedisProcess(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** @return whether {@code redis-server} is on the PATH */
    public static boolean available() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param extraArgs extra {@code redis-server} arguments, e.g. {@code "--requirepass", "x"}
     * @return a started server
     */
    public static LocalRedisProcess start(String... extraArgs) {
        try {
            LocalRedisProcess p = new LocalRedisProcess(freePort(), Files.createTempDirectory("resque4j-redis"),
                    List.of(extraArgs));
            p.startProcess();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    /** @return a free TCP port on loopback */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Starts the process (again) on the same port and waits until it answers PING. */
    public synchronized void startProcess() {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--loglevel", "warning"));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: see " + dir.resolve("redis.log"));
            }
            try (RespClient c = RespClient.connect(host(), port)) {
                if ("PONG".equals(c.call("PING"))) {
                    return;
                }
            } catch (RespClient.RespError e) {
                if (e.getMessage().startsWith("NOAUTH")) {
                    return; // up, and asking for the password it was started with
                }
            } catch (RuntimeException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    /** Stops the process abruptly (as a crash would). */
    public synchronized void stopProcess() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String kind() {
        return "local redis-server process on port " + port;
    }

    @Override
    public void close() {
        stopProcess();
    }
}
