package io.github.resque4j.client;

import java.util.List;

/**
 * The figures of Ruby's {@code Resque.info}.
 *
 * @param pending jobs waiting, summed over every queue in {@code queues}
 * @param processed {@code stat:processed}
 * @param queues number of queue names in {@code queues}
 * @param workers number of registered workers
 * @param working workers currently running a job
 * @param failed length of the {@code failed} list (as Ruby, even with the multi-queue backend)
 * @param servers the Redis endpoint(s), without credentials
 * @param environment {@code RAILS_ENV}, {@code RACK_ENV} or {@code development}
 */
public record ResqueInfo(long pending, long processed, int queues, int workers, int working, long failed,
        List<String> servers, String environment) {
    /** Freezes the server list. */
    public ResqueInfo {
        servers = List.copyOf(servers);
    }
}
