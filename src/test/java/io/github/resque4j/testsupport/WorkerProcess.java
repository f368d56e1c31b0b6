package io.github.resque4j.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.resque4j.testing.RedisServer;

/** A {@link WorkerProcessMain} JVM started with Ruby's ps marker ({@code -Dresque:work=1}) on its command line. */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final List<String> ids;

    private WorkerProcess(Process process, List<String> ids) {
        this.process = process;
        this.ids = ids;
    }

    /**
     * @param server Redis
     * @param namespace namespace
     * @param queues comma-separated queues
     * @param concurrency workers
     * @param extra optional hostname override
     * @return a registered worker process
     */
    public static WorkerProcess start(RedisServer server, String namespace, String queues, int concurrency,
            String... extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dresque:work=1", "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), WorkerProcessMain.class.getName(), server.uri(), namespace,
                queues, String.valueOf(concurrency)));
        cmd.addAll(Arrays.asList(extra));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    List<String> ids = List.of(line.substring(6).split(" "));
                    Thread drain = new Thread(() -> {
                        try {
                            while (out.readLine() != null) {
                                // keep the pipe from filling up
                            }
                        } catch (IOException ignored) {
                            // process gone
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new WorkerProcess(p, ids);
                }
            }
            throw new IllegalStateException("worker process exited before READY (code " + p.waitFor() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return registered worker ids */
    public List<String> ids() {
        return ids;
    }

    /** @return the JVM's pid */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: nothing runs, nothing is written. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook closes the pool gracefully. @return exit code */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
