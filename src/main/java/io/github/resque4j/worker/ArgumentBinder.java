package io.github.resque4j.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.github.resque4j.JobArgumentException;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Converts decoded job arguments to the Java types handlers ask for. One per registry, holding that
 * registry's mapper (never a static one, so registries with different settings cannot interfere).
 * Thread-safe: an {@link ObjectMapper} is safe for concurrent conversions once configured.
 */
final class ArgumentBinder {

    /** Longest Jackson problem text kept in a message, so a huge argument value cannot bloat it. */
    private static final int MAX_PROBLEM_LENGTH = 300;

    /** Package prefixes stripped from type names in messages ({@code java.util.List} reads as {@code List}). */
    private static final Pattern PACKAGE_PREFIX = Pattern.compile("\\b(?:[a-z_][A-Za-z0-9_]*\\.)+");

    private final ObjectMapper mapper;

    ArgumentBinder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The default mapper. Lenient about extra hash keys and scalars given for lists (Ruby callers are
     * loose about both), strict where leniency would silently change a value: a float is not truncated
     * into an integer and a nil is not turned into 0.
     */
    static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /** @see JobContext#arg(int, Type) */
    <T> T arg(String className, List<Object> args, int index, Type type) {
        Objects.requireNonNull(type, "type");
        if (index < 0 || index >= args.size()) {
            throw new JobArgumentException("job " + className + " expects an argument at index " + index
                    + " but got " + count(args.size()));
        }
        return convert(className, args.get(index), mapper.constructType(type), type, "argument " + index);
    }

    /** @see JobContext#argsAs(Type) */
    @SuppressWarnings("unchecked")
    <T> T argsAs(String className, List<Object> args, Type type) {
        Objects.requireNonNull(type, "type");
        JavaType javaType = mapper.constructType(type);
        Class<?> raw = javaType.getRawClass();
        if (raw.isRecord()) {
            return (T) bindRecord(className, args, javaType, type);
        }
        if (javaType.isArrayType() || Collection.class.isAssignableFrom(raw)) {
            return convert(className, args, javaType, type, "arguments");
        }
        if (args.size() == 1 && args.get(0) instanceof Map) {
            return convert(className, args.get(0), javaType, type, "argument 0");
        }
        throw new JobArgumentException("job " + className + ": cannot bind arguments to " + typeName(type)
                + ": expected exactly one options hash (a JSON object) but got " + describe(args)
                + "; use a record for positional arguments or arg(index, type) for one of them");
    }

    /** Positional binding, like Ruby's {@code perform(a, b, c)}: the arity must match exactly. */
    private Object bindRecord(String className, List<Object> args, JavaType javaType, Type type) {
        Class<?> raw = javaType.getRawClass();
        RecordComponent[] components = raw.getRecordComponents();
        if (args.size() != components.length) {
            StringBuilder msg = new StringBuilder("job ").append(className)
                    .append(": wrong number of arguments for ").append(typeName(type))
                    .append(" (given ").append(args.size()).append(", expected ").append(components.length);
            if (components.length > 0) {
                msg.append(": ");
                for (int k = 0; k < components.length; k++) {
                    msg.append(k == 0 ? "" : ", ").append(components[k].getName());
                }
            }
            msg.append(')');
            if (args.size() == 1 && args.get(0) instanceof Map) {
                // The usual mistake: a Ruby options hash meant to fill the record by name.
                msg.append("; to bind one options hash by name use arg(0, ").append(typeName(type))
                        .append(".class) or a non-record class");
            }
            throw new JobArgumentException(msg.toString());
        }
        Object[] values = new Object[components.length];
        Class<?>[] rawTypes = new Class<?>[components.length];
        for (int k = 0; k < components.length; k++) {
            RecordComponent c = components[k];
            // Resolves type variables of a generic record against the requested parameterization.
            JavaType componentType = mapper.getTypeFactory().resolveMemberType(c.getGenericType(),
                    javaType.getBindings());
            Type shown = c.getGenericType() instanceof TypeVariable ? componentType.getRawClass() : c.getGenericType();
            values[k] = convert(className, args.get(k), componentType, shown,
                    "argument " + k + " (" + raw.getSimpleName() + "." + c.getName() + ")");
            rawTypes[k] = c.getType();
        }
        try {
            Constructor<?> canonical = raw.getDeclaredConstructor(rawTypes);
            canonical.trySetAccessible();
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new JobArgumentException("job " + className + ": " + typeName(type) + " rejected its arguments: "
                    + oneLine(String.valueOf(cause.getMessage())), cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new JobArgumentException("job " + className + ": cannot construct " + typeName(type) + ": "
                    + oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T convert(String className, Object value, JavaType javaType, Type type, String what) {
        if (value == null) {
            // Checked here rather than left to Jackson, whose null handling for a root value varies.
            if (javaType.isPrimitive()) {
                throw new JobArgumentException("job " + className + ": " + what + " is nil but "
                        + typeName(type) + " cannot be null");
            }
            return null;
        }
        try {
            return (T) mapper.convertValue(value, javaType);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new JobArgumentException("job " + className + ": " + what + " cannot be converted to "
                    + typeName(type) + path(cause) + ": " + problem(e), cause);
        }
    }

    /** Where inside the argument the problem is, e.g. {@code  (at address.zip)} or {@code  (at [2].qty)}. */
    private static String path(Throwable cause) {
        if (!(cause instanceof JsonMappingException)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : ((JsonMappingException) cause).getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "" : " (at " + sb + ")";
    }

    /** Jackson's own description without its location suffix or class-path references. */
    private static String problem(IllegalArgumentException e) {
        Throwable cause = e.getCause();
        String msg = cause instanceof JsonProcessingException
                ? ((JsonProcessingException) cause).getOriginalMessage()
                : e.getMessage();
        return oneLine(String.valueOf(msg));
    }

    private static String oneLine(String s) {
        int nl = s.indexOf('\n');
        String line = (nl >= 0 ? s.substring(0, nl) : s).strip();
        return line.length() > MAX_PROBLEM_LENGTH ? line.substring(0, MAX_PROBLEM_LENGTH) + "..." : line;
    }

    static String typeName(Type type) {
        if (type instanceof Class) {
            Class<?> c = (Class<?>) type;
            String simple = c.getSimpleName();
            return simple.isEmpty() ? c.getName() : simple;
        }
        return PACKAGE_PREFIX.matcher(type.getTypeName()).replaceAll("");
    }

    private static String count(int n) {
        return n == 1 ? "1 argument" : n + " arguments";
    }

    private static String describe(List<Object> args) {
        if (args.size() != 1) {
            return count(args.size());
        }
        Object only = args.get(0);
        String kind;
        if (only == null) {
            kind = "nil";
        } else if (only instanceof List) {
            kind = "an array";
        } else if (only instanceof String) {
            kind = "a string";
        } else if (only instanceof Boolean) {
            kind = "a boolean";
        } else {
            kind = "a number";
        }
        return "1 argument, " + kind;
    }
}
