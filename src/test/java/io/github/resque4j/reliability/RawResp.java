package io.github.resque4j.reliability;

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

import io.github.resque4j.testsupport.RespClient;

/**
 * A byte-exact RESP2 client for the reliability tests: arguments and bulk replies are {@code byte[]}, so a
 * test can write bytes that are not UTF-8 and read back exactly what Redis stores (the shared
 * {@code RespClient} speaks UTF-8 strings only). Replies: simple string → String, integer → Long, bulk →
 * byte[], array → List, nil → null, error → {@link IllegalStateException}.
 */
final class RawResp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawResp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
    }

    static RawResp connect(String host, int port) {
        try {
            Socket s = new Socket(host, port);
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000);
            return new RawResp(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[][] cmd(Object... parts) {
        byte[][] out = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i] instanceof byte[] b ? b : utf8(String.valueOf(parts[i]));
        }
        return out;
    }

    /** @param parts command words: String (sent as UTF-8) or byte[] (sent as is) @return the reply */
    Object call(Object... parts) {
        return pipeline(List.<byte[][]>of(cmd(parts))).get(0);
    }

    /** @param parts command words @return the bulk reply as a UTF-8 string (or null) */
    String callString(Object... parts) {
        Object r = call(parts);
        return r == null ? null : r instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : r.toString();
    }

    /** @param key a list key @return LRANGE 0 -1, byte-exact */
    @SuppressWarnings("unchecked")
    List<byte[]> list(String key) {
        List<Object> items = (List<Object>) call("LRANGE", key, "0", "-1");
        List<byte[]> out = new ArrayList<>(items.size());
        for (Object o : items) {
            out.add((byte[]) o);
        }
        return out;
    }

    /** Writes all commands, then reads all replies (one round trip). */
    List<Object> pipeline(List<byte[][]> commands) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[][] args : commands) {
                RespClient.encode(args, b);
            }
            out.write(b.toByteArray());
            out.flush();
            List<Object> replies = new ArrayList<>(commands.size());
            IllegalStateException error = null;
            for (int i = 0; i < commands.size(); i++) {
                try {
                    replies.add(read());
                } catch (IllegalStateException e) {
                    error = error == null ? e : error;
                    replies.add(e);
                }
            }
            if (error != null) {
                throw error;
            }
            return replies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object read() throws IOException {
        try {
            return RespClient.readReply(in, true);
        } catch (RespClient.RespError e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // test connection
        }
    }
}
