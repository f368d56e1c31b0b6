package io.github.resque4j.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.github.resque4j.Job;
import io.github.resque4j.Names;
import io.github.resque4j.Payload;
import io.github.resque4j.client.ClientHook;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.client.ResqueInfo;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.ClientHooks;
import io.github.resque4j.internal.JobInvocation;
import io.github.resque4j.internal.RedisResqueClient;
import io.github.resque4j.json.RubyJson;
import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;
import io.github.resque4j.worker.JobHook;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;

/**
 * A {@link ResqueClient} in Ruby's inline mode ({@code Resque.inline = true}): {@code enqueue} runs the job at
 * once, on the caller's thread, through a {@link JobRegistry} and the same {@link JobHook}s a worker would
 * use, and nothing is written to Redis. Hand it to the code under test wherever that code takes a
 * {@code ResqueClient}. It never connects to anything.
 *
 * <h2>What {@code enqueue} does (as Ruby's {@code Resque.enqueue_to} with {@code inline})</h2>
 * <ol>
 *   <li>The queue and class names are validated; every {@link ClientHook#beforeEnqueue} runs, and if any
 *       returned {@code false} the job is dropped and {@code enqueue} returns {@code false}.</li>
 *   <li>The job is encoded with the configured Ruby JSON profile and decoded again (Ruby's
 *       {@code decode(encode(args))}), so the handler sees exactly what a worker would see, and an argument
 *       that would not survive the trip to Redis fails here with
 *       {@link io.github.resque4j.JsonEncodingException}.</li>
 *   <li>The handler runs inside the job hooks: before hooks ({@code false} = Ruby's {@code DontPerform}: the job
 *       is skipped and {@code enqueue} still returns {@code true}), around hooks, the handler, after hooks.</li>
 *   <li>If the job (or a hook) throws, every {@link JobHook#onFailure} runs and the exception reaches the
 *       caller of {@code enqueue}, as Ruby raises it: a {@code RuntimeException} or {@code Error} unchanged, a
 *       checked exception wrapped in {@link InlineJobException}. Nothing is written to any failed list, and
 *       after-enqueue hooks do not run.</li>
 *   <li>Otherwise every {@link ClientHook#afterEnqueue} runs and {@code enqueue} returns {@code true}.</li>
 * </ol>
 * A job that enqueues further jobs through this client runs them at once too, nested, as in Ruby. An unknown
 * class name raises {@link io.github.resque4j.UnknownJobClassException} to the caller.
 *
 * <h2>Everything else</h2>
 * Nothing is ever queued, so the reads answer for an empty Redis: {@link #size} 0, {@link #peek} and
 * {@link #peekRaw} empty, {@link #queues} and {@link #queueSizes} empty, {@link #info} all zero with server
 * {@code "inline"}; {@link #dequeue} runs the dequeue hooks and returns 0; {@link #removeQueue} only validates
 * the name. {@link #enqueueAll} encodes every job first (so one bad argument runs none), then runs them in
 * order. {@link #push} runs the item like {@code enqueue} but without client hooks, keeping its extra keys in
 * {@link JobContext#payload()}.
 *
 * <h2>Differences from Ruby</h2>
 * Ruby's inline job reports its queue as {@code :inline}; here {@link JobContext#queue()} is the queue the job
 * was enqueued to, and {@link JobContext#workerId()} is {@value #WORKER_ID}. Ruby's {@code Resque.push} still
 * writes to Redis in inline mode; this client has no Redis, so it runs the item. Worker-only settings (job
 * timeouts, listeners, failure backend) do not apply.
 *
 * <p>Thread-safe: it holds no state besides its immutable settings; each job runs on its caller's thread.
 */
public final class InlineResqueClient implements ResqueClient {
    /** The {@link JobContext#workerId()} jobs run by this client see. */
    public static final String WORKER_ID = "inline";

    private final ResqueConfig config;
    private final RubyJson json;
    private final JobRegistry registry;
    private final ClientHooks clientHooks;
    private final Function<String, List<JobHook>> jobHooks;

    private InlineResqueClient(Builder b) {
        this.config = b.config;
        this.json = RubyJson.of(b.config.jsonProfile());
        this.registry = b.registry;
        this.clientHooks = new ClientHooks(b.clientHooks);
        List<JobHook> global = List.copyOf(b.jobHooks);
        Map<String, List<JobHook>> perClass = new LinkedHashMap<>();
        b.classJobHooks.forEach((k, v) -> perClass.put(k, List.copyOf(v)));
        Function<String, List<JobHook>> fromOptions = b.options;
        this.jobHooks = className -> {
            // The worker's order: the options' global hooks, the options' class hooks, then this builder's.
            List<JobHook> chain = new ArrayList<>();
            if (fromOptions != null) {
                chain.addAll(fromOptions.apply(className));
            }
            chain.addAll(global);
            chain.addAll(perClass.getOrDefault(className, List.of()));
            return chain;
        };
    }

    /**
     * @param registry the handlers jobs run on
     * @return a builder (JSON profile of {@link ResqueConfig#defaults()}, no hooks)
     */
    public static Builder builder(JobRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry"), null);
    }

    /**
     * Runs jobs exactly as a {@link io.github.resque4j.worker.WorkerPool} made from these options would: its
     * registry, its global hooks and its per-class hooks, in the same order. Its queues, concurrency, timeouts and
     * listeners are not used.
     *
     * @param options the worker options the application uses
     * @return a builder with that registry and those hooks
     */
    public static Builder builder(WorkerOptions options) {
        Objects.requireNonNull(options, "options");
        return new Builder(options.registry(), className -> {
            List<JobHook> chain = new ArrayList<>(options.hooks());
            chain.addAll(options.hooksFor(className));
            return chain;
        });
    }

