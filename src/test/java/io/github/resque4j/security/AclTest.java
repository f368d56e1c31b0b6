package io.github.resque4j.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.resque4j.RedisUnavailableException;
import io.github.resque4j.ResqueException;
import io.github.resque4j.cli.Main;
import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.testing.LocalRedisProcess;
import io.github.resque4j.testsupport.RespClient;

/**
 * The Redis ACL documented in {@code docs/SECURITY.md}: one user restricted to the commands resque4j sends
 * (directly, through Redisson, and from inside its Lua scripts) and to the keys of one namespace. The whole of
 * resque4j runs under it without a single refusal; anything outside it is refused and surfaces as a typed
 * {@link ResqueException} that never repeats the password.
 */
class AclTest {
    /** The namespace the ACL user is confined to. */
    static final String NS = "resque";
    static final String USER = "resque4j";
    static final String PASSWORD = "acl-Pa55word-never-logged";
    private static final String ADMIN_PASSWORD = "admin-Pa55word";

    /**
     * Every command resque4j needs, grouped as docs/SECURITY.md explains them. Keep the two in sync: the doc's
     * line is {@code ACL SETUSER resque4j reset on >PASSWORD ~resque:* } followed by these, space separated.
     */
    static final List<String> COMMANDS = List.of(
            // connection set-up and health checks (Redisson)
            "+ping", "+client|setname",
            // Lua scripts: run by SHA, loaded after NOSCRIPT
            "+evalsha", "+script|load",
            // worker: blocking pop over its queues
            "+blpop", "+blmove", "+lmove",
            // strings (stats, worker state, pause flag, scheduler master lock)
            "+get", "+set", "+setnx", "+incrby", "+del", "+expire",
            // lists (queues, failed, delayed:<ts>)
            "+lindex", "+llen", "+lpop", "+rpop", "+lpush", "+lrange", "+lrem", "+lset", "+ltrim", "+rpush",
            // sets (queues, workers, timestamps:<job>)
            "+sadd", "+scard", "+sismember", "+smembers", "+spop", "+srem",
            // hashes (heartbeats, schedules, last_enqueued_at)
            "+hdel", "+hexists", "+hget", "+hgetall", "+hset",
            // sorted set (delayed_queue_schedule)
            "+zadd", "+zcard", "+zrange", "+zrangebyscore", "+zrem",
            // server clock, read inside scripts
            "+time");

    private static LocalRedisProcess redis;
    private static RespClient admin;

    /** @return the ACL SETUSER arguments after the user name, for a namespace */
    static List<String> aclRules(String namespace, String password, List<String> commands) {
        List<String> rules = new ArrayList<>(List.of("reset", "on", ">" + password, "~" + namespace + ":*"));
        rules.addAll(commands);
        return rules;
    }

    static String aclLine(String namespace, List<String> commands) {
        return "ACL SETUSER " + USER + " " + String.join(" ", aclRules(namespace, "PASSWORD", commands));
    }

