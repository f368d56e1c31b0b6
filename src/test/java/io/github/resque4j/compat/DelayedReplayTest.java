package io.github.resque4j.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.scheduler.DelayedJobs;
import io.github.resque4j.scheduler.DelayedOutcome;
import io.github.resque4j.testing.RedisServer;
import io.github.resque4j.testsupport.Compat;
import io.github.resque4j.testsupport.MonitoredCommand;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisMonitor;
import io.github.resque4j.testsupport.Replay;
import io.github.resque4j.testsupport.RespClient;
import io.github.resque4j.testsupport.StateDump;
import io.github.resque4j.testsupport.TestNamespace;

/**
 * Replays the resque-scheduler 5.0 delayed-job scenarios (compat/wire/monitor/{enqueue_at,remove_delayed,
 * delayed_foreign}.txt) with {@link DelayedJobs}: the operations are those the Ruby scripts visibly performed (echo
 * markers, written bytes, logged answers); the write commands must reach Redis in the same order with the same
 * arguments, the answers must equal the logged ones, and the keys left must equal compat/wire/state.
 *
 * <p>"Now" is a fixed clock set to the Ruby run's clock (derived from the transcript: the relative
 * {@code enqueue_in(3600)} timestamp minus 3600), so timestamps that depended on Ruby's "now" come out identical and
 * no normalisation of them is needed; fixed timestamps such as 2000000000 are used as they are.
 */
@ExtendWith(RedisExtension.class)
class DelayedReplayTest {
    private RespClient raw;
    private RedisServer server;
    private ResqueConfig config;
    private String ns;
    private DelayedJobs jobs;

    @BeforeEach
    void setUp(ResqueConfig config, RedisServer server, TestNamespace ns) {
        this.raw = RespClient.connect(server);
        this.server = server;
        this.config = config;
        this.ns = ns.name();
    }

    @AfterEach
    void tearDown() {
        if (jobs != null) {
            jobs.close();
        }
        raw.close();
    }

    private DelayedJobs jobsAt(Instant now) {
        jobs = DelayedJobs.builder(config).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        return jobs;
    }

    /** Ruby's write commands, optionally only those before the ECHO containing {@code stopAtEcho}. */
    private static List<String> rubyWrites(String scenario, String stopAtEcho) {
        List<MonitoredCommand> all = Compat.transcript(scenario);
        List<MonitoredCommand> upTo = new ArrayList<>();
        for (MonitoredCommand c : all) {
            if (stopAtEcho != null && c.name().equals("echo") && c.args().get(0).contains(stopAtEcho)) {
                break;
            }
            upTo.add(c);
        }
        return pipelineOrderFree(Replay.spelled(RedisMonitor.writes(upTo, "resque:")));
    }

    private List<String> javaWrites(List<MonitoredCommand> seen) {
        return pipelineOrderFree(Replay.asRuby(RedisMonitor.writes(seen, ns + ":"), ns));
    }

    /**
     * {@code remove_delayed_job} walks {@code SMEMBERS timestamps:<json>} in the set's order, which Redis does not
     * define (it depends on the server's hash seed); resque4j walks it by timestamp. Runs of consecutive
     * {@code lrem}/{@code srem} pairs are therefore compared as sorted runs of pairs.
     */
    static List<String> pipelineOrderFree(List<String> writes) {
        List<String> out = new ArrayList<>(writes.size());
        int i = 0;
        while (i < writes.size()) {
            List<String> pairs = new ArrayList<>();
            while (i + 1 < writes.size() && writes.get(i).startsWith("lrem ") && writes.get(i + 1).startsWith("srem ")) {
                pairs.add(writes.get(i) + "\n" + writes.get(i + 1));
                i += 2;
            }
            if (pairs.isEmpty()) {
                out.add(writes.get(i++));
            } else {
                pairs.sort(null);
                for (String p : pairs) {
                    out.addAll(List.of(p.split("\n", 2)));
                }
            }
        }
        return out;
    }

    /** Ruby's "now" during a scenario: the timestamp its {@code enqueue_in(3600, …)} wrote, minus 3600. */
    private static Instant rubyNow(String scenario, String enqueueInEcho) {
        List<MonitoredCommand> all = Compat.transcript(scenario);
        boolean after = enqueueInEcho == null;
        for (MonitoredCommand c : all) {
            if (c.name().equals("echo") && enqueueInEcho != null && c.args().get(0).contains(enqueueInEcho)) {
                after = true;
            } else if (after && c.name().equals("zadd")) {
                return Instant.ofEpochSecond(Long.parseLong(c.args().get(1)) - 3600);
            }
        }
        throw new IllegalStateException("no enqueue_in in " + scenario);
    }

