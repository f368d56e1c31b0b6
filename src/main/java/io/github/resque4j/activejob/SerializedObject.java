package io.github.resque4j.activejob;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An argument written by an ActiveJob serializer resque4j has no type for: an application's own
 * ({@code class MoneySerializer < ActiveJob::Serializers::ObjectSerializer}) or a newer Rails one. The fields
 * are kept as decoded JSON, untouched, so the argument is written back exactly; decode nested ActiveJob values
 * with {@link ActiveJobArguments#decodeArgument(Object)} when the serializer nests them.
 *
 * @param serializer the value of {@code _aj_serialized}, the Ruby serializer class name
 * @param fields the other keys in order, as decoded JSON, unmodifiable
 */
public record SerializedObject(String serializer, Map<String, Object> fields) {

    /** The key naming the serializer. */
    public static final String SERIALIZER_KEY = "_aj_serialized";

    /** Freezes the fields. */
    public SerializedObject {
        Objects.requireNonNull(serializer, "serializer");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
        if (fields.containsKey(SERIALIZER_KEY)) {
            throw new IllegalArgumentException("fields must not repeat " + SERIALIZER_KEY);
        }
    }
}
