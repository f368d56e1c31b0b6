package io.github.resque4j.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import io.github.resque4j.Job;
import io.github.resque4j.Payload;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.internal.scheduler.RedisDelayedJobs;

/**
 * The delayed-jobs API of resque-scheduler 5.0 ({@code Resque.enqueue_at}, {@code remove_delayed},
 * {@code delayed_queue_peek}, …), writing the same keys, commands and bytes, so that delayed jobs written
 * here are moved by a Ruby {@code resque-scheduler} and Ruby code can find and remove them, and the
 * other way round.
 *
 * <h2>Storage</h2>
 * A delayed job is the JSON text {@code {"class":…,"args":[…],"queue":…}} (keys in exactly that order,
 * encoded with the configured {@link io.github.resque4j.json.JsonProfile}), stored
 * <ul>
 * <li>as an element of the list {@code delayed:<ts>} ({@code ts} = epoch seconds, fraction dropped),</li>
 * <li>as the suffix of the set key {@code timestamps:<json>}, whose members are {@code delayed:<ts>} (without
 * namespace) — the reverse index used by the by-value calls below,</li>
 * <li>with {@code ts} as member and score of the sorted set {@code delayed_queue_schedule}.</li>
 * </ul>
 *
 * <h2>Byte-based and decoding calls</h2>
 * As in Ruby, {@link #removeDelayed}, {@link #removeDelayedJobFromTimestamp}, {@link #scheduledAt},
 * {@link #isDelayed} and {@link #enqueueDelayed} encode the given job and look for <em>exactly those bytes</em>.
 * A job written with another key order (node-resque writes {@code class, queue, args}), other whitespace,
 * another float spelling or JSON library, or with a different {@code queue} is not found by them: they report
 * 0 / empty / {@code false} for it, exactly as Ruby does. {@link #removeDelayedIf} and {@link #findDelayedIf}
 * instead decode every stored job and compare values, so they find a job whatever its layout, and remove it
 * by its stored bytes.
 *
 * <h2>Differences from Ruby</h2>
 * Queue names are always explicit (Java has no class-level {@code @queue}), so {@code removeDelayed} is Ruby's
 * {@code remove_delayed_in_queue}. There are no {@code before_schedule}/{@code after_schedule}/enqueue hooks.
 * Write sequences that Ruby sends as separate commands or a WATCH/MULTI clean-up (schedule, remove, the rest of
 * "queue now" after its {@code LPOP}) are sent as one Lua script issuing the same write commands in the same order,
 * so they are atomic where Ruby's are not; {@code remove_delayed}'s index members are walked in timestamp order
 * (Ruby: set order). Peeks with {@code count <= 0} return an empty list without asking Redis (Ruby's
 * {@code delayed_queue_peek(0, 0)} returns the whole schedule).
 *
 * <p>Implementations are thread-safe. Close to release the connection (a Redisson client supplied through the
 * configuration is never shut down).
 */
public interface DelayedJobs extends AutoCloseable {

    /**
     * @param config connection, namespace and JSON profile
     * @return delayed jobs on the system clock
     */
    static DelayedJobs create(ResqueConfig config) {
        return builder(config).build();
    }

    /**
     * @param config connection, namespace and JSON profile
     * @return a builder (to set the clock)
     */
    static Builder builder(ResqueConfig config) {
        return new Builder(config);
    }

    /**
     * Ruby's {@code Resque.enqueue_at_with_queue(queue, at, className, *args)}. If {@code at}, truncated to whole
     * seconds, is not after the clock's current second, the job is enqueued now ({@code SADD queues},
     * {@code RPUSH queue:<q>} with {@code {"class":…,"args":[…]}}); otherwise {@code RPUSH delayed:<ts>},
     * {@code SADD timestamps:<json> delayed:<ts>}, {@code ZADD delayed_queue_schedule <ts> <ts>}.
     *
     * @param at when the job should run
     * @param queue queue the job goes to when due
     * @param className Ruby class name
     * @param args arguments
     * @return whether the job was delayed or enqueued now
     * @throws io.github.resque4j.InvalidNameException for a bad queue or class name (nothing written)
     * @throws io.github.resque4j.JsonEncodingException for an unencodable argument (nothing written)
     */
    DelayedOutcome enqueueAt(Instant at, String queue, String className, Object... args);