    private static String nil(Optional<Long> v) {
        return v.map(String::valueOf).orElse("nil");
    }

    @Test
    void enqueueAtTranscript() {
        Instant now = rubyNow("enqueue_at", "enqueue_in(3600");
        assertThat(now.getEpochSecond()).isEqualTo(1_795_614_152L);
        DelayedJobs d = jobsAt(now);
        Instant ts = Instant.ofEpochSecond(2_000_000_000L);

        RedisMonitor monitor = RedisMonitor.start(server);
        // enqueue_at(ts, SimpleJob, 1, "a")                       (SimpleJob: @queue = :default)
        assertThat(d.enqueueAt(ts, "default", "SimpleJob", 1, "a")).isEqualTo(DelayedOutcome.DELAYED);
        // enqueue_at(ts + 0.9, SimpleJob, {"k"=>1.5})             (fraction truncated)
        d.enqueueAt(ts.plusMillis(900), "default", "SimpleJob", Map.of("k", 1.5));
        // enqueue_at same job at another ts
        d.enqueueAt(ts.plusSeconds(60), "default", "SimpleJob", 1, "a");
        // enqueue_at_with_queue(explicit, ts, SimpleJob, nil)
        d.enqueueAt(ts, "explicit", "SimpleJob", (Object) null);
        // enqueue_at_with_queue(q, ts, "StringOnlyClass", 2)
        d.enqueueAt(ts, "q", "StringOnlyClass", 2);
        // enqueue_in(3600, SimpleJob)
        d.enqueueIn(java.time.Duration.ofSeconds(3600), "default", "SimpleJob");
        // enqueue_in_with_queue(other, 3600, SimpleJob, :sym)
        d.enqueueIn(java.time.Duration.ofSeconds(3600), "other", "SimpleJob", "sym");
        // enqueue_at(past) -> immediate Resque.enqueue_to
        assertThat(d.enqueueAt(now.minusSeconds(60), "default", "SimpleJob", "past"))
                .isEqualTo(DelayedOutcome.ENQUEUED_NOW);
        // read side
        List<Long> peek = d.delayedQueuePeek(0, 10);
        List<Map<String, Object>> tsPeek = new ArrayList<>();
        d.delayedTimestampPeek(2_000_000_000L, 0, 10).forEach(p -> tsPeek.add(p.fields()));
        long scheduleSize = d.delayedQueueScheduleSize();
        long tsSize = d.delayedTimestampSize(2_000_000_000L);
        long all = d.countAllDelayed();
        List<Long> at = d.scheduledAt("default", "SimpleJob", 1, "a");
        boolean delayed = d.isDelayed("default", "SimpleJob", 1, "a");
        Optional<Long> next = d.nextDelayedTimestamp();
        List<MonitoredCommand> seen = monitor.stop();

        assertThat(rubyWrites("enqueue_at", null)).hasSize(23);
        assertThat(javaWrites(seen)).containsExactlyElementsOf(rubyWrites("enqueue_at", null));
        assertThat(StateDump.dump(raw, ns, true)).isEqualTo(Compat.state("enqueue_at"));

        String log = Compat.log("enqueue_at");
        assertThat(log).contains("[ruby] delayed_queue_peek(0,10)=" + peek + "\n")
                .contains("[ruby] delayed_queue_schedule_size=" + scheduleSize + "\n")
                .contains("[ruby] delayed_timestamp_size(ts)=" + tsSize + "\n")
                .contains("[ruby] count_all_scheduled_jobs=" + all + "\n")
                .contains("[ruby] scheduled_at(SimpleJob,1,'a')=" + at + "\n")
                .contains("[ruby] delayed?(SimpleJob,1,'a')=" + delayed + "\n")
                .contains("[ruby] next_delayed_timestamp(now)=" + nil(next) + "\n");
        assertThat(log).contains("[ruby] delayed_timestamp_peek(ts,0,10)=" + rubyInspect(tsPeek) + "\n");
    }

