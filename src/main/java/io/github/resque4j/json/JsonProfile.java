package io.github.resque4j.json;

/**
 * Which Ruby JSON stack a {@link RubyJson} reproduces when it encodes. The stacks agree on structure
 * and on most strings and numbers; they differ in how they spell a few floats and characters, and a
 * payload is only byte-identical to Ruby's if the profile matches the stack the Ruby side runs.
 * Decoding is the same for every profile.
 */
public enum JsonProfile {

    /**
     * The {@code json} gem 2.6 (Ruby's bundled JSON, used through MultiJson's {@code json_gem} adapter
     * when {@code oj} is not installed), as in a plain Resque install. Floats are {@code Float#to_s}
     * ({@code 1.0e+15}, {@code -0.0}); {@code <>&} and U+2028/U+2029 are written raw; NaN and the
     * infinities are refused; at most 100 levels of nesting. The default profile.
     */
    JSON_GEM,

    /**
     * The {@code oj} gem 3.14 in {@code mode: :compat}, which MultiJson picks by default whenever
     * {@code oj} is installed. Strings are written as by the json gem; integral floats in the int64
     * range are written in plain digits ({@code 1000000000000000.0}) and {@code -0.0} as {@code 0.0};
     * NaN and the infinities are refused; at most 1000 levels of nesting.
     */
    OJ_COMPAT,

    /**
     * The {@code json} gem 2.6 with ActiveSupport 6.1 loaded, i.e. a Rails app whose MultiJson uses the
     * {@code json_gem} adapter: ActiveSupport's encoder escapes {@code <}, {@code >}, {@code &},
     * U+2028 and U+2029 as {@code \u003c}-style escapes (in keys too) and writes NaN and the
     * infinities as {@code null}. Floats otherwise as {@link #JSON_GEM}.
     */
    ACTIVE_SUPPORT
}
