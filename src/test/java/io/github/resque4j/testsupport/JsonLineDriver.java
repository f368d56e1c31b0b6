package io.github.resque4j.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resque4j.json.RubyJson;

/**
 * The line protocol of the Ruby fixture drivers: one JSON array per line in ({@code ["command", args…]}), one
 * JSON object per line out ({@code {"ok": result}} or {@code {"error": "Class: message"}}).
 */
public final class JsonLineDriver {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final Supplier<String> diagnostics;
    private final RubyJson json = RubyJson.jsonGem();

    /**
     * @param process the driver process
     * @param diagnostics what to add to an error when the driver exits (e.g. the tail of its stderr)
     */
    public JsonLineDriver(Process process, Supplier<String> diagnostics) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.diagnostics = diagnostics;
    }

    /**
     * @param command command name
     * @param args arguments (JSON-encodable)
     * @return the decoded result
     * @throws IllegalStateException carrying Ruby's exception class and message, or the driver's exit
     */
    public Object call(String command, Object... args) {
        List<Object> line = new ArrayList<>();
        line.add(command);
        line.addAll(Arrays.asList(args));
        try {
            in.write(json.encode(line));
            in.write('\n');
            in.flush();
            String reply = out.readLine();
            if (reply == null) {
                throw new IllegalStateException("Ruby driver exited (code " + waitExit() + ")" + diagnostics.get());
            }
            Map<String, Object> m = json.decodeObject(reply);
            if (m.containsKey("error")) {
                throw new IllegalStateException("Ruby: " + m.get("error"));
            }
            return m.get("ok");
        } catch (IOException e) {
            throw new UncheckedIOException("Ruby driver" + diagnostics.get(), e);
        }
    }

    private int waitExit() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Closes stdin (the driver exits), then kills it if it does not. */
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the process may be gone
        }
        if (waitExit() == -1) {
            process.destroyForcibly();
        }
    }
}
