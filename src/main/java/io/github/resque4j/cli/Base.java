package io.github.resque4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.github.resque4j.config.ResqueConfig;
import io.github.resque4j.json.RubyJson;

/** Shared plumbing of the subcommands: the root's options, output streams, JSON argument parsing. */
abstract class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    Resque4jCommand root() {
        return (Resque4jCommand) spec.root().userObject();
    }

    ResqueConfig config() {
        return root().config();
    }

    boolean json() {
        return root().json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * @param text JSON given on the command line
     * @return its elements
     * @throws IllegalArgumentException naming the problem if it is not a JSON array
     */
    static List<Object> jsonArgs(String text) {
        Object v;
        try {
            v = RubyJson.jsonGem().decode(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("job args are not valid JSON (" + e.getMessage()
                    + "); give a JSON array such as '[1,\"two\",{\"three\":3}]'");
        }
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("job args must be a JSON array such as '[1,\"two\"]', got: " + text);
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) v;
        return list;
    }
}
