package io.github.resque4j.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.github.resque4j.failure.BulkResult;
import io.github.resque4j.failure.FailureEntry;
import io.github.resque4j.failure.FailureFilter;
import io.github.resque4j.failure.FailureMovedException;
import io.github.resque4j.failure.Failures;
import io.github.resque4j.worker.FailureBackend;

/** {@code resque4j failed list|show|requeue|remove|clear}. */
@Command(name = "failed", description = "Failed jobs (Resque::Failure), Ruby's and Java's alike.",
        subcommands = {FailedCommand.ListFailed.class, FailedCommand.Show.class, FailedCommand.Requeue.class,
            FailedCommand.Remove.class, FailedCommand.Clear.class})
final class FailedCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "choose list, show, requeue, remove or clear");
    }

    /** Backend and filter options shared by the subcommands. */
    static final class Selection {
        @Option(names = "--backend", defaultValue = "redis", paramLabel = "redis|multi",
                description = "Failure backend: redis (the failed list, default) or multi (RedisMultiQueue).")
        String backend;

        @Option(names = "--list", paramLabel = "NAME",
                description = "With --backend multi: the <queue>_failed list an INDEX refers to.")
        String list;

        @Option(names = "--class", paramLabel = "CLASS", description = "Only jobs of this class.")
        String className;

        @Option(names = "--exception", paramLabel = "NAME", description = "Only this exception class.")
        String exception;

        @Option(names = "--queue", paramLabel = "QUEUE", description = "Only jobs from this queue.")
        String queue;

        @Option(names = "--since", paramLabel = "ISO-TIME", description = "Failed at or after, e.g. 2026-11-25T10:00:00Z.")
        String since;

        @Option(names = "--until", paramLabel = "ISO-TIME", description = "Failed before.")
        String until;

        FailureBackend backend() {
            switch (backend) {
                case "redis":
                    return FailureBackend.REDIS;
                case "multi":
                case "redis_multi_queue":
                    return FailureBackend.REDIS_MULTI_QUEUE;
                default:
                    throw new IllegalArgumentException("--backend must be redis or multi, got " + backend);
            }
        }

        FailureFilter filter(Boolean retried) {
            FailureFilter.Builder b = FailureFilter.builder().className(className).exception(exception).queue(queue)
                    .retried(retried);
            if (since != null) {
                b.failedFrom(instant("--since", since));
            }
            if (until != null) {
                b.failedTo(instant("--until", until));
            }
            return b.build();
        }

        boolean filtered() {
            return className != null || exception != null || queue != null || since != null || until != null;
        }

        private static Instant instant(String option, String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as "
                        + "2026-11-25T10:00:00Z, got " + text);
            }
        }
    }

    static Map<String, Object> asMap(FailureEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("list", e.list());
        m.put("index", e.index());
        m.put("failed_at", e.failedAt());
        m.put("payload", e.payload());
        m.put("exception", e.exception());
        m.put("error", e.error());
        m.put("backtrace", e.backtrace());
        m.put("worker", e.worker());
        m.put("queue", e.queue());
        m.put("retried_at", e.retriedAt());
        m.put("problem", e.problem().orElse(null));
        return m;
    }

    /** {@code failed list}. */
    @Command(name = "list", description = "List failures, oldest first, optionally filtered.")
    static final class ListFailed extends Base {
        @Mixin
        Selection sel;

        @Option(names = "--offset", defaultValue = "0", description = "Skip this many matches.")
        long offset;

        @Option(names = "--limit", defaultValue = "50", description = "Show at most this many (default 50).")
        int limit;

        @Override
        public Integer call() {
            try (Failures f = Failures.create(config(), sel.backend())) {
                List<FailureEntry> entries = f.list(sel.filter(null), offset, limit);
                if (json()) {
                    List<Object> out = new ArrayList<>();
                    entries.forEach(e -> out.add(asMap(e)));
                    Output.json(out(), out);
                } else {
                    List<List<String>> rows = new ArrayList<>();
                    for (FailureEntry e : entries) {
                        rows.add(List.of(e.list() + "[" + e.index() + "]", String.valueOf(e.failedAt()),
                                String.valueOf(e.queue()), String.valueOf(e.className()), String.valueOf(e.exception()),
                                Output.shorten(e.problem().orElse(String.valueOf(e.error())), 60),
                                e.retriedAt() == null ? "" : "retried"));
                    }
                    Output.table(out(), List.of("ENTRY", "FAILED_AT", "QUEUE", "CLASS", "EXCEPTION", "ERROR", ""),
                            rows);
                    out().println(entries.size() + " shown, " + f.count(sel.filter(null)) + " matching, "
                            + f.count() + " in all");
                }
            }
            return Main.OK;
        }
    }

    /** {@code failed show <index>}. */
    @Command(name = "show", description = "Show one failure in full.")
    static final class Show extends Base {
        @Mixin
        Selection sel;

        @Parameters(index = "0", paramLabel = "INDEX")
        long index;

        @Override
        public Integer call() {
            try (Failures f = Failures.create(config(), sel.backend())) {
                FailureEntry e = (sel.list == null ? f.get(index) : f.list(sel.list).get(index))
                        .orElseThrow(() -> new IllegalArgumentException("no failure at index " + index));
                if (json()) {
                    Output.json(out(), asMap(e));
                } else {
                    asMap(e).forEach((k, v) -> {
                        if (v instanceof List) {
                            out().println(k + ":");
                            ((List<?>) v).forEach(line -> out().println("  " + line));
                        } else {
                            out().println(k + ": " + (v instanceof Map || v instanceof List
                                    ? io.github.resque4j.json.RubyJson.jsonGem().encode(v) : v));
                        }
                    });
                }
            }
            return Main.OK;
        }
    }

    /** Runs a bulk operation with a progress bar; Ctrl-C stops it cleanly between batches. */
    abstract static class Bulk extends Base {
        @Mixin
        Selection sel;

        @Option(names = "--all", description = "Every failure (or every one matching the filters).")
        boolean all;

        @Parameters(index = "0", arity = "0..1", paramLabel = "INDEX", description = "One failure by index.")
        Long index;

        abstract String verb();

        abstract void single(Failures f);

        abstract BulkResult bulk(Failures f, FailureFilter filter, AtomicBoolean cancelled);

        @Override
        public Integer call() {
            if (index == null && !all && !sel.filtered()) {
                throw new IllegalArgumentException("give an INDEX, --all, or filters (--class, --queue, ...)");
            }
            try (Failures f = Failures.create(config(), sel.backend())) {
                if (index != null) {
                    try {
                        single(f);
                    } catch (FailureMovedException e) {
                        err().println("resque4j: " + e.getMessage() + "; nothing was changed, list again");
                        return Main.PARTIAL;
                    }
                    if (json()) {
                        Output.json(out(), Map.of(verb(), 1));
                    } else {
                        out().println(verb() + " failure " + index);
                    }
                    return Main.OK;
                }
                AtomicBoolean cancelled = new AtomicBoolean();
                CountDownLatch finished = new CountDownLatch(1);
                Thread hook = new Thread(() -> {
                    cancelled.set(true);
                    try {
                        finished.await(30, TimeUnit.SECONDS); // let the batch in flight complete
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                Runtime.getRuntime().addShutdownHook(hook);
                BulkResult r;
                try {
                    r = bulk(f, sel.filter(null), cancelled);
                } finally {
                    finished.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // Ctrl-C: the hook is running and waits for us
                    }
                }
                if (json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("matched", r.matched());
                    m.put("done", r.done());
                    m.put("moved_and_skipped", r.movedAndSkipped());
                    m.put("invalid", r.invalid());
                    m.put("cancelled", r.cancelled());
                    Output.json(out(), m);
                } else {
                    out().println(verb() + " " + r.done() + " of " + r.matched() + " matching failure(s)"
                            + (r.movedAndSkipped() > 0 ? ", " + r.movedAndSkipped() + " moved under us (skipped)" : "")
                            + (r.invalid() > 0 ? ", " + r.invalid() + " unreadable (skipped)" : "")
                            + (r.cancelled() ? ", interrupted" : ""));
                }
                return r.done() == r.matched() && !r.cancelled() ? Main.OK : Main.PARTIAL;
            }
        }

        void progress(long done, long total) {
            if (!json()) {
                Output.progress(err(), done, total);
            }
        }
    }

    /** {@code failed requeue}. */
    @Command(name = "requeue", description = "Requeue failures (Ruby's Failure.requeue: retried_at is added, "
            + "class and args are enqueued again).")
    static final class Requeue extends Bulk {
        @Override
        String verb() {
            return "requeued";
        }

        @Override
        void single(Failures f) {
            if (sel.list != null) {
                f.requeue(index, sel.list);
            } else {
                f.requeue(index);
            }
        }

        @Override
        BulkResult bulk(Failures f, FailureFilter filter, AtomicBoolean cancelled) {
            return f.requeue(filter, this::progress, cancelled::get);
        }
    }

    /** {@code failed remove}. */
    @Command(name = "remove", description = "Remove failures (Ruby's Failure.remove).")
    static final class Remove extends Bulk {
        @Override
        String verb() {
            return "removed";
        }

        @Override
        void single(Failures f) {
            if (sel.list != null) {
                f.remove(index, sel.list);
            } else {
                f.remove(index);
            }
        }

        @Override
        BulkResult bulk(Failures f, FailureFilter filter, AtomicBoolean cancelled) {
            return f.remove(filter, this::progress, cancelled::get);
        }
    }

    /** {@code failed clear}. */
    @Command(name = "clear", description = "Delete every failure (Failure.clear), or only requeued ones.")
    static final class Clear extends Base {
        @Mixin
        Selection sel;

        @Option(names = "--retried", description = "Only failures that were requeued (Failure.clear_retried).")
        boolean retried;

        @Override
        public Integer call() {
            try (Failures f = Failures.create(config(), sel.backend())) {
                long n = retried ? f.clearRetried().done() : f.clear();
                if (json()) {
                    Output.json(out(), Map.of("removed", n));
                } else {
                    out().println("removed " + n + " failure(s)");
                }
            }
            return Main.OK;
        }
    }
}
