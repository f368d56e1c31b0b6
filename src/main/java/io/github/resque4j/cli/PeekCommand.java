package io.github.resque4j.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import io.github.resque4j.client.ResqueClient;
import io.github.resque4j.json.RubyJson;

/** {@code resque4j peek <queue> [start] [count]}: jobs without removing them (Resque.peek). */
@Command(name = "peek", description = "Show jobs in a queue without removing them (Resque.peek).")
final class PeekCommand extends Base {
    @Parameters(index = "0", paramLabel = "QUEUE")
    String queue;

    @Parameters(index = "1", arity = "0..1", paramLabel = "START", defaultValue = "0")
    int start;

    @Parameters(index = "2", arity = "0..1", paramLabel = "COUNT", defaultValue = "1")
    int count;

    @Override
    public Integer call() {
        if (start < 0 || count < 1) {
            throw new IllegalArgumentException("start must be >= 0 and count >= 1");
        }
        try (ResqueClient client = ResqueClient.create(config())) {
            // Raw texts: a malformed entry written by another client is still shown, not an error.
            List<String> raws = client.peekRaw(queue, start, count);
            if (json()) {
                List<Object> items = new ArrayList<>();
                for (String raw : raws) {
                    try {
                        items.add(RubyJson.jsonGem().decode(raw));
                    } catch (RuntimeException e) {
                        items.add(raw);
                    }
                }
                Output.json(out(), items);
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (int i = 0; i < raws.size(); i++) {
                    rows.add(List.of(String.valueOf(start + i), raws.get(i)));
                }
                Output.table(out(), List.of("INDEX", "PAYLOAD"), rows);
            }
        }
        return Main.OK;
    }
}
