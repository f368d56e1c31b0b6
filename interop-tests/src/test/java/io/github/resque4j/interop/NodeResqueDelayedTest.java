package io.github.resque4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.awaitility.Awaitility.await;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.resque4j.worker.JobRegistry;

/**
 * node-resque's delayed jobs against resque-scheduler's layout (WIRE.md §12.1-12.3): the same three keys
 * ({@code delayed_queue_schedule}, {@code delayed:<ts>}, {@code timestamps:<job json>}), but the job JSON has
 * the key order class, queue, args (Ruby: class, args, queue), timestamps are rounded rather than truncated,
 * past times are still delayed, and a job cannot be scheduled twice at one second. These tests pin those facts so
 * a change in node-resque is noticed; a Java mover must accept both layouts.
 */
class NodeResqueDelayedTest extends NodeResqueTestBase {
    /** 2100-01-01T00:00:00.600Z in ms: Ruby's {@code to_i} gives ...800, node-resque's Math.round ...801. */
    private static final long AT_MS = 4_102_444_800_600L;
    private static final String AT = "4102444801";


    private String key(String k) {
        return kit.ns().key(k);
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String... command) {
        return (List<String>) kit.call(command);
    }

    @Test
    void enqueueAtAndEnqueueInWriteResqueSchedulerKeysWithNodeKeyOrder() {
        List<Object> args = List.of(1, "a", Map.of("k", Arrays.asList(true, null)));
        node.call("enqueueAt", AT_MS, "default", "Later", args);

        String item = "{\"class\":\"Later\",\"queue\":\"default\",\"args\":[1,\"a\",{\"k\":[true,null]}]}";
        String rubyItem = "{\"class\":\"Later\",\"args\":[1,\"a\",{\"k\":[true,null]}],\"queue\":\"default\"}";
        assertThat(node.call("encode", "default", "Later", args)).isEqualTo(item);
        // delayed_queue_schedule: member = score = epoch seconds, as resque-scheduler.
        assertThat(kit.call("TYPE", key("delayed_queue_schedule"))).isEqualTo("zset");
        assertThat(strings("ZRANGE", key("delayed_queue_schedule"), "0", "-1", "WITHSCORES")).containsExactly(AT, AT);
        // delayed:<ts>: a list of job JSON, but with "queue" before "args".
        assertThat(kit.call("TYPE", key("delayed:" + AT))).isEqualTo("list");
        assertThat(kit.list("delayed:" + AT)).containsExactly(item);
        // timestamps:<job json>: a set of un-namespaced "delayed:<ts>" members, keyed by node's bytes.
        assertThat(kit.call("TYPE", key("timestamps:" + item))).isEqualTo("set");
        assertThat(kit.members("timestamps:" + item)).containsExactly("delayed:" + AT);
        assertThat(kit.call("EXISTS", key("timestamps:" + rubyItem))).isEqualTo(0L);
        // Nothing else: no queue, no entry in queues; plus node-resque's connection probe key.
        assertThat(strings("KEYS", kit.ns().name() + ":*")).containsExactlyInAnyOrder(key("delayed_queue_schedule"),
                key("delayed:" + AT), key("timestamps:" + item), key("connection_test_key"));
        assertThat(kit.get("connection_test_key")).isEqualTo("ok");

        // The same job at the same second is refused (Ruby would push a second copy) or silently dropped.
        assertThatThrownBy(() -> node.call("enqueueAt", AT_MS, "default", "Later", args))
                .hasMessageContaining("Job already enqueued at this time with same arguments");
        assertThat(node.call("enqueueAt", AT_MS - 100, "default", "Later", args, true)).isNull();
        assertThat(kit.list("delayed:" + AT)).hasSize(1);
        // At another second: one timestamps: set with two members, as in Ruby.
        node.call("enqueueAt", 4_102_444_900_000L, "default", "Later", args);
        assertThat(kit.members("timestamps:" + item)).containsExactlyInAnyOrder("delayed:" + AT, "delayed:4102444900");
        assertThat(node.call("scheduledAt", "default", "Later", args))
                .asInstanceOf(LIST).containsExactlyInAnyOrder(4102444801L, 4102444900L);

        // enqueueIn(ms) = enqueueAt(now + ms), rounded to seconds.
        long before = System.currentTimeMillis();
        node.call("enqueueIn", 60_000, "default", "Soon", List.of());
        long after = System.currentTimeMillis();
        List<String> soon = strings("ZRANGEBYSCORE", key("delayed_queue_schedule"),
                String.valueOf(Math.round((before + 60_000) / 1000.0)),
                String.valueOf(Math.round((after + 60_000) / 1000.0)));
        assertThat(soon).hasSize(1);
        assertThat(kit.list("delayed:" + soon.get(0)))
                .containsExactly("{\"class\":\"Soon\",\"queue\":\"default\",\"args\":[]}");

        // A time in the past is still written as a delayed job (resque-scheduler enqueues it at once).
        node.call("enqueueAt", 1_000_000_000_000L, "default", "Past", List.of());
        assertThat(kit.list("delayed:1000000000"))
                .containsExactly("{\"class\":\"Past\",\"queue\":\"default\",\"args\":[]}");
        assertThat(kit.call("EXISTS", key("queue:default"))).isEqualTo(0L);
        assertThat(kit.members("queues")).isEmpty();

        // node-resque lists timestamps by scanning delayed:*, not the zset, so resque-scheduler's
        // delayed:last_enqueued_at hash shows up as a NaN timestamp (null in JSON).
        kit.call("HSET", key("delayed:last_enqueued_at"), "some_schedule", "2026-11-25 13:43:17 +0000");
        assertThat(node.call("timestamps")).asInstanceOf(LIST).hasSize(5).containsNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void nodeSchedulerMovesDueJobsOfBothLayoutsToTheJavaPool() {
        node.call("enqueueAt", 1_000_000_000_000L, "default", "Due", List.of(1, "node"));
        // resque-scheduler's delayed_push (WIRE.md §12.3), as Ruby (and a Java scheduler) writes it.
        String rubyItem = "{\"class\":\"Due\",\"args\":[2,\"ruby\"],\"queue\":\"default\"}";
        kit.call("RPUSH", key("delayed:1000000001"), rubyItem);
        kit.call("SADD", key("timestamps:" + rubyItem), "delayed:1000000001");
        kit.call("ZADD", key("delayed_queue_schedule"), "1000000001", "1000000001");

        // node reads the Ruby item, but its by-value lookups build node-ordered JSON and miss it.
        Map<String, Object> at = (Map<String, Object>) node.call("delayedAt", 1_000_000_001_000L);
        assertThat((List<Object>) at.get("tasks"))
                .containsExactly(Map.of("class", "Due", "args", List.of(2, "ruby"), "queue", "default"));
        assertThat(node.call("scheduledAt", "default", "Due", List.of(2, "ruby"))).asInstanceOf(LIST).isEmpty();

        Map<String, Object> s = (Map<String, Object>) node.call("startScheduler", Map.of("timeout", 100));
        await().atMost(WAIT).until(() -> kit.client().size("default") == 2);
        // node-resque's leader lock is its own key, not resque-scheduler's resque_scheduler_master_lock.
        assertThat(s.get("leaderKey")).isEqualTo(key("resque_scheduler_leader_lock"));
        assertThat(kit.get("resque_scheduler_leader_lock")).isEqualTo(s.get("name"));
        assertThat(kit.client().peekRaw("default", 0, 2)).containsExactly(
                "{\"class\":\"Due\",\"queue\":\"default\",\"args\":[1,\"node\"]}",
                "{\"class\":\"Due\",\"queue\":\"default\",\"args\":[2,\"ruby\"]}");
        // The mover SREMs timestamps:<stored bytes>, so both layouts are cleaned up, then the zset entry.
        await().atMost(WAIT).until(() -> (Long) kit.call("ZCARD", key("delayed_queue_schedule")) == 0L);
        assertThat(strings("KEYS", key("delayed:*"))).isEmpty();
        assertThat(strings("KEYS", key("timestamps:*"))).isEmpty();

        List<List<Object>> seen = new CopyOnWriteArrayList<>();
        pool(JobRegistry.builder().register("Due", job -> seen.add(job.args())).build(), "default");
        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly(List.of(1, "node"), List.of(2, "ruby"));

        node.call("stopScheduler");
        assertThat(kit.get("resque_scheduler_leader_lock")).isNull();
    }
}
