package io.github.resque4j.cli;

import picocli.CommandLine.Command;

import io.github.resque4j.examples.WorkerExample;

/**
 * {@code resque4j demo}: the README's main job, end to end against a Redis — enqueue example jobs as Ruby
 * would, work them on Java workers registered in Resque, then show {@code info} and the newest failures.
 */
@Command(name = "demo", description = "Enqueue example jobs, work them on Java workers, show info and failures.")
final class DemoCommand extends Base {
    @Override
    public Integer call() throws Exception {
        WorkerExample.run(config(), out(), false);
        String[] conn = {"--redis", root().redis, "--namespace", root().namespace};
        out().println();
        out().println("$ resque4j info");
        out().flush();
        Main.run(concat(new String[] {"info"}, conn), out(), err());
        out().println();
        out().println("$ resque4j failed list --limit 3");
        out().flush();
        Main.run(concat(new String[] {"failed", "list", "--limit", "3"}, conn), out(), err());
        return Main.OK;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
