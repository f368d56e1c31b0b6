package io.github.resque4j.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.github.resque4j.Job;
import io.github.resque4j.Names;
import io.github.resque4j.client.ClientHook;
import io.github.resque4j.json.RubyJson;

/**
 * A client's enqueue/dequeue hooks with Ruby's rules: every before hook runs, then any {@code false} cancels.
 * Shared by every {@link io.github.resque4j.client.ResqueClient} implementation.
 */
public final class ClientHooks {
    private final List<ClientHook> hooks;

    /** @param hooks the hooks, in registration order */
    public ClientHooks(List<ClientHook> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /**
     * @param queue target queue
     * @param job the job
     * @return whether every before-enqueue hook let it through
     */
    public boolean beforeEnqueue(String queue, Job job) {
        boolean ok = true;
        for (ClientHook h : hooks) {
            ok &= h.beforeEnqueue(queue, job); // Ruby runs every before hook, then decides
        }
        return ok;
    }

    /**
     * @param queue target queue
     * @param job the job just enqueued
     */
    public void afterEnqueue(String queue, Job job) {
        for (ClientHook h : hooks) {
            h.afterEnqueue(queue, job);
        }
    }

    /**
     * @param queue the queue
     * @param job class and args to remove
     * @return whether every before-dequeue hook let it through
     */
    public boolean beforeDequeue(String queue, Job job) {
        boolean ok = true;
        for (ClientHook h : hooks) {
            ok &= h.beforeDequeue(queue, job);
        }
        return ok;
    }

    /**
     * @param queue the queue
     * @param job class and args that were removed
     */
    public void afterDequeue(String queue, Job job) {
        for (ClientHook h : hooks) {
            h.afterDequeue(queue, job);
        }
    }

    /**
     * Ruby's {@code Resque.enqueue_to} around a write: validates, runs the before hooks, encodes, writes, runs the
     * after hooks.
     *
     * @param queue target queue
     * @param job the job
     * @param json the codec
     * @param write what enqueueing means for the caller (push to Redis, run inline), given the payload
     * @return {@code false} if a before hook cancelled it (nothing written)
     */
    public boolean enqueue(String queue, Job job, RubyJson json, Consumer<String> write) {
        Names.requireQueue(queue);
        Objects.requireNonNull(job, "job");
        if (!beforeEnqueue(queue, job)) {
            return false;
        }
        write.accept(json.encode(job.toPayload()));
        afterEnqueue(queue, job);
        return true;
    }

    /**
     * The first half of a batch enqueue: before hooks per job, then every accepted job encoded, so an
     * unencodable argument fails the batch before anything is written or run.
     *
     * @param queue target queue
     * @param jobs the jobs, in order
     * @param json the codec
     * @return the accepted jobs and their payloads, index for index
     */
    public Batch admit(String queue, Collection<Job> jobs, RubyJson json) {
        List<Job> accepted = new ArrayList<>(jobs.size());
        List<String> payloads = new ArrayList<>(jobs.size());
        StringBuilder sb = new StringBuilder(64);
        for (Job job : jobs) {
            Objects.requireNonNull(job, "jobs must not contain null");
            if (beforeEnqueue(queue, job)) {
                sb.setLength(0);
                json.encodeTo(job.toPayload(), sb);
                payloads.add(sb.toString());
                accepted.add(job);
            }
        }
        return new Batch(accepted, payloads);
    }

    /**
     * Jobs a batch enqueue accepted.
     *
     * @param jobs the accepted jobs
     * @param payloads their encodings, index for index
     */
    public record Batch(List<Job> jobs, List<String> payloads) {
    }
}
