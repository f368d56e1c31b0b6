package io.github.resque4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.github.resque4j.admin.WorkerInfo;
import io.github.resque4j.admin.Workers;

/** {@code resque4j workers list|prune|unregister}. */
@Command(name = "workers", description = "Registered workers (Ruby and Java).",
        subcommands = {WorkersCommand.ListWorkers.class, WorkersCommand.Prune.class, WorkersCommand.Unregister.class})
final class WorkersCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose list, prune or unregister");
    }

    /** {@code workers list}. */
    @Command(name = "list", description = "Workers with host, pid, queues, heartbeat, current job and stats.")
    static final class ListWorkers extends Base {
        @Override
        public Integer call() {
            try (Workers w = Workers.create(config())) {
                List<WorkerInfo> all = w.list();
                if (json()) {
                    List<Object> items = new ArrayList<>();
                    for (WorkerInfo i : all) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", i.id());
                        m.put("host", i.host());
                        m.put("pid", i.pid());
                        m.put("queues", i.queues());
                        m.put("started", i.started());
                        m.put("heartbeat", i.heartbeatRaw());
                        m.put("job", i.job().map(j -> {
                            Map<String, Object> jm = new LinkedHashMap<>();
                            jm.put("queue", j.queue());
                            jm.put("run_at", j.runAt());
                            jm.put("payload", j.payload());
                            return (Object) jm;
                        }).orElse(null));
                        m.put("processed", i.processed());
                        m.put("failed", i.failed());
                        items.add(m);
                    }
                    Output.json(out(), items);
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (WorkerInfo i : all) {
                        rows.add(List.of(i.host(), i.pid(), String.join(",", i.queues()),
                                String.valueOf(i.heartbeatRaw()),
                                i.job().map(j -> j.queue() + " " + Output.shorten(String.valueOf(j.className()), 40)
                                        + " since " + j.runAt()).orElse("idle"),
                                String.valueOf(i.processed()), String.valueOf(i.failed())));
                    }
                    Output.table(out(), List.of("HOST", "PID", "QUEUES", "HEARTBEAT", "JOB", "PROCESSED", "FAILED"),
                            rows);
                }
            }
            return Main.OK;
        }
    }

    /** {@code workers prune}. */
    @Command(name = "prune", description = "Unregister dead workers by Ruby's rules (expired heartbeat anywhere, "
            + "dead pid on this host); their running jobs become failures.")
    static final class Prune extends Base {
        @Option(names = "--force", description = "Ignore Ruby's once-per-60-s pruning lock.")
        boolean force;

        @Override
        public Integer call() {
            try (Workers w = Workers.create(config())) {
                Set<String> pruned = new TreeSet<>(w.prune(force));
                if (json()) {
                    Output.json(out(), Map.of("pruned", new ArrayList<>(pruned)));
                } else if (pruned.isEmpty()) {
                    out().println(force ? "no dead workers" : "no dead workers (or another worker pruned in the "
                            + "last 60 s; --force ignores that lock)");
                } else {
                    pruned.forEach(id -> out().println("pruned " + id));
                }
            }
            return Main.OK;
        }
    }

    /** {@code workers unregister <id>}. */
    @Command(name = "unregister", description = "Unregister one worker; a job it was running becomes a "
            + "Resque::DirtyExit failure.")
    static final class Unregister extends Base {
        @Parameters(index = "0", paramLabel = "WORKER-ID")
        String id;

        @Override
        public Integer call() {
            try (Workers w = Workers.create(config())) {
                boolean was = w.unregister(id);
                if (json()) {
                    Output.json(out(), Map.of("id", id, "was_registered", was));
                } else {
                    out().println(was ? "unregistered " + id : id + " was not registered (its keys were cleared)");
                }
                return was ? Main.OK : Main.USAGE;
            }
        }
    }
}