    /**
     * @param registry the handlers jobs run on
     * @return an inline client without hooks, writing the default JSON profile
     */
    public static InlineResqueClient of(JobRegistry registry) {
        return builder(registry).build();
    }

    @Override
    public boolean enqueue(String queue, Job job) {
        return clientHooks.enqueue(queue, job, json, payload -> run(queue, payload));
    }

    @Override
    public int enqueueAll(String queue, Collection<Job> jobs) {
        Names.requireQueue(queue);
        Objects.requireNonNull(jobs, "jobs");
        ClientHooks.Batch admitted = clientHooks.admit(queue, jobs, json);
        for (int i = 0; i < admitted.jobs().size(); i++) {
            run(queue, admitted.payloads().get(i));
            clientHooks.afterEnqueue(queue, admitted.jobs().get(i));
        }
        return admitted.jobs().size();
    }

    @Override
    public void push(String queue, Map<String, ?> item) {
        Names.requireQueue(queue);
        Objects.requireNonNull(item, "item");
        run(queue, json.encode(item));
    }

    /** Decodes what a worker would read and performs it with the worker's hook semantics. */
    private void run(String queue, String encoded) {
        Payload payload = Payload.parse(encoded, json);
        JobHandler handler = registry.require(payload.className());
        JobContext ctx = JobContext.of(payload, queue, WORKER_ID, registry);
        List<JobHook> chain = jobHooks.apply(payload.className());
        try {
            JobInvocation.perform(ctx, handler, chain);
        } catch (RuntimeException | Error e) {
            JobInvocation.failureHooks(ctx, e, chain);
            throw e;
        } catch (Exception e) {
            JobInvocation.failureHooks(ctx, e, chain);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new InlineJobException(payload.className(), queue, e);
        }
    }

    @Override
    public long dequeue(String queue, String className, Object... args) {
        Names.requireQueue(queue);
        return dequeueExact(queue, Job.of(className, args));
    }

    @Override
    public long dequeueExact(String queue, Job job) {
        Names.requireQueue(queue);
        Objects.requireNonNull(job, "job");
        if (clientHooks.beforeDequeue(queue, job)) {
            clientHooks.afterDequeue(queue, job);
        }
        return 0;
    }

    /** @return an empty set: inline jobs are never queued */
    @Override
    public Set<String> queues() {
        return Set.of();
    }

    /** @return 0: inline jobs are never queued */
    @Override
    public long size(String queue) {
        Names.requireQueue(queue);
        return 0;
    }

    /** @return an empty list: inline jobs are never queued */
    @Override
    public List<Payload> peek(String queue, int start, int count) {
        Names.requireQueue(queue);
        return List.of();
    }

    /** @return an empty list: inline jobs are never queued */
    @Override
    public List<String> peekRaw(String queue, int start, int count) {
        Names.requireQueue(queue);
        return List.of();
    }

    /** @return an empty map: inline jobs are never queued */
    @Override
    public Map<String, Long> queueSizes() {
        return Map.of();
    }

    /** Validates the name; there is nothing to remove. */
    @Override
    public void removeQueue(String queue) {
        Names.requireQueue(queue);
    }

    /** @return all figures 0, server {@code inline} */
    @Override
    public ResqueInfo info() {
        return new ResqueInfo(0, 0, 0, 0, 0, 0, List.of(WORKER_ID), RedisResqueClient.environment());
    }

    @Override
    public RubyJson json() {
        return json;
    }

    /** @return the configuration (only its namespace and JSON profile matter; nothing connects) */
    @Override
    public ResqueConfig config() {
        return config;
    }

    /** Nothing to release. */
    @Override
    public void close() {
        // no connection
    }

    /** Builds an {@link InlineResqueClient}; not thread-safe. */
    public static final class Builder {
        private final JobRegistry registry;
        private final Function<String, List<JobHook>> options;
        private ResqueConfig config = ResqueConfig.defaults();
        private final List<ClientHook> clientHooks = new ArrayList<>();
        private final List<JobHook> jobHooks = new ArrayList<>();
        private final Map<String, List<JobHook>> classJobHooks = new LinkedHashMap<>();

        private Builder(JobRegistry registry, Function<String, List<JobHook>> options) {
            this.registry = registry;
            this.options = options;
        }

        /**
         * @param config supplies the JSON profile payloads are encoded with (and the namespace {@link #config()}
         *     reports); nothing connects to its Redis
         * @return this
         */
        public Builder config(ResqueConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param hook runs around enqueue and dequeue, as on {@link ResqueClient.Builder#hook}
         * @return this
         */
        public Builder hook(ClientHook hook) {
            clientHooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /**
         * @param hook runs around every job, as on {@link WorkerOptions.Builder#hook(JobHook)}
         * @return this
         */
        public Builder jobHook(JobHook hook) {
            jobHooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /**
         * @param className Ruby class name
         * @param hook runs around jobs of that class only, after the global hooks
         * @return this
         */
        public Builder jobHook(String className, JobHook hook) {
            Names.requireClassName(className);
            classJobHooks.computeIfAbsent(className, k -> new ArrayList<>()).add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /** @return the client */
        public InlineResqueClient build() {
            return new InlineResqueClient(this);
        }
    }
}
