package io.github.resque4j.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Where probe classes record that their static initializer ran; outside the allow-listed package. */
public final class ProbeLog {
    /** Simple names of probe classes whose static initializer ran. */
    public static final Set<String> INITIALIZED = ConcurrentHashMap.newKeySet();

    private ProbeLog() {
    }
}
