package io.github.resque4j.internal;

import java.io.IOException;
import java.util.List;

import io.github.resque4j.ResqueException;
import io.github.resque4j.internal.resp.RespErrorReply;
import io.github.resque4j.internal.resp.RespLink;

/**
 * A hot-path connection of its own for one thread (a worker) or one caller at a time (an enqueue): a script call
 * or a short pipeline goes out in one write and its reply is read on the calling thread. Made by
 * {@link RedisConnection#openDirect()}, with the same endpoint, credentials, database and TLS trust as the
 * pooled client; it dials lazily, re-dials after any failure (resolving the Sentinel master again), and fails
 * with the same exceptions as {@link RedisConnection#call}.
 */
public final class DirectLink implements AutoCloseable {
    /**
     * A link unused this long is checked with a PING first: the server may have closed it meanwhile (a restart,
     * a failover, its idle {@code timeout}). Busy links never wait this long between calls, so the hot path never
     * pays for the check; a link that was closed within this time fails its next call (never re-sent).
     */
    static final long IDLE_CHECK_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    private final RedisConnection owner;
    private final long idleCheckNanos;
    private volatile RespLink link;
    private volatile boolean closed;
    private long lastUsed;

    DirectLink(RedisConnection owner, long idleCheckNanos) {
        this.owner = owner;
        this.idleCheckNanos = idleCheckNanos;
    }

    /**
     * EVALSHA, loading the script once if Redis does not know it.
     *
     * @param what short description of the operation, for messages
     * @param script the script
     * @param keys KEYS
     * @param args ARGV
     * @return the script's reply
     */
    public Object eval(String what, LuaScript script, List<?> keys, List<?> args) {
        try {
            return send(what, l -> l.evalsha(script.sha(), keys, args));
        } catch (RespErrorReply e) {
            if (!"NOSCRIPT".equals(e.code())) {
                throw failed(what, e);
            }
        }
        try {
            send(what, l -> l.call(List.of("SCRIPT", "LOAD", script.text())));
            return send(what, l -> l.evalsha(script.sha(), keys, args));
        } catch (RespErrorReply e) {
            throw failed(what, e);
        }
    }

    /**
     * Several commands in one write (a pipeline, as Ruby's {@code redis.pipelined}).
     *
     * @param what short description of the operation, for messages
     * @param commands the commands
     * @return their replies
     */
    @SuppressWarnings("unchecked")
    public List<Object> pipeline(String what, List<List<String>> commands) {
        try {
            return (List<Object>) send(what, l -> l.pipeline(commands));
        } catch (RespErrorReply e) {
            throw failed(what, e);
        }
    }

    /** One exchange on the link; an error reply passes through, a broken connection becomes unavailable. */
    private interface Exchange {
        Object on(RespLink link) throws IOException;
    }

    private Object send(String what, Exchange exchange) {
        RespLink l = link(what);
        try {
            return exchange.on(l);
        } catch (IOException e) {
            throw broken(what, e);
        }
    }

    private RespLink link(String what) {
        if (closed) {
            throw new ResqueException("connection closed during " + what);
        }
        long now = System.nanoTime();
        try {
            if (link != null && (owner.masterMoved(link) || now - lastUsed > idleCheckNanos && !alive(link))) {
                drop();
            }
            if (link == null) {
                link = owner.dial();
            }
        } catch (IOException | RuntimeException e) {
            throw owner.unavailable(what, e);
        }
        lastUsed = now;
        return link;
    }

    /**
     * A command written to a socket the server already closed is lost without a trace, and re-sending an
     * enqueue is not safe; so an idle link proves itself with a PING (safe to repeat) before real work.
     */
    private static boolean alive(RespLink l) {
        try {
            return "PONG".equals(l.call(List.of("PING")));
        } catch (IOException | RespErrorReply e) {
            return false;
        }
    }

    private RuntimeException broken(String what, IOException e) {
        drop();
        return owner.unavailable(what, e);
    }

    private RuntimeException failed(String what, RespErrorReply e) {
        switch (e.code()) {
            // The node we reached cannot serve writes now (a demoted master after a failover, a replica that is
            // still loading): dial again later, through the Sentinel's current answer.
            case "READONLY", "LOADING", "MASTERDOWN", "TRYAGAIN" -> {
                drop();
                return owner.unavailable(what, e);
            }
            default -> {
                return new ResqueException("Redis error during " + what + " at " + owner.endpoint() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private void drop() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    /**
     * Closes the socket if it leads to {@code addr} (the pool left that node): a call in progress fails as
     * unavailable, the next one dials again.
     */
    void abandonIfTo(java.net.InetSocketAddress addr) {
        RespLink l = link;
        if (l != null && l.remotePort() == addr.getPort()
                && java.util.Objects.equals(l.remoteAddress(), addr.getAddress())) {
            l.close();
        }
    }

    /** Closes the socket; a call in progress on another thread fails with {@code RedisUnavailableException}. */
    @Override
    public void close() {
        closed = true;
        RespLink l = link;
        if (l != null) {
            l.close();
        }
        owner.forget(this);
    }
}