    @BeforeAll
    static void startRedis() {
        assumeTrue(LocalRedisProcess.available(), "redis-server is not on the PATH");
        // The default user is password-protected too, as in production: resque4j never uses it.
        redis = LocalRedisProcess.start("--requirepass", ADMIN_PASSWORD);
        admin = RespClient.connect(redis);
        admin.call("AUTH", ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopRedis() {
        if (admin != null) {
            admin.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void freshUserAndData() {
        admin.call("FLUSHALL");
        setUser(NS, COMMANDS);
        admin.call("ACL", "LOG", "RESET");
    }

    static void setUser(RespClient admin, String namespace, List<String> commands) {
        List<String> cmd = new ArrayList<>(List.of("ACL", "SETUSER", USER));
        cmd.addAll(aclRules(namespace, PASSWORD, commands));
        assertThat(admin.call(cmd.toArray(new String[0]))).isEqualTo("OK");
    }

    private void setUser(String namespace, List<String> commands) {
        setUser(admin, namespace, commands);
    }

    private String uri(int db) {
        return "redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + redis.port() + "/" + db;
    }

    private ResqueConfig config(String namespace) {
        return ResqueConfig.builder().redis(uri(0)).namespace(namespace).build();
    }

    @Test
    void theDocumentedLineIsTheOneTested() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "SECURITY.md"));
        assertThat(doc).contains(aclLine(NS, COMMANDS));
    }

    @Test
    void everythingResque4jDoesRunsUnderTheMinimalAcl() {
        try {
            new ResqueWorkload(config(NS), uri(0)).run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("workload failed under the ACL; refusals: " + aclLog(admin), e);
        }

        // Refusals: only Redisson's start-up cluster probe (EVAL on keys test1/test2, which it catches).
        for (Map<String, String> entry : aclLog(admin)) {
            assertThat(isRedissonClusterProbe(entry)).as("unexpected ACL refusal %s", entry).isTrue();
        }
        // And the data really landed in the namespace, written by the restricted user.
        assertThat((String) admin.call("GET", NS + ":stat:processed")).isNotNull();
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) admin.call("KEYS", "*");
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k).startsWith(NS + ":"));
    }

    @Test
    void aKeyOutsideTheNamespaceIsRefusedAsATypedExceptionWithoutThePassword() {
        try (ResqueClient client = ResqueClient.create(config("other"))) {
            assertThatThrownBy(() -> client.enqueue("q", "Job", 1))
                    .isInstanceOf(ResqueException.class)
                    .isNotInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("NOPERM")
                    .hasMessageContaining("127.0.0.1:" + redis.port())
                    .satisfies(e -> assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain(PASSWORD));
            assertThatThrownBy(() -> client.size("q"))
                    .isInstanceOf(ResqueException.class)
                    .hasMessageContaining("NOPERM")
                    .satisfies(e -> assertThat(ExceptionUtils.getStackTrace(e)).doesNotContain(PASSWORD));
        }
        assertThat(admin.call("EXISTS", "other:queue:q")).isEqualTo(0L);
        assertThat(aclLog(admin)).anySatisfy(e -> {
            assertThat(e).containsEntry("reason", "key").containsEntry("username", USER);
            assertThat(e.get("object")).startsWith("other:");
        });
    }

    @Test
    void theCliReportsARefusalWithoutThePassword() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"--redis", uri(0), "--namespace", "other", "--json", "info"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("NOPERM").doesNotContain(PASSWORD);
        assertThat(out.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void commandsOutsideTheListAreRefused() {
        try (RespClient user = RespClient.connect(redis)) {
            assertThat(user.call("AUTH", USER, PASSWORD)).isEqualTo("OK");
            for (String[] cmd : List.of(new String[] {"FLUSHALL"}, new String[] {"KEYS", "*"},
                    new String[] {"CONFIG", "GET", "*"}, new String[] {"EVAL", "return 1", "0"},
                    new String[] {"SCRIPT", "FLUSH"}, new String[] {"SHUTDOWN", "NOSAVE"},
                    new String[] {"SUBSCRIBE", "x"}, new String[] {"SELECT", "1"},
                    new String[] {"CLIENT", "KILL", "ID", "1"}, new String[] {"ACL", "LIST"})) {
                assertThatThrownBy(() -> user.call(cmd)).as(String.join(" ", cmd))
                        .isInstanceOf(RespClient.RespError.class).hasMessageStartingWith("NOPERM");
            }
            // A script may only touch namespace keys, even ones it computes.
            String sha = (String) user.call("SCRIPT", "LOAD", "return redis.call('GET', 'elsewhere')");
            assertThatThrownBy(() -> user.call("EVALSHA", sha, "0")).isInstanceOf(RespClient.RespError.class)
                    .hasMessageContaining("can't access at least one of the keys");
        }
    }

    @Test
    void aDatabaseOtherThanZeroNeedsSelectToo() {
        List<String> withSelect = new ArrayList<>(COMMANDS);
        withSelect.add("+select");
        setUser(NS, withSelect);
        ResqueConfig db3 = ResqueConfig.builder().redis(uri(3)).namespace(NS).build();
        try (ResqueClient client = ResqueClient.create(db3)) {
            client.enqueue("q", "Job", 1);
            assertThat(client.size("q")).isEqualTo(1);
        }
        admin.call("SELECT", "3");
        try {
            assertThat(admin.call("LLEN", NS + ":queue:q")).isEqualTo(1L);
        } finally {
            admin.call("SELECT", "0");
        }
    }

    /** @return ACL LOG entries as maps (Redis gives flat key/value lists) */
    @SuppressWarnings("unchecked")
    static List<Map<String, String>> aclLog(RespClient admin) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Object e : (List<Object>) admin.call("ACL", "LOG")) {
            List<Object> kv = (List<Object>) e;
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                m.put(String.valueOf(kv.get(i)), String.valueOf(kv.get(i + 1)));
            }
            out.add(m);
        }
        return out;
    }

    /** Redisson's detectCluster(): {@code EVAL "redis.call('get', KEYS[1]) …" 2 test1 test2}, failure ignored. */
    static boolean isRedissonClusterProbe(Map<String, String> entry) {
        String info = entry.getOrDefault("client-info", "");
        return info.contains(" cmd=eval ") && ("command".equals(entry.get("reason"))
                || "key".equals(entry.get("reason")) && List.of("test1", "test2").contains(entry.get("object")));
    }
}
