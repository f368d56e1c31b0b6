package io.github.resque4j.metrics;

/**
 * Names and tag keys of every resque4j metric, in Micrometer's dotted form (Prometheus shows
 * {@code resque.jobs.processed} as {@code resque_jobs_processed_total}, timers in seconds). {@code docs/METRICS.md}
 * has the same table with Prometheus names and example queries.
 *
 * <table>
 * <caption>Metrics</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>{@value #JOBS_PROCESSED}</td><td>counter</td><td>class, queue</td><td>jobs run, failed ones included
 *     (Ruby's {@code stat:processed})</td></tr>
 * <tr><td>{@value #JOBS_FAILED}</td><td>counter</td><td>class, queue, exception</td><td>jobs whose perform (or a
 *     hook) raised</td></tr>
 * <tr><td>{@value #JOBS_RETRIED}</td><td>counter</td><td>class, queue</td><td>failed jobs a retry policy
 *     re-enqueued</td></tr>
 * <tr><td>{@value #JOBS_MALFORMED}</td><td>counter</td><td>queue</td><td>payloads that were not a job at all</td></tr>
 * <tr><td>{@value #JOB_DURATION}</td><td>timer (histogram)</td><td>class, queue, outcome</td><td>time to perform a
 *     job, hooks included</td></tr>
 * <tr><td>{@value #JOB_QUEUE_LATENCY}</td><td>timer (histogram)</td><td>class, queue</td><td>enqueue to start,
 *     for payloads that carry {@code enqueued_at}</td></tr>
 * <tr><td>{@value #QUEUE_SIZE}</td><td>gauge</td><td>queue</td><td>jobs waiting, sampled</td></tr>
 * <tr><td>{@value #WORKERS}</td><td>gauge</td><td></td><td>workers in the pool, sampled</td></tr>
 * <tr><td>{@value #WORKERS_BUSY}</td><td>gauge</td><td></td><td>workers running a job, sampled</td></tr>
 * <tr><td>{@value #WORKERS_UTILIZATION}</td><td>gauge</td><td></td><td>busy / workers (0..1), sampled</td></tr>
 * </table>
 */
public final class MetricNames {
    /** Counter: jobs run, failed ones included. */
    public static final String JOBS_PROCESSED = "resque.jobs.processed";
    /** Counter: jobs that failed. */
    public static final String JOBS_FAILED = "resque.jobs.failed";
    /** Counter: failed jobs re-enqueued by a retry policy. */
    public static final String JOBS_RETRIED = "resque.jobs.retried";
    /** Counter: reserved payloads that could not be decoded into a job. */
    public static final String JOBS_MALFORMED = "resque.jobs.malformed";
    /** Timer: time to perform a job. */
    public static final String JOB_DURATION = "resque.job.duration";
    /** Timer: time from enqueue to start. */
    public static final String JOB_QUEUE_LATENCY = "resque.job.queue.latency";
    /** Gauge: length of one queue. */
    public static final String QUEUE_SIZE = "resque.queue.size";
    /** Gauge: workers in the pool. */
    public static final String WORKERS = "resque.workers";
    /** Gauge: workers running a job. */
    public static final String WORKERS_BUSY = "resque.workers.busy";
    /** Gauge: busy workers divided by workers. */
    public static final String WORKERS_UTILIZATION = "resque.workers.utilization";

    /** Tag: the Ruby class name the job runs as (ActiveJob's {@code job_class} for wrapped Rails jobs). */
    public static final String TAG_CLASS = "class";
    /** Tag: the queue name. */
    public static final String TAG_QUEUE = "queue";
    /** Tag: simple name of the Java exception class that failed the job. */
    public static final String TAG_EXCEPTION = "exception";
    /** Tag: {@value #OUTCOME_SUCCESS} or {@value #OUTCOME_FAILURE}. */
    public static final String TAG_OUTCOME = "outcome";
    /** Value of {@link #TAG_OUTCOME} for a job that finished normally. */
    public static final String OUTCOME_SUCCESS = "success";
    /** Value of {@link #TAG_OUTCOME} for a job that failed. */
    public static final String OUTCOME_FAILURE = "failure";

    private MetricNames() {
    }
}
