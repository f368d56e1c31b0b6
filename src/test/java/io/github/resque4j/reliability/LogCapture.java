package io.github.resque4j.reliability;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tees {@code System.err} (where slf4j-simple writes, looking the stream up on every line) into memory, so a
 * test can count log lines per state change. Restores the original stream on close.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private LogCapture() {
        this.original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                original.write(b, off, len);
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** @return the captured lines so far */
    List<String> lines() {
        String all;
        synchronized (buffer) {
            all = buffer.toString(StandardCharsets.UTF_8);
        }
        return new ArrayList<>(List.of(all.split("\n")));
    }

    /** @param p a line filter @return how many captured lines match */
    long count(Predicate<String> p) {
        return lines().stream().filter(p).count();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
