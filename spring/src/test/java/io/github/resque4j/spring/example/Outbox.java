package io.github.resque4j.spring.example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Where the example's jobs leave their traces (a real application would send mail, write reports...). */
@Component
public class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private final List<String> done = new CopyOnWriteArrayList<>();

    /** @param what a finished piece of work */
    public void record(String what) {
        LOG.info("done: {}", what);
        done.add(what);
    }

    /** @return everything done so far */
    public List<String> done() {
        return List.copyOf(done);
    }
}