    @Test
    void removeDelayedTranscript() {
        DelayedJobs d = jobsAt(Instant.ofEpochSecond(1_795_614_235L));
        Instant t1 = Instant.ofEpochSecond(2_000_000_000L);
        Instant t2 = Instant.ofEpochSecond(2_000_000_100L);
        List<String> answers = new ArrayList<>();

        RedisMonitor monitor = RedisMonitor.start(server);
        // set-up, as the transcript's first 24 commands show (SimpleJob: default, OtherQueueJob: other)
        d.enqueueAt(t1, "default", "SimpleJob", 1);
        d.enqueueAt(t2, "default", "SimpleJob", 1);
        d.enqueueAt(t1, "default", "SimpleJob", 2);
        d.enqueueAt(t1, "special", "SimpleJob", 3);
        d.enqueueAt(t2, "default", "SimpleJob", Map.of("id", 10));
        d.enqueueAt(t2, "default", "SimpleJob", Map.of("id", 11));
        d.enqueueAt(t1, "other", "OtherQueueJob", "keep");
        d.enqueueAt(t1, "default", "SimpleJob", 4);
        // remove_delayed(SimpleJob, 1)  (both timestamps)
        answers.add("removed=" + d.removeDelayed("default", "SimpleJob", 1));
        // remove_delayed(SimpleJob, 3) -> 0, queue in payload is "special"
        answers.add("removed=" + d.removeDelayed("default", "SimpleJob", 3));
        // remove_delayed_in_queue(SimpleJob, special, 3)
        answers.add("removed=" + d.removeDelayed("special", "SimpleJob", 3));
        // remove_delayed_selection(SimpleJob) { |args| args[0].is_a?(Hash) && args[0]["id"] == 10 }
        answers.add("removed=" + d.removeDelayedIf("SimpleJob",
                args -> args.get(0) instanceof Map && Integer.valueOf(10).equals(((Map<?, ?>) args.get(0)).get("id"))));
        // remove_delayed_job_from_timestamp(t1, SimpleJob, 2)
        answers.add("removed=" + d.removeDelayedJobFromTimestamp(t1.getEpochSecond(), "default", "SimpleJob", 2));
        // enqueue_delayed(SimpleJob, 4)  (remove + enqueue now)
        assertThat(d.enqueueDelayed("default", "SimpleJob", 4)).isEqualTo(1);
        // delay_or_enqueue_at(t1, SimpleJob, {"id"=>11})  (move to t1)
        assertThat(d.delayOrEnqueueAt(t1, "default", "SimpleJob", Map.of("id", 11))).isEqualTo(1);
        // Scheduler.enqueue_next_item(t1)  (resque-web "queue now": LPOP path)
        assertThat(d.enqueueNextItem(t1.getEpochSecond())).map(e -> e.job().className()).contains("OtherQueueJob");
        // state read
        answers.add("schedule=" + d.delayedQueuePeek(0, 10) + " total=" + d.countAllDelayed());
        // reset_delayed_queue
        d.resetDelayedQueue();
        List<MonitoredCommand> seen = monitor.stop();

        assertThat(rubyWrites("remove_delayed", null)).hasSize(50);
        assertThat(javaWrites(seen)).containsExactlyElementsOf(rubyWrites("remove_delayed", null));
        assertThat(StateDump.dump(raw, ns, true)).isEqualTo(Compat.state("remove_delayed"));
        List<String> rubyAnswers = new ArrayList<>();
        for (String line : Compat.log("remove_delayed").split("\n")) {
            if (line.startsWith("[ruby] ")) {
                rubyAnswers.add(line.substring("[ruby] ".length()));
            }
        }
        assertThat(answers).containsExactlyElementsOf(rubyAnswers);
    }

