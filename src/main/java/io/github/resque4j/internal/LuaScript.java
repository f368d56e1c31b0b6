package io.github.resque4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * A Lua script run with {@code EVALSHA}, loaded on first use and again after {@code NOSCRIPT} (a restarted
 * or flushed server). Always {@code Mode.READ_WRITE}: {@code EVALSHA_RO} needs Redis 7, many Resque
 * clusters run 5 or 6.
 */
public final class LuaScript {
    private final String text;
    private final String sha;

    /** @param text the script source */
    public LuaScript(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    private static String sha1(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JRE", e);
        }
    }

    /** @return the script's SHA-1 as Redis computes it */
    public String sha() {
        return sha;
    }

    /** @return the script source */
    public String text() {
        return text;
    }

    /**
     * @param redis client
     * @param returnType how to read the reply
     * @param keys KEYS
     * @param args ARGV
     * @param <R> result type
     * @return the script's reply
     */
    public <R> R eval(RedissonClient redis, RScript.ReturnType returnType, List<Object> keys, Object... args) {
        RScript script = redis.getScript(StringCodec.INSTANCE);
        try {
            return script.evalSha(RScript.Mode.READ_WRITE, sha, returnType, keys, args);
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            script.scriptLoad(text);
            return script.evalSha(RScript.Mode.READ_WRITE, sha, returnType, keys, args);
        }
    }
}
