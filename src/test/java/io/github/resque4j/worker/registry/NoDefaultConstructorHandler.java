package io.github.resque4j.worker.registry;

import io.github.resque4j.worker.JobContext;
import io.github.resque4j.worker.JobHandler;

/** Allow-list fixture: needs a custom instantiator (as a DI container would provide). */
public class NoDefaultConstructorHandler implements JobHandler {
    private final String greeting;

    /** @param greeting injected dependency */
    public NoDefaultConstructorHandler(String greeting) {
        this.greeting = greeting;
    }

    /** @return the injected dependency */
    public String greeting() {
        return greeting;
    }

    @Override
    public void perform(JobContext job) {
    }
}
