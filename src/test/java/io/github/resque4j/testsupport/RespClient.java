package io.github.resque4j.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.resque4j.testing.RedisServer;

/**
 * A minimal RESP2 client for tests: independent of the code under test, so assertions about Redis state do
 * not trust Redisson or resque4j. Replies: simple string / bulk → String, integer → Long, array → List,
 * nil → null, error → {@link RespError}.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** @param host host @param port port @return a connected client */
    public static RespClient connect(String host, int port) {
        try {
            Socket s = new Socket(host, port);
            s.setTcpNoDelay(true);
            return new RespClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param server the server @return a connected client */
    public static RespClient connect(RedisServer server) {
        return connect(server.host(), server.port());
    }

    /**
     * Synchronized: tests share one client between the test thread, Awaitility's poller and job handlers, and a
     * request and its reply must not interleave with another's.
     *
     * @param args command and arguments
     * @return the reply
     */
    public synchronized Object call(String... args) {
        send(args);
        return read();
    }

    /** @param args command and arguments (written, reply not read) */
    public void send(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            encode(bytes, b);
            out.write(b.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends one command as a RESP array of bulk strings.
     *
     * @param args command and arguments, as bytes
     * @param b where
     */
    public static void encode(byte[][] args, ByteArrayOutputStream b) {
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.write('\r');
            b.write('\n');
        }
    }

    /** @return the next reply */
    public Object read() {
        try {
            return readReply(in, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one RESP2 reply.
     *
     * @param in the stream
     * @param bulkAsBytes return bulk strings as {@code byte[]} (byte-exact) instead of UTF-8 strings
     * @return simple string → String, integer → Long, bulk → String or byte[], array → List, nil → null
     * @throws RespError for an error reply
     * @throws IOException if the stream ends or is not RESP
     */
    public static Object readReply(InputStream in, boolean bulkAsBytes) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RespError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(len);
                in.readNBytes(2);
                return bulkAsBytes ? data : new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(readReply(in, bulkAsBytes));
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + (char) type);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    /** @param millis read timeout, 0 = none */
    public void soTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection
        }
    }

    /** A Redis error reply. */
    public static final class RespError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RespError(String message) {
            super(message);
        }
    }
}
