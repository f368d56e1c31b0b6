package io.github.resque4j.activejob;

import java.util.Objects;

/**
 * A Ruby {@code Symbol} argument. ActiveJob writes it as
 * {@code {"_aj_serialized":"ActiveJob::Serializers::SymbolSerializer","value":"name"}} and gives the job
 * {@code :name} back. (A symbol used as a <em>hash key</em> is not a {@code RubySymbol}: see {@link RubyHash}.)
 *
 * @param name the symbol's name, without the colon; may be empty ({@code :""})
 */
public record RubySymbol(String name) {

    /** @throws NullPointerException if {@code name} is null */
    public RubySymbol {
        Objects.requireNonNull(name, "name");
    }

    /**
     * @param name the symbol's name, without the colon
     * @return the symbol
     */
    public static RubySymbol of(String name) {
        return new RubySymbol(name);
    }

    /** @return {@code :name}, as Ruby's {@code inspect} writes a simple symbol */
    @Override
    public String toString() {
        return ":" + name;
    }
}
