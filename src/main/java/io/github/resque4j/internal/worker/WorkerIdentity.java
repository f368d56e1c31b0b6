package io.github.resque4j.internal.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host, pid and worker ids. Ruby parses ids as {@code host:pid:q1,q2} and prunes a same-host worker whose
 * pid is not listed by {@code ps -A -o pid,command | grep -E "[r]esque:work|[r]esque: Starting|[r]esque-[0-9]"}
 * (WIRE.md §7.3). A JVM cannot rename itself, so:
 * <ul>
 * <li>when the JVM's command line carries a marker that grep matches (e.g. {@code -Dresque:work=1}, which
 * the launcher sets), the first worker uses the exact {@code host:pid:queues} id and Ruby keeps it;</li>
 * <li>every other worker (all of them without the marker) uses host {@code <host>-w<n>}: still Ruby-parseable
 * and shown by resque-web, never equal to Ruby's host name so never pruned by the pid check, and pruned by
 * heartbeat expiry like any worker once the JVM is gone.</li>
 * </ul>
 */
public final class WorkerIdentity {
    /** Ruby's grep for live worker processes (worker.rb:879-883). */
    static final Pattern RUBY_WORKER_PS = Pattern.compile("resque:work|resque: Starting|resque-[0-9]");

    private final String hostname;
    private final long pid;
    private final boolean marker;

    /**
     * @param hostname host name as Ruby's {@code Socket.gethostname} gives it
     * @param pid this JVM's pid
     * @param marker whether the JVM command line matches Ruby's ps grep
     */
    public WorkerIdentity(String hostname, long pid, boolean marker) {
        this.hostname = hostname;
        this.pid = pid;
        this.marker = marker;
    }

    /**
     * @param hostnameOverride configured host name, if any
     * @return this JVM's identity
     */
    public static WorkerIdentity detect(Optional<String> hostnameOverride) {
        String host = hostnameOverride.orElseGet(WorkerIdentity::kernelHostname);
        ProcessHandle self = ProcessHandle.current();
        String cmd = self.info().commandLine().orElse("");
        return new WorkerIdentity(host, self.pid(), hasMarker(cmd));
    }

    /** @param commandLine a process command line @return whether Ruby's ps grep would list it */
    static boolean hasMarker(String commandLine) {
        return RUBY_WORKER_PS.matcher(commandLine).find() && !commandLine.contains("resque-web");
    }

    /** gethostname(2): the kernel's name, not a DNS lookup (Ruby's {@code Socket.gethostname}). */
    static String kernelHostname() {
        try {
            Path p = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(p)) {
                String h = Files.readString(p).trim();
                if (!h.isEmpty()) {
                    return h;
                }
            }
        } catch (IOException ignored) {
            // fall through to the other sources
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** @return the host name */
    public String hostname() {
        return hostname;
    }

    /** @return the pid */
    public long pid() {
        return pid;
    }

    /** @return whether Ruby's ps check sees this JVM as a worker process */
    public boolean marker() {
        return marker;
    }

    /**
     * @param count number of workers
     * @param queuePart the queue part of the ids
     * @return distinct ids, as described in the class comment
     */
    public List<String> workerIds(int count, String queuePart) {
        List<String> ids = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            String host = marker && n == 1 ? hostname : hostname + "-w" + n;
            ids.add(host + ":" + pid + ":" + queuePart);
        }
        return ids;
    }

    /**
     * @param host the host part of some worker id
     * @return whether it is a host part this library writes for the given machine ({@code <host>-w<n>})
     */
    public boolean isJavaHostOf(String host) {
        return host.startsWith(hostname + "-w") && host.substring(hostname.length() + 2).chars()
                .allMatch(Character::isDigit) && host.length() > hostname.length() + 2;
    }
}
