package io.github.resque4j.testsupport;

import java.io.File;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import io.github.resque4j.testing.RedisServer;

/**
 * The container backend of {@link RubyResque}: real Ruby Resque in an image built from {@code ruby-fixtures/Dockerfile}
 * (the gems of {@code ruby-fixtures/Gemfile.lock}), started once per test JVM as an {@code idle} container. Every
 * Ruby process a test asks for (driver, worker, scheduler, resque-web) is a {@code docker exec} into it with stdin,
 * stdout and stderr attached (docker-java's exec API, which Testcontainers ships), wrapped as a {@link Process}; so
 * the driver's stdin/stdout JSON-line protocol is exactly the local one (closing stdin, which docker-java cannot
 * pass on as end of input, sends SIGTERM instead).
 *
 * <p>Networking, chosen once per run ({@value #NETWORK_ENV} overrides):
 * <ul>
 * <li>{@code host} (default on a Linux engine reached through a local socket): host network and host pid
 * namespace. The container sees the Redis the test uses at the same address, has the host's name, and Ruby's
 * same-host pid check ({@code ps}) sees the JVM's processes, so pruning behaves as for local Ruby.</li>
 * <li>{@code bridge} (Docker Desktop, remote engines): Redis is reached through Testcontainers' host port
 * forwarding ({@code host.testcontainers.internal}); the Ruby processes are on another host as far as Resque
 * is concerned (heartbeat rules, not pid rules), and resque-web is not offered.</li>
 * </ul>
 */
public final class RubyContainer {
    /** Environment variable forcing the network mode: {@code host} or {@code bridge}. */
    public static final String NETWORK_ENV = "RESQUE_RUBY_CONTAINER_NETWORK";
    /** The host name under which a bridge-mode container reaches ports exposed from the test host. */
    public static final String HOST_ALIAS = "host.testcontainers.internal";

    private static final Logger LOG = LoggerFactory.getLogger(RubyContainer.class);
    private static final String READY = "resque4j ruby fixtures ready";
    private static final Path FIXTURES = Path.of("ruby-fixtures");
    private static RubyContainer instance;

    private final GenericContainer<?> container;
    private final boolean hostNetwork;
    private final Set<Integer> exposedPorts = new HashSet<>();

    private RubyContainer(GenericContainer<?> container, boolean hostNetwork) {
        this.container = container;
        this.hostNetwork = hostNetwork;
    }

