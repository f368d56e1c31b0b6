package io.github.resque4j.activejob;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Ruby {@code Hash} argument with what ActiveJob records about its keys: which keys were symbols, and whether
 * the hash was a method's keyword arguments or a {@code HashWithIndifferentAccess}. As a {@code Map} it is keyed
 * by the key names (a symbol key {@code :a} is {@code "a"}), in Ruby's order, unmodifiable, {@code null} values
 * allowed; {@link #kind()} and {@link #symbolKeys()} carry the rest, so re-encoding gives Ruby's bytes.
 *
 * <p>ActiveJob writes one marker key last:
 * <ul>
 *   <li>{@code "_aj_symbol_keys":["a"]} for an ordinary hash (an empty list when all keys are strings),</li>
 *   <li>{@code "_aj_ruby2_keywords":["b"]} for keyword arguments ({@code perform_later(1, b: 2)}), which Ruby
 *       passes to {@code perform} as keywords again,</li>
 *   <li>{@code "_aj_hash_with_indifferent_access":true} for a {@code HashWithIndifferentAccess} (all keys
 *       strings).</li>
 * </ul>
 *
 * <p>Equality is the {@code Map} contract's (entries only); compare {@link #kind()} and {@link #symbolKeys()}
 * when they matter.
 */
public final class RubyHash extends AbstractMap<String, Object> {

    /** What ActiveJob recorded about a hash. */
    public enum Kind {
        /** {@code _aj_symbol_keys}: an ordinary Hash; the listed keys are symbols, the others strings. */
        SYMBOL_KEYS("_aj_symbol_keys"),
        /** {@code _aj_ruby2_keywords}: keyword arguments; the listed keys are symbols. */
        RUBY2_KEYWORDS("_aj_ruby2_keywords"),
        /** {@code _aj_hash_with_indifferent_access}: a {@code HashWithIndifferentAccess}, string keys. */
        INDIFFERENT_ACCESS("_aj_hash_with_indifferent_access"),
        /** No marker (never written by ActiveJob; read as a Hash with string keys). */
        PLAIN(null);

        private final String marker;

        Kind(String marker) {
            this.marker = marker;
        }

        /** @return the marker key ActiveJob writes, {@code null} for {@link #PLAIN} */
        public String marker() {
            return marker;
        }
    }

    private final Map<String, Object> entries;
    private final Kind kind;
    private final List<String> symbolKeys;

    private RubyHash(Map<String, ?> entries, Kind kind, Collection<String> symbolKeys) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.kind = Objects.requireNonNull(kind, "kind");
        List<String> symbols = new ArrayList<>(symbolKeys);
        symbols.forEach(k -> Objects.requireNonNull(k, "symbol key"));
        if ((kind == Kind.INDIFFERENT_ACCESS || kind == Kind.PLAIN) && !symbols.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " hash has no symbol keys, got " + symbols);
        }
        this.symbolKeys = Collections.unmodifiableList(symbols);
        this.entries.keySet().forEach(k -> Objects.requireNonNull(k, "a Ruby hash key (ActiveJob allows only "
                + "strings and symbols)"));
    }

    /**
     * A hash whose keys are all symbols, e.g. Ruby's {@code {id: 1, name: "x"}}.
     *
     * @param entries keys and values, in order
     * @return the hash
     */
    public static RubyHash withSymbolKeys(Map<String, ?> entries) {
        return new RubyHash(entries, Kind.SYMBOL_KEYS, entries.keySet());
    }

    /**
     * A hash whose keys are all strings, e.g. Ruby's {@code {"id" => 1}} (ActiveJob writes
     * {@code "_aj_symbol_keys":[]}). Any other {@code Map} argument is encoded the same way.
     *
     * @param entries keys and values, in order
     * @return the hash
     */
    public static RubyHash withStringKeys(Map<String, ?> entries) {
        return new RubyHash(entries, Kind.SYMBOL_KEYS, List.of());
    }

    /**
     * Keyword arguments, all keys symbols: as the last argument, Ruby's {@code perform} receives them as
     * keywords ({@code def perform(id, notify: false)}).
     *
     * @param entries keyword names and values, in order
     * @return the hash
     */
    public static RubyHash keywords(Map<String, ?> entries) {
        return new RubyHash(entries, Kind.RUBY2_KEYWORDS, entries.keySet());
    }

    /**
     * A {@code HashWithIndifferentAccess} (e.g. Rails {@code params}).
     *
     * @param entries keys and values, in order
     * @return the hash
     */
    public static RubyHash indifferent(Map<String, ?> entries) {
        return new RubyHash(entries, Kind.INDIFFERENT_ACCESS, List.of());
    }

    /**
     * Any hash ActiveJob can write.
     *
     * @param kind what the marker says
     * @param entries keys and values, in order
     * @param symbolKeys the keys that are symbols, in the order the marker lists them (may name absent keys, as
     *     a marker written by hand may); must be empty for {@link Kind#INDIFFERENT_ACCESS} and {@link Kind#PLAIN}
     * @return the hash
     * @throws IllegalArgumentException if symbol keys are given for a kind that has none
     */
    public static RubyHash of(Kind kind, Map<String, ?> entries, Collection<String> symbolKeys) {
        return new RubyHash(entries, kind, symbolKeys);
    }

    /** @return what ActiveJob recorded about this hash */
    public Kind kind() {
        return kind;
    }

    /** @return whether this hash holds keyword arguments ({@code _aj_ruby2_keywords}) */
    public boolean isKeywords() {
        return kind == Kind.RUBY2_KEYWORDS;
    }

    /** @return the symbol keys as the marker lists them, unmodifiable */
    public List<String> symbolKeys() {
        return symbolKeys;
    }

    /**
     * @param key a key name
     * @return whether Ruby sees this key as a symbol
     */
    public boolean isSymbolKey(String key) {
        return symbolKeys.contains(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    /** @return Ruby's {@code inspect}-like spelling, e.g. {@code {:a=>1, "b"=>2}} */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (Entry<String, Object> e : entries.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(isSymbolKey(e.getKey()) ? ":" + e.getKey() : '"' + e.getKey() + '"').append("=>")
                    .append(e.getValue() == null ? "nil"
                            : e.getValue() instanceof String ? '"' + (String) e.getValue() + '"' : e.getValue());
        }
        return out.append('}').toString();
    }
}
