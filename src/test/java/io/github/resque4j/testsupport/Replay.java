package io.github.resque4j.testsupport;

import java.util.ArrayList;
import java.util.List;

/** Helpers to move recorded Ruby commands into a test namespace and back. */
public final class Replay {
    private Replay() {
    }

    /**
     * Runs recorded commands against Redis with the {@code resque:} namespace replaced.
     *
     * @param raw connection
     * @param commands recorded commands
     * @param namespace the test's namespace
     */
    public static void run(RespClient raw, List<MonitoredCommand> commands, String namespace) {
        for (MonitoredCommand c : commands) {
            List<String> argv = new ArrayList<>();
            argv.add(c.name());
            for (String a : c.args()) {
                argv.add(a.startsWith("resque:") ? namespace + a.substring("resque".length()) : a);
            }
            raw.call(argv.toArray(new String[0]));
        }
    }

    /**
     * @param commands commands recorded from a Java run
     * @param namespace the namespace that run used
     * @return the same commands spelled with Ruby's default namespace, for comparison with a transcript
     */
    public static List<String> asRuby(List<MonitoredCommand> commands, String namespace) {
        List<String> out = new ArrayList<>();
        String prefix = namespace + ":";
        for (MonitoredCommand c : commands) {
            out.add(c.map(s -> s.startsWith(prefix) ? "resque:" + s.substring(prefix.length()) : s).toString());
        }
        return out;
    }

    /** @param commands recorded commands @return their transcript spelling */
    public static List<String> spelled(List<MonitoredCommand> commands) {
        List<String> out = new ArrayList<>();
        for (MonitoredCommand c : commands) {
            out.add(c.toString());
        }
        return out;
    }
}