    /** @return whether a Docker engine answers (without Testcontainers' slow discovery when there is none) */
    public static boolean dockerAvailable() {
        return dockerAvailable(System.getenv(), p -> new File(p).exists(), () -> {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /**
     * The check of {@link #dockerAvailable()}, with its inputs given.
     *
     * @param env environment ({@code DOCKER_HOST})
     * @param exists whether a path exists ({@code /var/run/docker.sock})
     * @param probe asks the engine; called only when DOCKER_HOST is set or the socket exists
     * @return whether an engine is available
     */
    public static boolean dockerAvailable(Map<String, String> env, Predicate<String> exists, BooleanSupplier probe) {
        String dockerHost = env.get("DOCKER_HOST");
        if ((dockerHost == null || dockerHost.isBlank()) && !exists.test("/var/run/docker.sock")) {
            return false;
        }
        return probe.getAsBoolean();
    }

    /**
     * @param env environment ({@value #NETWORK_ENV}, {@code DOCKER_HOST})
     * @param clientOs this JVM's {@code os.name}
     * @param engineOs the engine's operating system as {@code docker info} reports it (null if unknown)
     * @return whether to use host networking (see the class comment)
     */
    public static boolean useHostNetwork(Map<String, String> env, String clientOs, String engineOs) {
        String forced = env.getOrDefault(NETWORK_ENV, "").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("host") || forced.equals("bridge")) {
            return forced.equals("host");
        }
        if (!forced.isEmpty()) {
            throw new IllegalArgumentException(NETWORK_ENV + " must be host or bridge, not " + forced);
        }
        String dockerHost = env.getOrDefault("DOCKER_HOST", "");
        boolean localSocket = dockerHost.isBlank() || dockerHost.startsWith("unix://");
        boolean desktop = engineOs != null && engineOs.contains("Docker Desktop");
        return localSocket && clientOs.toLowerCase(Locale.ROOT).contains("linux") && !desktop;
    }

    /**
     * @param redisUri the Redis URI as the test host sees it
     * @param hostNetwork whether the container shares the host's network
     * @return the URI a Ruby process inside the container must use
     */
    public static String containerRedisUri(String redisUri, boolean hostNetwork) {
        if (hostNetwork) {
            return redisUri;
        }
        URI u = URI.create(redisUri);
        return u.getScheme() + "://" + HOST_ALIAS + ":" + u.getPort() + (u.getPath() == null ? "" : u.getPath());
    }

    /**
     * @param env environment ({@code RESQUE_LINE}, {@code RESQUE_SCHEDULER_LINE})
     * @return the image name for the Ruby lines asked for
     */
    public static String imageName(Map<String, String> env) {
        String resque = env.getOrDefault("RESQUE_LINE", "").isBlank() ? "3.0" : env.get("RESQUE_LINE").trim();
        String scheduler = env.getOrDefault("RESQUE_SCHEDULER_LINE", "").isBlank() ? "default"
                : env.get("RESQUE_SCHEDULER_LINE").trim();
        return "resque4j/ruby-fixtures:resque-" + resque + "-scheduler-" + scheduler;
    }

    /**
     * The run's container, built and started on first use (the image build takes minutes the first time and
     * seconds afterwards, from Docker's layer cache). Testcontainers' reaper removes it when the JVM ends.
     *
     * @param server the Redis the Ruby processes will use (made reachable from the container)
     * @return the started container
     */
    static synchronized RubyContainer get(RedisServer server) {
        if (instance == null) {
            Map<String, String> env = System.getenv();
            String engineOs;
            try {
                engineOs = DockerClientFactory.instance().getInfo().getOperatingSystem();
            } catch (RuntimeException e) {
                engineOs = null;
            }
            boolean host = useHostNetwork(env, System.getProperty("os.name", ""), engineOs);
            ImageFromDockerfile image = new ImageFromDockerfile(imageName(env), false)
                    .withFileFromPath("Dockerfile", FIXTURES.resolve("Dockerfile"))
                    .withFileFromPath("Gemfile", FIXTURES.resolve("Gemfile"))
                    .withFileFromPath("Gemfile.lock", FIXTURES.resolve("Gemfile.lock"))
                    .withFileFromPath("scripts", FIXTURES.resolve("scripts"))
                    .withFileFromPath("jobs", FIXTURES.resolve("jobs"));
            for (String arg : List.of("RESQUE_LINE", "RESQUE_SCHEDULER_LINE")) {
                String v = env.get(arg);
                if (v != null && !v.isBlank()) {
                    image.withBuildArg(arg, v.trim());
                }
            }
            GenericContainer<?> c = new GenericContainer<>(image).withCommand("idle")
                    .waitingFor(Wait.forLogMessage(".*" + READY + ".*\\n", 1))
                    .withStartupTimeout(Duration.ofMinutes(2));
            if (host) {
                c.withNetworkMode("host").withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPidMode("host"));
            } else {
                // Must precede the container's start: it then gets the host.testcontainers.internal entry.
                Testcontainers.exposeHostPorts(server.port());
            }
            c.start();
            LOG.info("Ruby container {} ({} network): {}", c.getContainerId(), host ? "host" : "bridge",
                    c.getLogs().trim());
            instance = new RubyContainer(c, host);
            instance.exposedPorts.add(server.port());
        }
        if (!instance.hostNetwork && instance.exposedPorts.add(server.port())) {
            Testcontainers.exposeHostPorts(server.port());
        }
        return instance;
    }

    /** @return whether the container shares the host's network (and pid namespace) */
    boolean hostNetwork() {
        return hostNetwork;
    }

    /** @param server Redis @return its URI as seen from inside the container */
    String redisUri(RedisServer server) {
        return containerRedisUri(server.uri(), hostNetwork);
    }

    /**
     * Runs {@code ruby /fixtures/scripts/<script>} in the container.
     *
     * @param script a file name under {@code ruby-fixtures/scripts/}
     * @param env the process's environment (REDIS_URL already as the container sees it)
     * @param stdout {@code PIPE} (readable through {@link Process#getInputStream()}) or {@code DISCARD}
     * @param stderr {@code INHERIT} (this JVM's stderr), {@code DISCARD}, or a file to append to
     * @return the running process
     */
    Process exec(String script, Map<String, String> env, ProcessBuilder.Redirect stdout,
            ProcessBuilder.Redirect stderr) {
        return new ExecProcess(container, script, env, stdout, stderr);
    }

    /**
     * A {@code docker exec} of one Ruby script, as a {@link Process}. The script's pid is written to a file in
     * the container so that {@link #destroy()} (SIGTERM) and {@link #destroyForcibly()} (SIGKILL) reach the Ruby
     * process itself, as they do for a local one.
     */
    private static final class ExecProcess extends Process {
        private final GenericContainer<?> container;
        private final DockerClient docker;
        private final String execId;
        private final String pidFile = "/tmp/resque4j-" + UUID.randomUUID() + ".pid";
        private final Pipe stdin = new Pipe();
        private final Pipe stdout = new Pipe();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        /**
         * The script's stdin. docker-java cannot half-close an exec's stdin (the engine never sees end of input), so
         * closing it ends the process with SIGTERM instead: for every fixture script that is what end of input
         * means (driver.rb leaves its read loop and exits).
         */
        private final OutputStream stdinForCaller = new FilterOutputStream(stdin.sink) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                super.close();
                destroy();
            }
        };

