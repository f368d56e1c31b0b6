package io.github.resque4j.worker.registry;

import io.github.resque4j.worker.JobHandler;

/** Security fixture: a JobHandler that cannot be instantiated; its static initializer must not run. */
public abstract class AbstractHandlerWithStaticInit implements JobHandler {
    static {
        StaticInitProbe.ABSTRACT_HANDLER.set(true);
    }
}