    @Test
    void delayedForeignTranscript() {
        Instant now = rubyNow("delayed_foreign", null);
        DelayedJobs d = jobsAt(now);
        List<MonitoredCommand> ruby = Compat.transcript("delayed_foreign");

        RedisMonitor monitor = RedisMonitor.start(server);
        // A: enqueue_in(3600, SimpleJob, 1)
        d.enqueueIn(java.time.Duration.ofSeconds(3600), "default", "SimpleJob", 1);
        // B: written by hand in another key order (commands 4-6 of the transcript, replayed verbatim)
        Replay.run(raw, ruby.subList(3, 6), ns);
        // delayed?/remove_delayed for A (Ruby layout) and B (other key order)
        boolean a = d.isDelayed("default", "SimpleJob", 1);
        boolean b = d.isDelayed("default", "SimpleJob", 2);
        long removedB = d.removeDelayed("default", "SimpleJob", 2);
        List<MonitoredCommand> seen = monitor.stop();

        assertThat(rubyWrites("delayed_foreign", "scheduler tick")).hasSize(6);
        assertThat(javaWrites(seen)).containsExactlyElementsOf(rubyWrites("delayed_foreign", "scheduler tick"));
        String log = Compat.log("delayed_foreign");
        assertThat(log).contains("[ruby] delayed?(A)=" + a + " delayed?(B)=" + b + "\n")
                .contains("[ruby] remove_delayed(B)=" + removedB + "\n");

        // Ruby then ran a scheduler tick (the scheduler process, not this API). Moving both items "now" through
        // resque-web's path gives the same queue contents; only the scheduler's master lock is absent.
        long ts = now.getEpochSecond() + 3600;
        assertThat(d.enqueueNextItem(ts)).isPresent();
        assertThat(d.enqueueNextItem(ts)).isPresent();
        assertThat(d.enqueueNextItem(ts)).isEmpty();
        StringBuilder expected = new StringBuilder();
        boolean skip = false;
        for (String line : Compat.state("delayed_foreign").split("\n")) {
            if (line.startsWith("KEY ")) {
                skip = line.contains("resque_scheduler_master_lock");
            }
            if (!skip) {
                expected.append(line).append('\n');
            }
        }
        assertThat(StateDump.dump(raw, ns, true)).isEqualTo(expected.toString());
    }

    /**
     * {@link DelayedJobs#enqueueNextItem} is {@code Resque::Scheduler.enqueue_next_item}, which the pre-4.9 scheduler
     * tick used for every item (M:legacy_scheduler_4.8.0_tick). Draining timestamp 1795614569 with it must write what
     * that tick wrote for the same timestamp: per item LPOP, SREM, clean-up, SADD+RPUSH; for the final nil LPOP,
     * {@code SREM "timestamps:"} and the clean-up.
     */
    @Test
    void nextItemPathOfTheLegacyTickTranscript() {
        List<MonitoredCommand> ruby = Compat.transcript("legacy_scheduler_4.8.0_tick");
        int firstEcho = 0;
        while (!ruby.get(firstEcho).name().equals("echo")) {
            firstEcho++;
        }
        Replay.run(raw, ruby.subList(0, firstEcho), ns);
        String list = "resque:delayed:1795614569";
        int from = -1;
        int to = -1;
        for (int i = 0; i < ruby.size(); i++) {
            MonitoredCommand c = ruby.get(i);
            if (from < 0 && c.name().equals("lpop") && c.args().get(0).equals(list)) {
                from = i;
            } else if (from >= 0 && c.name().equals("zrangebyscore")) {
                to = i;
                break;
            }
        }
        List<String> expected = pipelineOrderFree(Replay.spelled(RedisMonitor.writes(ruby.subList(from, to),
                "resque:")));
        assertThat(expected).hasSize(18);

        DelayedJobs d = jobsAt(Instant.ofEpochSecond(1_795_614_689L));
        RedisMonitor monitor = RedisMonitor.start(server);
        List<String> classes = new ArrayList<>();
        Optional<io.github.resque4j.scheduler.EnqueuedDelayedJob> next;
        while ((next = d.enqueueNextItem(1_795_614_569L)).isPresent()) {
            classes.add(next.get().job().className() + "@" + next.get().queue());
        }
        List<MonitoredCommand> seen = monitor.stop();
        assertThat(classes).containsExactly("SimpleJob@default", "SimpleJob@default", "UnknownClass@elsewhere");
        assertThat(javaWrites(seen)).containsExactlyElementsOf(expected);
    }

    /** Ruby's {@code inspect} of decoded delayed jobs (strings, integers, floats, nil, nested hashes). */
    private static String rubyInspect(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof String) {
            return "\"" + ((String) v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v instanceof Double) {
            return io.github.resque4j.json.RubyJson.rubyFloatToS((Double) v);
        }
        if (v instanceof List) {
            List<String> parts = new ArrayList<>();
            ((List<?>) v).forEach(x -> parts.add(rubyInspect(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Map) {
            List<String> parts = new ArrayList<>();
            ((Map<?, ?>) v).forEach((k, x) -> parts.add(rubyInspect(k) + "=>" + rubyInspect(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        return String.valueOf(v);
    }
}
