package io.github.resque4j.internal.worker;

import java.lang.reflect.Method;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads: virtual when asked for and the JVM has them (Java 21+, found by reflection since the library
 * targets Java 17), platform threads otherwise.
 */
final class WorkerThreads {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerThreads.class);

    private WorkerThreads() {
    }

    static Thread create(Runnable task, String name, boolean virtual) {
        if (virtual) {
            try {
                Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                Class<?> builderType = Class.forName("java.lang.Thread$Builder");
                Method named = builderType.getMethod("name", String.class);
                Method unstarted = builderType.getMethod("unstarted", Runnable.class);
                return (Thread) unstarted.invoke(named.invoke(builder, name), task);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.info("virtual threads need Java 21+ (running {}): using a platform thread for {}",
                        System.getProperty("java.version"), name);
            }
        }
        return new Thread(task, name);
    }
}
