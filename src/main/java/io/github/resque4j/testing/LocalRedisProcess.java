package io.github.resque4j.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on a free loopback port, persisting nothing (its working directory is a
 * fresh temporary directory). Can be stopped and started again on the same port, e.g. to test a restart.
 * Needs {@code redis-server} on the {@code PATH}.
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
        return available(System.getenv().getOrDefault("PATH", ""));
    }

    /**
     * @param path a {@code PATH} value
     * @return whether {@code redis-server} is in one of its directories
     */
    public static boolean available(String path) {
        for (String p : path.split(File.pathSeparator)) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a server and waits until it answers {@code PING}.
     *
     * @param extraArgs extra {@code redis-server} arguments, e.g. {@code "--requirepass", "x"}
     * @return a started server; close it to stop it
     * @throws IllegalStateException if it cannot be started or does not answer within 10 s
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

    /**
     * @return a TCP port on loopback that was free a moment ago
     * @throws IOException if no port can be had
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Starts the process (again) on the same port and waits until it answers {@code PING}. */
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
            String reply = ping();
            // NOAUTH: up, and asking for the password it was started with.
            if ("+PONG".equals(reply) || reply != null && reply.startsWith("-NOAUTH")) {
                return;
            }
            Thread.onSpinWait(); // not answering yet: ask again at once, so a restart is seen as soon as it is up
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    /** @return the first reply line to a PING on the plain-text port, or {@code null} if it cannot connect */
    private String ping() {
        try (Socket s = new Socket(host(), port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (IOException notYet) {
            return null;
        }
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

    @Override
    public String toString() {
        return kind();
    }
}
