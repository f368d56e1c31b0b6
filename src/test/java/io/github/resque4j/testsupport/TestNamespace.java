package io.github.resque4j.testsupport;

/**
 * A namespace no other test uses.
 *
 * @param name the namespace string
 */
public record TestNamespace(String name) {
    /** @param key a key as Resque names it @return the namespaced key */
    public String key(String key) {
        return name + ":" + key;
    }
}
