package io.github.resque4j.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Access to the golden data recorded from real Ruby Resque under {@code compat/}.
 */
public final class Compat {
    private Compat() {
    }

    /** @return the {@code compat/} folder of the project */
    public static Path root() {
        Path p = Path.of("compat").toAbsolutePath();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("compat/ not found from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** @param scenario e.g. {@code enqueue} @return the MONITOR transcript's commands */
    public static List<MonitoredCommand> transcript(String scenario) {
        List<MonitoredCommand> out = new ArrayList<>();
        for (String line : lines(root().resolve("wire/monitor/" + scenario + ".txt"))) {
            MonitoredCommand c = MonitoredCommand.parseMonitorLine(line);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** @param scenario e.g. {@code enqueue} @return the final key dump as recorded */
    public static String state(String scenario) {
        return read(root().resolve("wire/state/" + scenario + ".txt"));
    }

    /** @param scenario e.g. {@code enqueue} @return the Ruby script's output */
    public static String log(String scenario) {
        return read(root().resolve("wire/logs/" + scenario + ".log"));
    }

    /** @param relative path under compat/ @return its text */
    public static String file(String relative) {
        return read(root().resolve(relative));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