    /**
     * @param at when the job should run
     * @param queue queue the job goes to when due
     * @param job class and arguments
     * @return whether the job was delayed or enqueued now
     * @see #enqueueAt(Instant, String, String, Object...)
     */
    default DelayedOutcome enqueueAt(Instant at, String queue, Job job) {
        Objects.requireNonNull(job, "job");
        return enqueueAt(at, queue, job.className(), job.args().toArray());
    }

    /**
     * Ruby's {@code enqueue_in_with_queue}: {@link #enqueueAt} at the clock's now plus {@code delay}.
     *
     * @param delay how long from now (zero or negative: enqueued now)
     * @param queue queue name
     * @param className Ruby class name
     * @param args arguments
     * @return whether the job was delayed or enqueued now
     */
    DelayedOutcome enqueueIn(Duration delay, String queue, String className, Object... args);

    /**
     * Ruby's {@code delay_or_enqueue_at} with an explicit queue: removes every copy of the job (byte match), then
     * schedules it {@code max(removed, 1)} times at {@code at}.
     *
     * @param at new time
     * @param queue queue name
     * @param className Ruby class name
     * @param args arguments
     * @return how many copies were (re)scheduled
     */
    long delayOrEnqueueAt(Instant at, String queue, String className, Object... args);

    /**
     * Ruby's {@code remove_delayed_in_queue(className, queue, *args)}: {@code SMEMBERS timestamps:<json>}, then per
     * member {@code LREM delayed:<ts> 0 <json>} and {@code SREM timestamps:<json> delayed:<ts>}. The schedule is
     * left alone (a scheduler drops empty timestamps later). Byte match: see the class description.
     *
     * @param queue the queue stored in the delayed job
     * @param className Ruby class name
     * @param args exact arguments (none means {@code "args":[]})
     * @return how many delayed copies were removed
     */
    long removeDelayed(String queue, String className, Object... args);

    /**
     * Ruby's {@code remove_delayed_job_from_timestamp}: {@code SREM timestamps:<json> delayed:<ts>},
     * {@code LREM delayed:<ts> 0 <json>}, and if the list is now empty {@code DEL delayed:<ts>} and
     * {@code ZREM delayed_queue_schedule <ts>}. Byte match.
     *
     * @param timestamp epoch seconds
     * @param queue the queue stored in the delayed job
     * @param className Ruby class name
     * @param args exact arguments
     * @return how many copies were removed from that timestamp
     */
    long removeDelayedJobFromTimestamp(long timestamp, String queue, String className, Object... args);

    /**
     * Ruby's {@code remove_delayed_selection(className) { |args| … }}, decoding every delayed job
     * ({@code ZRANGE delayed_queue_schedule 0 -1}, {@code LRANGE delayed:<ts> 0 -1} pipelined in groups of 100)
     * and removing each match by its <em>stored</em> bytes, so any JSON layout is found. A match whose
     * {@code timestamps:} index entry is missing is still removed from the timestamp where it was seen (Ruby
     * would leave it). Entries that are not JSON objects are skipped.
     *
     * @param className only jobs of this class; {@code null} for every class
     * @param argsMatch gets the job's arguments as a scheduler would enqueue them (an object becomes the single
     *     argument, {@code null} or a missing {@code args} an empty list, a scalar a one-element list)
     * @return how many delayed copies were removed
     */
    long removeDelayedIf(String className, Predicate<List<Object>> argsMatch);

    /**
     * Ruby's {@code find_delayed_selection}: the stored texts of the delayed jobs {@link #removeDelayedIf} would
     * remove, in schedule order (a job stored twice appears twice).
     *
     * @param className only jobs of this class; {@code null} for every class
     * @param argsMatch as for {@link #removeDelayedIf}
     * @return stored texts
     */
    List<String> findDelayedIf(String className, Predicate<List<Object>> argsMatch);

    /**
     * Ruby's {@code delayed_queue_peek}: {@code ZRANGE delayed_queue_schedule start start+count-1}.
     *
     * @param start first index (negative counts from the end, as in Redis)
     * @param count how many
     * @return timestamps (epoch seconds), ascending
     */
    List<Long> delayedQueuePeek(int start, int count);

    /** @return {@code ZCARD delayed_queue_schedule}: the number of timestamps, not of jobs */
    long delayedQueueScheduleSize();

    /**
     * @param timestamp epoch seconds
     * @return {@code LLEN delayed:<ts>}
     */
    long delayedTimestampSize(long timestamp);

