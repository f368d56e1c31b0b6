package io.github.resque4j;

/**
 * Checks for the names Resque puts into keys and worker ids. Ruby validates nothing, but a queue name with
 * {@code :} or {@code ,} makes every Ruby worker id that lists it unparseable (WIRE.md §6.1).
 */
public final class Names {
    private Names() {
    }

    /**
     * @param queue a queue name
     * @return the same name
     * @throws InvalidNameException if null, empty, or containing {@code :} or {@code ,}
     */
    public static String requireQueue(String queue) {
        if (queue == null || queue.isEmpty()) {
            throw new InvalidNameException("queue name must not be " + (queue == null ? "null" : "empty"));
        }
        if (queue.indexOf(':') >= 0 || queue.indexOf(',') >= 0) {
            throw new InvalidNameException("queue name '" + queue
                    + "' contains ':' or ',', which break Ruby Resque's worker ids (host:pid:queue1,queue2)");
        }
        return queue;
    }

    /**
     * @param className a Ruby class name
     * @return the same name
     * @throws InvalidNameException if null or blank
     */
    public static String requireClassName(String className) {
        if (className == null || className.isBlank()) {
            throw new InvalidNameException("job class name must not be " + (className == null ? "null" : "empty"));
        }
        return className;
    }
}
