package io.github.resque4j.json;

import io.github.resque4j.JsonEncodingException;
import io.github.resque4j.PayloadFormatException;

import java.util.Map;
import java.util.Objects;

/**
 * JSON exactly as Ruby writes it, so payloads enqueued from Java are byte-identical to those written
 * by {@code Resque.enqueue} on the chosen {@link JsonProfile}: compact, keys in insertion order, UTF-8
 * written raw, Ruby's float spellings ({@code 1.0e+20}, {@code 0.1}, {@code -0.0}).
 *
 * <p>Encodable values: {@code null}; Boolean; String, CharSequence and Character; Integer, Long,
 * Short, Byte, BigInteger, AtomicInteger, AtomicLong; Double and Float (a Float is taken through its
 * own decimal string, so {@code 0.1f} is written {@code 0.1}); enums (as their {@code name()}, like a
 * Ruby Symbol); any Map (keys via {@code String.valueOf}, a null key as {@code ""}, an enum key as its
 * name); Lists, other Iterables, Object arrays and primitive arrays; records (an object of their
 * components in declaration order). Anything else, BigDecimal included, is refused rather than guessed
 * at.
 *
 * <p>Decoding is the same for every profile; see {@link #decode(String)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RubyJson {

    private static final RubyJson JSON_GEM = new RubyJson(JsonProfile.JSON_GEM);
    private static final RubyJson OJ_COMPAT = new RubyJson(JsonProfile.OJ_COMPAT);
    private static final RubyJson ACTIVE_SUPPORT = new RubyJson(JsonProfile.ACTIVE_SUPPORT);

    private final JsonProfile profile;
    private final EncodingRules rules;

    private RubyJson(JsonProfile profile) {
        this.profile = profile;
        this.rules = EncodingRules.forProfile(profile);
    }

    /**
     * Returns the codec for a Ruby JSON stack.
     *
     * @param profile the stack the Ruby side of the queue runs
     * @return a shared, immutable instance
     */
    public static RubyJson of(JsonProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return switch (profile) {
            case JSON_GEM -> JSON_GEM;
            case OJ_COMPAT -> OJ_COMPAT;
            case ACTIVE_SUPPORT -> ACTIVE_SUPPORT;
        };
    }

    /**
     * Returns the codec for the json gem, the default profile.
     *
     * @return {@code of(JsonProfile.JSON_GEM)}
     */
    public static RubyJson jsonGem() {
        return JSON_GEM;
    }

    /**
     * Returns the Ruby JSON stack this codec reproduces.
     *
     * @return the profile given to {@link #of(JsonProfile)}
     */
    public JsonProfile profile() {
        return profile;
    }

    /**
     * Encodes a value as compact JSON, byte-for-byte as this profile's Ruby stack would.
     *
     * @param value a value of one of the types listed on this class
     * @return the JSON text
     * @throws JsonEncodingException for NaN or Infinity (except under {@link JsonProfile#ACTIVE_SUPPORT}),
     *     a lone surrogate, a cycle, nesting deeper than Ruby allows, or an unsupported type; the
     *     message names the offending value and its path, e.g. {@code args[2].price}
     */
    public String encode(Object value) {
        StringBuilder out = new StringBuilder(64);
        JsonWriter.write(value, out, rules);
        return out.toString();
    }

    /**
     * Appends the encoding of a value to a builder, as {@link #encode(Object)} would return it.
     *
     * @param value a value of one of the types listed on this class
     * @param out receives the JSON text; left as it was if encoding fails
     * @throws JsonEncodingException as {@link #encode(Object)} does
     */
    public void encodeTo(Object value, StringBuilder out) {
        Objects.requireNonNull(out, "out");
        int mark = out.length();
        try {
            JsonWriter.write(value, out, rules);
        } catch (RuntimeException e) {
            out.setLength(mark); // never leave half a document behind
            throw e;
        }
    }

    /**
     * Parses JSON text. Objects become {@code LinkedHashMap<String, Object>} in document order (for a
     * repeated key, the first position and the last value, as a Ruby Hash keeps them), arrays
     * {@code ArrayList<Object>}, integers Integer, Long or BigInteger (the smallest that holds every
     * digit), other numbers Double (whatever the spelling: {@code 1E2} is 100.0; one too large for a
     * double is Infinity, as in Ruby), and true, false and null Boolean and {@code null}.
     *
     * @param json the text, e.g. a payload read from Redis
     * @return the value
     * @throws PayloadFormatException if the text is null, empty, not valid JSON (NaN and Infinity
     *     included) or has anything after the value; its {@code rawPayload()} is {@code json}
     */
    public Object decode(String json) {
        return JsonReader.read(json);
    }

    /**
     * Parses JSON text whose top-level value must be an object, as every Resque payload is.
     *
     * @param json the text, e.g. a payload read from Redis
     * @return the object's members, in document order, decoded as by {@link #decode(String)}
     * @throws PayloadFormatException as {@link #decode(String)} does, or if the value is not an object
     */
    public Map<String, Object> decodeObject(String json) {
        return JsonReader.readObject(json);
    }

    /**
     * Ruby's {@code Float#to_s}: the shortest digits that read back as {@code d} (the nearest such
     * digits, ties to even), in plain notation for 1e-4 &lt;= |d| &lt; 1e15 ({@code 0.1}, {@code 100.0},
     * {@code 123456789.12345679}) or when a fraction digit remains below 1e16 ({@code 1234567890123456.8}),
     * otherwise as {@code 1.0e+15} or {@code 1.5e-07}; {@code -0.0} keeps its sign. NaN and the infinities give
     * Ruby's {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}, which are not JSON.
     *
     * @param d any double
     * @return the string Ruby would print for the same Float
     */
    public static String rubyFloatToS(double d) {
        return RubyFloatFormat.toS(d);
    }

    /** @return e.g. {@code RubyJson[JSON_GEM]} */
    @Override
    public String toString() {
        return "RubyJson[" + profile + "]";
    }
}
