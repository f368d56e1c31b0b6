package io.github.resque4j.internal.resp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One blocking RESP2 connection, used by one thread at a time. A call is one write and one read on the caller's
 * thread: no event loop to hand the command to and no future to wake the caller, which is where a pooled
 * asynchronous client spends most of a short command's time. After an {@link IOException} the link is broken
 * (a reply may still be in flight) and must be closed.
 *
 * <p>Replies: simple strings and bulk strings as {@link String} (UTF-8, malformed bytes replaced, as the pooled
 * client's string codec does), integers as {@link Long}, arrays as {@link List}, nil as {@code null}; an error
 * reply throws {@link RespErrorReply}.
 */
public final class RespLink implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** Reused for every number written, and for bulk-string reads of moderate size. */
    private final byte[] scratch = new byte[24];
    private byte[] bulk = new byte[1024];

    /**
     * @param socket a connected socket (plain or TLS), owned by the link from now on
     * @throws IOException if its streams cannot be opened
     */
    public RespLink(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /**
     * Sends one command and reads its reply.
     *
     * @param args command name and arguments
     * @return the reply
     * @throws IOException if the connection fails or times out (the link is then unusable)
     * @throws RespErrorReply if Redis answers with an error (the link stays usable)
     */
    public Object call(List<String> args) throws IOException {
        write(args);
        out.flush();
        return read();
    }

    /**
     * Sends several commands in one write and reads their replies in order (a pipeline; not a transaction).
     * Every reply is read even when one is an error, so the link stays in step; the first error is then thrown.
     *
     * @param commands commands, each its name and arguments
     * @return the replies in order
     * @throws IOException if the connection fails or times out (the link is then unusable)
     * @throws RespErrorReply if a reply is an error
     */
    public List<Object> pipeline(List<List<String>> commands) throws IOException {
        for (List<String> c : commands) {
            write(c);
        }
        out.flush();
        List<Object> replies = new ArrayList<>(commands.size());
        RespErrorReply first = null;
        for (int i = 0; i < commands.size(); i++) {
            try {
                replies.add(read());
            } catch (RespErrorReply e) {
                first = first == null ? e : first;
                replies.add(null);
            }
        }
        if (first != null) {
            throw first;
        }
        return replies;
    }

    /**
     * {@code EVALSHA sha numkeys keys... args...}, written straight from the caller's lists (no command list is
     * built per call).
     *
     * @param sha the script's SHA-1
     * @param keys KEYS (each written as its {@code toString()})
     * @param args ARGV (each written as its {@code toString()})
     * @return the reply
     * @throws IOException if the connection fails or times out (the link is then unusable)
     * @throws RespErrorReply if Redis answers with an error, e.g. {@code NOSCRIPT}
     */
    public Object evalsha(String sha, List<?> keys, List<?> args) throws IOException {
        out.write('*');
        writeNumber(3L + keys.size() + args.size());
        writeArg("EVALSHA");
        writeArg(sha);
        writeArg(Integer.toString(keys.size()));
        for (Object k : keys) {
            writeArg(k.toString());
        }
        for (Object a : args) {
            writeArg(a.toString());
        }
        out.flush();
        return read();
    }

    private void write(List<String> args) throws IOException {
        out.write('*');
        writeNumber(args.size());
        for (String a : args) {
            writeArg(a);
        }
    }

    private void writeArg(String a) throws IOException {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        out.write('$');
        writeNumber(b.length);
        out.write(b);
        out.write(CRLF);
    }

    private void writeNumber(long n) throws IOException {
        // Long.toString(n).getBytes() would allocate two objects per number; there are two numbers per argument.
        int pos = scratch.length;
        boolean negative = n < 0;
        long v = negative ? -n : n;
        do {
            scratch[--pos] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        if (negative) {
            scratch[--pos] = '-';
        }
        out.write(scratch, pos, scratch.length - pos);
        out.write(CRLF);
    }

    private Object read() throws IOException {
        int type = in.read();
        switch (type) {
            case '+':
                return readLine();
            case '-':
                throw new RespErrorReply(readLine());
            case ':':
                return readLong();
            case '$': {
                long len = readLong();
                return len < 0 ? null : readBulk((int) len);
            }
            case '*': {
                long n = readLong();
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) {
                    try {
                        items.add(read());
                    } catch (RespErrorReply e) {
                        items.add(e); // an error inside an array (EXEC) is a value, not the end of the reply
                    }
                }
                return items;
            }
            case -1:
                throw new EOFException("connection closed by Redis");
            default:
                throw new IOException("not a RESP reply (type byte " + type + ")");
        }
    }

    private String readLine() throws IOException {
        // Status and error lines are short; an error may quote a script or key in UTF-8.
        int len = 0;
        int c;
        while ((c = in.read()) != '\r') {
            if (c == -1) {
                throw new EOFException("connection closed by Redis");
            }
            if (len == bulk.length) {
                bulk = Arrays.copyOf(bulk, len * 2);
            }
            bulk[len++] = (byte) c;
        }
        expect('\n');
        return new String(bulk, 0, len, StandardCharsets.UTF_8);
    }

    private long readLong() throws IOException {
        long v = 0;
        boolean negative = false;
        int c = in.read();
        if (c == '-') {
            negative = true;
            c = in.read();
        }
        while (c != '\r') {
            if (c < '0' || c > '9') {
                throw c == -1 ? new EOFException("connection closed by Redis")
                        : new IOException("not a RESP number (byte " + c + ")");
            }
            v = v * 10 + (c - '0');
            c = in.read();
        }
        expect('\n');
        return negative ? -v : v;
    }

    private String readBulk(int len) throws IOException {
        if (bulk.length < len) {
            bulk = new byte[Math.max(len, bulk.length * 2)];
        }
        int off = 0;
        while (off < len) {
            int r = in.read(bulk, off, len - off);
            if (r < 0) {
                throw new EOFException("connection closed by Redis");
            }
            off += r;
        }
        expect('\r');
        expect('\n');
        String s = new String(bulk, 0, len, StandardCharsets.UTF_8);
        if (bulk.length > 64 * 1024) {
            bulk = new byte[1024]; // one large payload should not pin a large buffer for the link's life
        }
        return s;
    }

    private void expect(int b) throws IOException {
        int c = in.read();
        if (c != b) {
            throw c == -1 ? new EOFException("connection closed by Redis")
                    : new IOException("malformed RESP reply (expected byte " + b + ", got " + c + ")");
        }
    }

    /** @return the address the link is connected to */
    public java.net.InetAddress remoteAddress() {
        return socket.getInetAddress();
    }

    /** @return the port the link is connected to */
    public int remotePort() {
        return socket.getPort();
    }

    /** Closes the socket; a thread blocked in a read gets an {@link IOException}. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket: nothing left to release
        }
    }

    @Override
    public String toString() {
        return "RespLink" + Arrays.asList(remoteAddress(), remotePort());
    }
}
