package io.github.resque4j.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One registered worker as resque-web shows it, Ruby or Java alike.
 *
 * @param id the worker id ({@code host:pid:queues})
 * @param host host part of the id
 * @param pid pid part of the id (a string, as Ruby compares it)
 * @param queues queue patterns from the id
 * @param started {@code worker:<id>:started} as stored, or null
 * @param heartbeat last heartbeat, if it is one Ruby can parse
 * @param heartbeatRaw heartbeat as stored, or null
 * @param job what it is working on, if anything
 * @param processed {@code stat:processed:<id>}
 * @param failed {@code stat:failed:<id>}
 */
public record WorkerInfo(String id, String host, String pid, List<String> queues, String started,
        Optional<Instant> heartbeat, String heartbeatRaw, Optional<WorkingOn> job, long processed, long failed) {

    /** Freezes the lists. */
    public WorkerInfo {
        queues = List.copyOf(queues);
    }

    /**
     * The decoded {@code worker:<id>} value.
     *
     * @param queue the job's queue
     * @param runAt when it started, as stored
     * @param payload the job payload as decoded (usually a map with {@code class} and {@code args})
     */
    public record WorkingOn(String queue, String runAt, Object payload) {
        /** @return the payload's class name, or {@code null} */
        public String className() {
            return payload instanceof Map ? (String) ((Map<?, ?>) payload).get("class") : null;
        }
    }
}
