package io.github.resque4j.retry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The job-specific part of the attempt counter's key, resque-retry's {@code retry_identifier(*args)}: the key is
 * {@code resque-retry:<class>:<identifier>}, or {@code resque-retry:<class>} when the identifier is {@code null}.
 * Java and Ruby workers share a job's attempt count only if both compute the same identifier.
 */
@FunctionalInterface
public interface RetryIdentifier {

    /**
     * @param args the job's arguments as decoded from the payload
     * @return the identifier, or {@code null} for none
     */
    String identify(List<Object> args);

    /**
     * resque-retry's default as a Ruby ≤ 3.3 worker started under a UTF-8 locale computes it:
     * {@code Digest::SHA1.hexdigest(args.join('-'))}, or none when the joined string is empty.
     *
     * @return the default identifier
     */
    static RetryIdentifier rubyDefault() {
        return rubyDefault(HashInspect.RUBY_3_3, ExternalEncoding.UTF_8);
    }

    /**
     * resque-retry's default, {@code Digest::SHA1.hexdigest(args.join('-'))} (none when the joined string is
     * empty), for a given Ruby. {@code Array#join} flattens nested arrays and uses {@code to_s} for the rest, so
     * a Hash argument contributes its {@code inspect}, whose spelling depends on the Ruby version and on the
     * worker's locale: those are the two parameters. Strings, numbers, {@code true}/{@code false} and
     * {@code nil} do not depend on them.
     *
     * @param hashInspect how the Ruby workers spell {@code Hash#inspect}
     * @param encoding the Ruby workers' {@code Encoding.default_external}
     * @return the identifier
     */
    static RetryIdentifier rubyDefault(HashInspect hashInspect, ExternalEncoding encoding) {
        Objects.requireNonNull(hashInspect, "hashInspect");
        Objects.requireNonNull(encoding, "encoding");
        RubyInspect ruby = new RubyInspect(hashInspect == HashInspect.RUBY_3_4,
                encoding == ExternalEncoding.US_ASCII);
        return args -> {
            String joined = ruby.join(args, "-");
            if (joined.isEmpty()) {
                return null;
            }
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(joined.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required by every JRE", e);
            }
        };
    }

    /** How the Ruby workers spell {@code Hash#inspect}, which a Hash argument contributes to the identifier. */
    enum HashInspect {
        /** Ruby up to 3.3: {@code {"a"=>1}} (verified against Ruby 3.1). */
        RUBY_3_3,
        /** Ruby 3.4 and later: {@code {"a" => 1}} (Ruby 3.4 NEWS, Bug #20433; not run here). */
        RUBY_3_4
    }

    /**
     * The Ruby workers' {@code Encoding.default_external}: under a US-ASCII one (a process started with
     * {@code LANG=C} or no locale) {@code String#inspect} escapes every non-ASCII character ({@code "\u00E9"}), so
     * a Hash argument holding such text gets another identifier.
     */
    enum ExternalEncoding {
        /** A UTF-8 locale ({@code LANG=C.UTF-8}, {@code en_US.UTF-8}, ...): printable characters kept. */
        UTF_8,
        /** {@code LANG=C} / POSIX: non-ASCII characters escaped in {@code inspect}. */
        US_ASCII
    }
}
