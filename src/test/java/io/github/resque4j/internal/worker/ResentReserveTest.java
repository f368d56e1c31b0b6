package io.github.resque4j.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.resque4j.internal.DirectLink;
import io.github.resque4j.internal.Keys;
import io.github.resque4j.internal.RedisConnection;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;

/**
 * FINISH_AND_RESERVE run, then sent again with the same token as the worker does when a reply was lost (the
 * command ran, the connection died before its answer). The re-sent call must answer what the first one did and
 * change nothing: no second pop, no second count. Crash-safe calls replay from the processing list, the others
 * from last-call.
 */
@ExtendWith(RedisExtension.class)
class ResentReserveTest {
    private static final String ID = "host:1:q";
    private Keys keys;
    private RedisConnection connection;
    private DirectLink link;
    private RedisKit kit;

    @BeforeEach
    void setUp(RedisKit kit) {
        this.kit = kit;
        keys = new Keys(kit.ns().name());
        connection = RedisConnection.open(kit.config(), 0);
        link = connection.openDirect().orElseThrow();
    }

    @AfterEach
    void tearDown() {
        connection.close();
    }

    private Object call(boolean finish, String token, boolean crashSafe, boolean resent) {
        List<Object> k = List.of(keys.worker(ID), keys.stat("processed"), keys.stat("processed:" + ID),
                keys.stat("failed"), keys.stat("failed:" + ID), keys.failed(), keys.failedQueues(),
                keys.pauseAllWorkers(), keys.queues(), keys.lastCall(ID), keys.processing(ID), keys.queue("q"));
        List<Object> a = new ArrayList<>(List.of(finish ? "1" : "0", "", "", "2026-11-25T10:00:00Z", "1", keys.key(""), "0",
                "0", "0", token, crashSafe ? "1" : "0", resent ? "1" : "0", "q"));
        return link.eval("test", WorkerScripts.FINISH_AND_RESERVE, k, a);
    }

    private Object state() {
        return List.of(kit.list("queue:q"), String.valueOf(kit.get("stat:processed")), String.valueOf(kit.get("worker:"
                + ID)), kit.call("LRANGE", keys.processing(ID), "0", "-1"));
    }

    @ParameterizedTest(name = "crash-safe {0}")
    @ValueSource(booleans = {true, false})
    void aResentReservationAnswersTheSameJobAndChangesNothing(boolean crashSafe) {
        kit.call("RPUSH", keys.queue("q"), "{\"class\":\"A\",\"args\":[1]}", "{\"class\":\"B\",\"args\":[2]}",
                "{\"class\":\"C\",\"args\":[3]}");
        call(false, "t:1", crashSafe, false);
        Object first = call(true, "t:2", crashSafe, false); // finishes A, reserves B
        Object after = state();
        Object again = call(true, "t:2", crashSafe, true);
        assertThat(again).isEqualTo(first).isEqualTo(List.of("J", "q", "{\"class\":\"B\",\"args\":[2]}", "1"));
        assertThat(state()).as("no second pop, count or write").isEqualTo(after);
        assertThat(kit.get("stat:processed")).isEqualTo("1");
    }

    @ParameterizedTest(name = "crash-safe {0}")
    @ValueSource(booleans = {true, false})
    void aResentFinishThatFoundTheQueueEmptyCountsOnce(boolean crashSafe) {
        kit.call("RPUSH", keys.queue("q"), "{\"class\":\"A\",\"args\":[1]}");
        call(false, "t:1", crashSafe, false);
        assertThat(call(true, "t:2", crashSafe, false)).isEqualTo(List.of("E"));
        assertThat(call(true, "t:2", crashSafe, true)).isEqualTo(List.of("E"));
        assertThat(kit.get("stat:processed")).isEqualTo("1");
        assertThat(kit.call("EXISTS", keys.worker(ID))).isEqualTo(0L);
    }

    @ParameterizedTest(name = "crash-safe {0}")
    @ValueSource(booleans = {true, false})
    void aFirstAttemptIsNotMistakenForAResend(boolean crashSafe) {
        kit.call("RPUSH", keys.queue("q"), "{\"class\":\"A\",\"args\":[1]}", "{\"class\":\"B\",\"args\":[2]}");
        call(false, "t:1", crashSafe, false);
        // a new token, marked re-sent (a user-supplied client that may retry): nothing recorded matches it
        assertThat(call(true, "t:2", crashSafe, true)).isEqualTo(List.of("J", "q", "{\"class\":\"B\",\"args\":[2]}",
                "1"));
        assertThat(kit.get("stat:processed")).isEqualTo("1");
    }
}