        ExecProcess(GenericContainer<?> container, String script, Map<String, String> env,
                ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
            this.container = container;
            this.docker = container.getDockerClient();
            List<String> envList = new ArrayList<>();
            env.forEach((k, v) -> envList.add(k + "=" + v));
            this.execId = docker.execCreateCmd(container.getContainerId())
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).withTty(false)
                    .withEnv(envList)
                    .withCmd("sh", "-c", "echo $$ > " + pidFile + " && exec \"$@\"", "sh",
                            "ruby", "/fixtures/scripts/" + script)
                    .exec().getId();
            boolean keepOut = out == ProcessBuilder.Redirect.PIPE;
            docker.execStartCmd(execId).withDetach(false).withTty(false).withStdIn(stdin.source)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            byte[] bytes = frame.getPayload();
                            switch (frame.getStreamType()) {
                                case STDOUT, RAW -> {
                                    if (keepOut) {
                                        stdout.write(bytes);
                                    }
                                }
                                case STDERR -> writeStderr(err, bytes);
                                default -> {
                                    // STDIN echo: nothing to do
                                }
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            finish(t);
                        }

                        @Override
                        public void onComplete() {
                            finish(null);
                        }
                    });
        }

        private void finish(Throwable t) {
            stdout.close();
            stdin.close(); // lets the stdin copier end
            if (t == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(t);
            }
        }

        private static void writeStderr(ProcessBuilder.Redirect err, byte[] bytes) {
            if (err == ProcessBuilder.Redirect.INHERIT) {
                System.err.write(bytes, 0, bytes.length);
                System.err.flush();
            } else if (err != ProcessBuilder.Redirect.DISCARD && err.file() != null) {
                try {
                    Files.write(err.file().toPath(), bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private void signal(String signal) {
            String kill = "for i in $(seq 50); do [ -s " + pidFile + " ] && break; sleep 0.1; done; "
                    + "kill -" + signal + " \"$(cat " + pidFile + ")\" 2>/dev/null || true";
            try {
                container.execInContainer("sh", "-c", kill);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public OutputStream getOutputStream() {
            return stdinForCaller;
        }

        @Override
        public InputStream getInputStream() {
            return stdout.source;
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            try {
                done.get();
            } catch (ExecutionException e) {
                // the attach stream broke; the exit code says the rest
            }
            return exitValue();
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            try {
                done.get(timeout, unit);
            } catch (ExecutionException e) {
                // finished badly, still finished
            } catch (TimeoutException e) {
                return false;
            }
            return true;
        }

        @Override
        public int exitValue() {
            if (!done.isDone()) {
                throw new IllegalThreadStateException("process has not exited");
            }
            Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
            return code == null ? -1 : code.intValue();
        }

        @Override
        public boolean isAlive() {
            return !done.isDone();
        }

        @Override
        public void destroy() {
            if (isAlive()) {
                signal("TERM");
            }
        }

        @Override
        public Process destroyForcibly() {
            if (isAlive()) {
                signal("KILL");
            }
            return this;
        }

        @Override
        public boolean supportsNormalTermination() {
            return true;
        }
    }

    /**
     * An unbounded in-memory pipe whose reader blocks until data or end of stream, whichever thread writes
     * ({@link java.io.PipedInputStream} fails once its writer thread ends, which docker-java's callback threads do).
     */
    static final class Pipe {
        private static final byte[] EOF = new byte[0];
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        final OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed.get()) {
                    throw new IOException("pipe closed");
                }
                if (len > 0) {
                    chunks.add(Arrays.copyOfRange(b, off, off + len));
                }
            }

            @Override
            public void close() {
                Pipe.this.close();
            }
        };

        final InputStream source = new InputStream() {
            private byte[] current = EOF;
            private int pos;
            private boolean eof;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (!eof && pos == current.length) {
                    try {
                        current = chunks.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading");
                    }
                    pos = 0;
                    eof = current == EOF;
                }
                if (eof) {
                    return -1;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public synchronized int available() {
                return eof ? 0 : current.length - pos;
            }
        };

        /** Ends the stream: the reader gets what was written, then end of stream. */
        void close() {
            if (closed.compareAndSet(false, true)) {
                chunks.add(EOF);
            }
        }

        void write(byte[] bytes) {
            if (!closed.get() && bytes.length > 0) {
                chunks.add(bytes.clone());
            }
        }
    }
}
