package io.github.resque4j.worker.registry;

/**
 * Security fixture: in an allowed package but not a JobHandler. Its static initializer stands for a
 * gadget's side effect and must never run when a payload names it. Referenced by name only.
 */
public class NotAHandlerWithStaticInit {
    static {
        StaticInitProbe.NOT_A_HANDLER.set(true);
    }
}
