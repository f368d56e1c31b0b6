package io.github.resque4j.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.json.RubyJson;
import io.github.resque4j.testsupport.RedisExtension;
import io.github.resque4j.testsupport.RedisKit;
import io.github.resque4j.worker.JobRegistry;
import io.github.resque4j.worker.WorkerOptions;
import io.github.resque4j.worker.WorkerPool;

/** What every node-resque scenario needs: a Redis namespace, a node-resque driver, Java pools closed afterwards. */
@ExtendWith(RedisExtension.class)
abstract class NodeResqueTestBase {
    static final Duration WAIT = Duration.ofSeconds(20);

    final RubyJson json = RubyJson.jsonGem();
    RedisKit kit;
    NodeResque node;
    private final List<WorkerPool> pools = new ArrayList<>();

    @BeforeEach
    void startNode(RedisKit kit) {
        NodeResque.assumeAvailable();
        this.kit = kit;
        this.node = NodeResque.start(kit.server(), kit.ns().name());
    }

    @AfterEach
    void stopAll() {
        pools.forEach(WorkerPool::close);
        if (node != null) {
            node.close();
        }
    }

    /** A started Java pool (closed after the test). */
    WorkerPool pool(JobRegistry reg, int concurrency, String... queues) {
        WorkerPool p = WorkerPool.create(kit.config(), WorkerOptions.builder(reg, queues)
                .pollTimeout(Duration.ofMillis(200)).concurrency(concurrency).build());
        pools.add(p);
        p.start();
        return p;
    }

    /** A started single-worker Java pool. */
    WorkerPool pool(JobRegistry reg, String... queues) {
        return pool(reg, 1, queues);
    }
}
