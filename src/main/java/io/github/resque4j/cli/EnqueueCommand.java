package io.github.resque4j.cli;

import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import io.github.resque4j.Job;
import io.github.resque4j.client.ResqueClient;

/** {@code resque4j enqueue <queue> <class> [json-args]}: Ruby's {@code Resque.enqueue_to}. */
@Command(name = "enqueue", description = "Enqueue a job exactly as Ruby's Resque.enqueue_to would.")
final class EnqueueCommand extends Base {
    @Parameters(index = "0", paramLabel = "QUEUE")
    String queue;

    @Parameters(index = "1", paramLabel = "CLASS", description = "Ruby class name, e.g. Mailer::Deliver")
    String className;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON-ARGS", defaultValue = "[]",
            description = "Arguments as a JSON array, e.g. '[42,\"welcome\"]'")
    String args;

    @Override
    public Integer call() {
        List<Object> list = jsonArgs(args);
        try (ResqueClient client = ResqueClient.create(config())) {
            Job job = new Job(className, list);
            client.enqueue(queue, job);
            if (json()) {
                Output.json(out(), Map.of("queue", queue, "payload", job.toPayload()));
            } else {
                out().println("enqueued on " + queue + ": " + client.json().encode(job.toPayload()));
            }
        }
        return Main.OK;
    }
}
