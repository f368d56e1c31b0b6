package io.github.resque4j.worker;

import io.github.resque4j.JobArgumentException;
import io.github.resque4j.Payload;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link JobHandler} sees of the job it runs: where it came from, its raw arguments, and
 * conversions of those arguments to Java types.
 *
 * <p>Arguments arrive as decoded JSON ({@code Map}, {@code List}, {@code String}, {@code Integer} /
 * {@code Long} / {@code BigInteger}, {@code Double}, {@code Boolean}, {@code null}); the {@code arg} and
 * {@code argsAs} methods convert them with the registry's Jackson mapper. Conversions never wrap or
 * truncate: a number out of range or a float given for an integer raises {@link JobArgumentException}.
 *
 * <p>The worker runtime obtains instances from {@link #of}; implement this interface only to decorate one.
 */
public interface JobContext {

    /**
     * Creates the context for one job. Conversions use {@code registry}'s mapper, so pass the registry
     * the handler was resolved from.
     *
     * @param payload the job as read from the queue
     * @param queue the queue it was reserved from
     * @param workerId the id of the worker running it ({@code host:pid:queues})
     * @param registry the registry whose argument binding to use
     * @return an immutable context, safe to share between threads
     */
    static JobContext of(Payload payload, String queue, String workerId, JobRegistry registry) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(registry, "registry");
        return registry.newContext(payload, queue, workerId);
    }

    /** @return the Ruby class name from the payload, e.g. {@code Mailer::Deliver} */
    String className();

    /** @return the queue the job was reserved from */
    String queue();

    /** @return the id of the worker running the job */
    String workerId();

    /** @return the arguments as decoded (empty when the payload had none or {@code null}), unmodifiable */
    List<Object> args();

    /** @return the whole payload, including any extra top-level keys */
    Payload payload();

    /**
     * Converts one argument.
     *
     * @param index zero-based argument position
     * @param type the wanted type; a primitive class gives its boxed value
     * @param <T> the wanted type
     * @return the converted argument; {@code null} if the argument is {@code null} (nil)
     * @throws JobArgumentException if there is no such argument, it is {@code null} and {@code type} is
     *     primitive, or it cannot be converted
     */
    default <T> T arg(int index, Class<T> type) {
        return arg(index, (Type) type);
    }

    /**
     * Converts one argument to a generic type, e.g. {@code List<Long>}.
     *
     * @param index zero-based argument position
     * @param type the wanted type (a {@code Class} or {@code ParameterizedType})
     * @param <T> the wanted type; not checked, so assign the result to a matching variable
     * @return the converted argument; {@code null} if the argument is {@code null} (nil)
     * @throws JobArgumentException if there is no such argument, it is {@code null} and {@code type} is
     *     primitive, or it cannot be converted
     */
    <T> T arg(int index, Type type);

    /**
     * Binds all arguments to one object:
     * <ol>
     *   <li>a record is bound positionally, component <i>k</i> from argument <i>k</i>, and the argument
     *       count must equal the number of components (as Ruby's {@code perform} arity);</li>
     *   <li>a {@code Collection} or array type receives the whole argument list;</li>
     *   <li>any other type (a POJO or {@code Map}) is bound from the single options hash when the job has
     *       exactly one argument and it is a JSON object.</li>
     * </ol>
     *
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the bound arguments
     * @throws JobArgumentException if the arguments do not fit {@code type}
     */
    default <T> T argsAs(Class<T> type) {
        return argsAs((Type) type);
    }

    /**
     * Binds all arguments to a generic type, e.g. {@code List<Long>}, by the rules of
     * {@link #argsAs(Class)}.
     *
     * @param type the wanted type (a {@code Class} or {@code ParameterizedType})
     * @param <T> the wanted type; not checked, so assign the result to a matching variable
     * @return the bound arguments
     * @throws JobArgumentException if the arguments do not fit {@code type}
     */
    <T> T argsAs(Type type);
}
