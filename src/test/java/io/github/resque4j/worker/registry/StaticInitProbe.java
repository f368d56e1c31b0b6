package io.github.resque4j.worker.registry;

import java.util.concurrent.atomic.AtomicBoolean;

/** Flags flipped by fixtures' static initializers; kept apart so reading them initializes nothing else. */
public final class StaticInitProbe {
    /** Set by {@link NotAHandlerWithStaticInit}'s static initializer. */
    public static final AtomicBoolean NOT_A_HANDLER = new AtomicBoolean();
    /** Set by {@link AbstractHandlerWithStaticInit}'s static initializer. */
    public static final AtomicBoolean ABSTRACT_HANDLER = new AtomicBoolean();

    private StaticInitProbe() {
    }
}
