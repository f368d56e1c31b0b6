package io.github.resque4j.cli;

import java.util.Map;

import picocli.CommandLine.Command;

import io.github.resque4j.admin.Workers;

/** {@code resque4j pause-all}: sets {@code pause-all-workers}. */
@Command(name = "pause-all", description = "Pause every Ruby (>= 2.3) and Java worker (pause-all-workers key).")
final class PauseAllCommand extends Base {
    @Override
    public Integer call() {
        try (Workers w = Workers.create(config())) {
            w.pauseAll();
            print(this, w.isPausedAll());
        }
        return Main.OK;
    }

    static void print(Base cmd, boolean paused) {
        if (cmd.json()) {
            Output.json(cmd.out(), Map.of("paused", paused));
        } else {
            cmd.out().println(paused ? "all workers paused" : "workers resumed");
        }
    }
}
