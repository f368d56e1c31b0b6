package io.github.resque4j.json;

/**
 * The few points where the {@link JsonProfile}s differ, so {@link JsonWriter} has a single code path.
 *
 * @param htmlSafe escape {@code <>&} and U+2028/U+2029 as ActiveSupport does
 * @param nonFiniteAsNull write NaN/Infinity as {@code null} (ActiveSupport's {@code Float#as_json})
 *     instead of failing
 * @param ojFloats spell floats as Oj compat mode does rather than as {@code Float#to_s}
 * @param maxNesting the deepest container nesting allowed; the top-level container is level 1
 */
record EncodingRules(boolean htmlSafe, boolean nonFiniteAsNull, boolean ojFloats, int maxNesting) {

    /**
     * The json gem's generator raises NestingError past 100 levels, and its parser (JSON.parse, which
     * Resque workers on the json gem decode with) rejects them too, so a deeper payload is useless even
     * where the ActiveSupport encoder itself would write it.
     */
    static final int JSON_GEM_MAX_NESTING = 100;

    /** Oj's dump raises "Too deeply nested" past 1000 levels (MAX_DEPTH in ext/oj/dump.c). */
    static final int OJ_MAX_NESTING = 1000;

    static EncodingRules forProfile(JsonProfile profile) {
        return switch (profile) {
            case JSON_GEM -> new EncodingRules(false, false, false, JSON_GEM_MAX_NESTING);
            case OJ_COMPAT -> new EncodingRules(false, false, true, OJ_MAX_NESTING);
            case ACTIVE_SUPPORT -> new EncodingRules(true, true, false, JSON_GEM_MAX_NESTING);
        };
    }
}
