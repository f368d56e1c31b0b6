package io.github.resque4j.internal;

import org.apache.commons.lang3.Validate;

/**
 * Owns the namespace and every Redis key name resque4j touches, spelled exactly as Ruby Resque
 * (through redis-namespace) and resque-scheduler spell them. Values are never namespaced.
 */
public final class Keys {
    private final String namespace;
    private final String prefix;

    /** @param namespace the Resque namespace; any non-empty string, may contain {@code :} */
    public Keys(String namespace) {
        Validate.notEmpty(namespace, "namespace");
        this.namespace = namespace;
        this.prefix = namespace + ":";
    }

    /** @return the namespace */
    public String namespace() {
        return namespace;
    }

    /** @param key a key as Resque names it @return the same key with the namespace prefix */
    public String key(String key) {
        return prefix + key;
    }

    /** @param namespacedKey a full key @return the key without the namespace prefix */
    public String strip(String namespacedKey) {
        return namespacedKey.startsWith(prefix) ? namespacedKey.substring(prefix.length()) : namespacedKey;
    }

    /** @return {@code <ns>:queues}, the set of queue names */
    public String queues() {
        return prefix + "queues";
    }

    /** @param queue queue name @return {@code <ns>:queue:<queue>} */
    public String queue(String queue) {
        return prefix + "queue:" + queue;
    }

    /** @return {@code <ns>:workers} */
    public String workers() {
        return prefix + "workers";
    }

    /** @param workerId worker id @return {@code <ns>:worker:<id>} (what it is working on) */
    public String worker(String workerId) {
        return prefix + "worker:" + workerId;
    }

    /** @param workerId worker id @return {@code <ns>:worker:<id>:started} */
    public String workerStarted(String workerId) {
        return prefix + "worker:" + workerId + ":started";
    }

    /** @return {@code <ns>:workers:heartbeat} */
    public String heartbeats() {
        return prefix + "workers:heartbeat";
    }

    /** @return {@code <ns>:pruning_dead_workers_in_progress} */
    public String pruneLock() {
        return prefix + "pruning_dead_workers_in_progress";
    }

    /** @return {@code <ns>:pause-all-workers} */
    public String pauseAllWorkers() {
        return prefix + "pause-all-workers";
    }

    /** @param name stat name such as {@code processed} or {@code failed:<id>} @return {@code <ns>:stat:<name>} */
    public String stat(String name) {
        return prefix + "stat:" + name;
    }

    /** @return {@code <ns>:failed}, the Redis failure backend's list */
    public String failed() {
        return prefix + "failed";
    }

    /** @param failureQueue a RedisMultiQueue list name such as {@code default_failed} @return namespaced key */
    public String failedQueue(String failureQueue) {
        return prefix + failureQueue;
    }

    /** @return {@code <ns>:failed_queues}, the RedisMultiQueue set of failure list names */
    public String failedQueues() {
        return prefix + "failed_queues";
    }

    /**
     * resque4j's own keys all live under {@code <ns>:resque4j:}, a prefix no Ruby code reads.
     *
     * @param workerId worker id
     * @return {@code <ns>:resque4j:last-call:<id>}: the token and reply of the worker's last reserve call, so a
     *         call re-sent after a lost reply returns the same outcome instead of acting twice
     */
    public String lastCall(String workerId) {
        return prefix + "resque4j:last-call:" + workerId;
    }

    /**
     * @param workerId worker id
     * @return {@code <ns>:resque4j:processing:<id>}: crash-safe fetch's list of the job the worker holds, as
     *         {@code [payload, "<queue>\n<call token>\n<A|N>"]} (A: announced in {@code worker:<id>}, N: not; the
     *         token names the worker's script call that took the job, so a re-sent call is recognised); the payload
     *         alone while a blocking move has not been activated yet
     */
    public String processing(String workerId) {
        return prefix + "resque4j:processing:" + workerId;
    }

    /** @return {@code <ns>:resque4j:processing-workers}: the ids that may own a processing list */
    public String processingWorkers() {
        return prefix + "resque4j:processing-workers";
    }

    /** @return {@code <ns>:delayed_queue_schedule} */
    public String delayedSchedule() {
        return prefix + "delayed_queue_schedule";
    }

    /** @param epochSeconds timestamp @return {@code <ns>:delayed:<ts>} */
    public String delayed(long epochSeconds) {
        return prefix + delayedMember(epochSeconds);
    }

    /**
     * @param epochSeconds timestamp
     * @return {@code delayed:<ts>} without namespace, as stored in a {@code timestamps:} set
     */
    public static String delayedMember(long epochSeconds) {
        return "delayed:" + epochSeconds;
    }

    /** @param delayedJson the delayed job's exact JSON @return {@code <ns>:timestamps:<json>} */
    public String timestamps(String delayedJson) {
        return prefix + "timestamps:" + delayedJson;
    }

    /** @return {@code <ns>:delayed:last_enqueued_at} (a hash, despite the {@code delayed:} prefix) */
    public String lastEnqueuedAt() {
        return prefix + "delayed:last_enqueued_at";
    }

    /** @return {@code <ns>:persistent_schedules} */
    public String persistentSchedules() {
        return prefix + "persistent_schedules";
    }

    /** @return {@code <ns>:schedules_changed} */
    public String schedulesChanged() {
        return prefix + "schedules_changed";
    }

    /**
     * The scheduler master lock carries the namespace twice (resque-scheduler ≥ 2.4).
     *
     * @param lockPrefix {@code RESQUE_SCHEDULER_MASTER_LOCK_PREFIX}, empty for none
     * @return {@code <ns>:<ns>:[<prefix>:]resque_scheduler_master_lock}
     */
    public String schedulerMasterLock(String lockPrefix) {
        String p = lockPrefix == null || lockPrefix.isEmpty() ? "" : lockPrefix + ":";
        return prefix + prefix + p + "resque_scheduler_master_lock";
    }
}
