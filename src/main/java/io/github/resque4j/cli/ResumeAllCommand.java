package io.github.resque4j.cli;

import picocli.CommandLine.Command;

import io.github.resque4j.admin.Workers;

/** {@code resque4j resume-all}: deletes {@code pause-all-workers}. */
@Command(name = "resume-all", description = "Resume workers paused with pause-all.")
final class ResumeAllCommand extends Base {
    @Override
    public Integer call() {
        try (Workers w = Workers.create(config())) {
            w.resumeAll();
            PauseAllCommand.print(this, w.isPausedAll());
        }
        return Main.OK;
    }
}