    /**
     * Ruby's {@code delayed_timestamp_peek} ({@code LINDEX} for one, else {@code LRANGE}).
     *
     * @param timestamp epoch seconds
     * @param start first index
     * @param count how many
     * @return the decoded jobs; {@link Payload#fields()} holds {@code queue}
     * @throws io.github.resque4j.PayloadFormatException naming the index of an entry that is not a payload
     */
    List<Payload> delayedTimestampPeek(long timestamp, int start, int count);

    /**
     * Like {@link #delayedTimestampPeek} without decoding.
     *
     * @param timestamp epoch seconds
     * @param start first index
     * @param count how many
     * @return the stored texts
     */
    List<String> delayedTimestampPeekRaw(long timestamp, int start, int count);

    /** @return Ruby's {@code count_all_scheduled_jobs}: the sum of {@code LLEN delayed:<ts>} over the schedule */
    long countAllDelayed();

    /**
     * Ruby's {@code scheduled_at}: {@code SMEMBERS timestamps:<json>}. Byte match.
     *
     * @param queue the queue stored in the delayed job
     * @param className Ruby class name
     * @param args exact arguments
     * @return the timestamps the job is scheduled at, ascending (Ruby returns set order)
     */
    List<Long> scheduledAt(String queue, String className, Object... args);

    /**
     * Ruby's {@code delayed?}. Byte match.
     *
     * @param queue the queue stored in the delayed job
     * @param className Ruby class name
     * @param args exact arguments
     * @return whether the job is scheduled at any timestamp
     */
    boolean isDelayed(String queue, String className, Object... args);

    /**
     * Ruby's {@code next_delayed_timestamp(upTo)}: {@code ZRANGEBYSCORE delayed_queue_schedule -inf <upTo> LIMIT 0 1}.
     *
     * @param upTo latest time of interest (truncated to the second)
     * @return the earliest timestamp not after {@code upTo}
     */
    Optional<Long> nextDelayedTimestamp(Instant upTo);

    /** @return {@link #nextDelayedTimestamp(Instant)} up to the clock's now */
    Optional<Long> nextDelayedTimestamp();

    /**
     * Ruby's {@code enqueue_delayed_with_queue}: {@link #removeDelayed} then, per removed copy, an immediate
     * enqueue ({@code SADD queues}, {@code RPUSH queue:<q>}). Byte match.
     *
     * @param queue the queue stored in the delayed job (and the one it is enqueued to)
     * @param className Ruby class name
     * @param args exact arguments
     * @return how many copies were enqueued
     */
    long enqueueDelayed(String queue, String className, Object... args);

    /**
     * resque-web's "queue now" ({@code Resque::Scheduler.enqueue_next_item}): {@code LPOP delayed:<ts>},
     * {@code SREM timestamps:<item> delayed:<ts>}, clean-up of the emptied timestamp, then
     * {@code SADD queues}/{@code RPUSH queue:<q>} of {@code {"class":…,"args":[…]}} re-encoded from the item.
     * When the list is empty, Ruby's {@code SREM timestamps: delayed:<ts>} and clean-up still run.
     *
     * <p>Unlike Ruby, an item that cannot be enqueued (not a JSON object, no class name, or no {@code queue} —
     * which Ruby's scheduler would drop, WIRE.md trap 9) is put back at the head of its list and reported.
     *
     * @param timestamp epoch seconds
     * @return what was enqueued, or empty if there was nothing at that timestamp
     * @throws io.github.resque4j.PayloadFormatException for an item that cannot be enqueued (left in place)
     */
    Optional<EnqueuedDelayedJob> enqueueNextItem(long timestamp);

    /**
     * Ruby's {@code reset_delayed_queue}: per scheduled timestamp {@code LRANGE delayed:<ts> 0 -1} and
     * {@code DEL delayed:<ts> timestamps:<item>…}, then {@code DEL delayed_queue_schedule}.
     * {@code delayed:last_enqueued_at} is kept.
     */
    void resetDelayedQueue();

    /** @return the clock deciding "now" */
    Clock clock();

    /** Releases the connection if this instance created it. */
    @Override
    void close();

    /** Builds {@link DelayedJobs}. */
    final class Builder {
        private final ResqueConfig config;
        private Clock clock = Clock.systemUTC();

        private Builder(ResqueConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * @param clock decides "now" for {@code enqueueAt}'s due check, {@code enqueueIn} and
         *     {@code nextDelayedTimestamp()}; Ruby uses the local clock of the process, not Redis time
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return a connected instance */
        public DelayedJobs build() {
            return new RedisDelayedJobs(config, clock);
        }
    }
}
