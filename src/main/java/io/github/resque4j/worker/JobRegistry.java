package io.github.resque4j.worker;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resque4j.Payload;
import io.github.resque4j.ResqueException;
import io.github.resque4j.UnknownJobClassException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Maps the Ruby class name in a job payload ({@code "class":"Mailer::Deliver"}) to the Java
 * {@link JobHandler} that runs it.
 *
 * <p>A name resolves in one of two ways:
 * <ul>
 *   <li><b>registered</b> explicitly with {@link Builder#register(String, JobHandler)} and friends (checked
 *       first);</li>
 *   <li><b>allow-listed</b>: the name is mapped to a Java class inside a package given to
 *       {@link Builder#allowPackage(String)}, and that class implements {@code JobHandler}.</li>
 * </ul>
 *
 * <p>Security: a payload's class name is untrusted text. No class is loaded because of it unless the name is
 * registered or maps into an allow-listed package, and an allow-listed class is loaded without running its
 * static initializer and instantiated only after it is confirmed to be a concrete {@code JobHandler}. So a
 * payload naming {@code java.lang.Runtime} is refused without touching that class.
 *
 * <p>Allow-list mapping of a payload name {@code N}, for each allowed package {@code P} in the order given:
 * <ul>
 *   <li>a Java name ({@code com.acme.jobs.SendMail}) is a candidate as is when it starts with
 *       {@code P + "."} (so subpackages of {@code P} are included);</li>
 *   <li>a Ruby constant path ({@code Mailer::Deliver}) gives two candidates: the nested class
 *       {@code P.Mailer$Deliver}, then {@code P.Mailer.Deliver};</li>
 *   <li>anything else is not resolved.</li>
 * </ul>
 * The first candidate that is a concrete {@code JobHandler} wins; resolved classes are cached per registry.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JobRegistry {

    /** A Java binary name: ASCII identifier segments joined by single dots ({@code $} allowed for nesting). */
    private static final Pattern JAVA_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    /** A Ruby constant path: constant names ({@code [A-Z][A-Za-z0-9_]*}) joined by {@code ::}. */
    private static final Pattern RUBY_CONSTANT_PATH =
            Pattern.compile("[A-Z][A-Za-z0-9_]*(?:::[A-Z][A-Za-z0-9_]*)*");

    /** Longer payload names are not even pattern-matched; no real class name comes close. */
    private static final int MAX_NAME_LENGTH = 1024;

    private final Map<String, Registration> registered;
    private final List<String> allowedPackages;
    private final Function<Class<? extends JobHandler>, ? extends JobHandler> instantiator;
    private final ClassLoader classLoader;
    private final ArgumentBinder binder;
    /** Payload name to allow-listed handler class; only successes are cached, so its size is bounded. */
    private final Map<String, Class<? extends JobHandler>> allowListed = new ConcurrentHashMap<>();

    private JobRegistry(Builder b) {
        this.registered = Collections.unmodifiableMap(new LinkedHashMap<>(b.registered));
        this.allowedPackages = List.copyOf(b.allowedPackages);
        this.instantiator = b.instantiator;
        this.classLoader = b.classLoader != null ? b.classLoader : defaultClassLoader();
        this.binder = new ArgumentBinder(b.mapper != null ? b.mapper : ArgumentBinder.defaultMapper());
    }

    /** @return a builder for a new registry */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds the handler for a payload's class name. Registered names are checked first, then the
     * allow-list. A registered factory, a registered handler class and an allow-listed class each give a
     * new instance per call; a registered instance is returned as is.
     *
     * @param className the class name from the payload
     * @return the handler, or empty if the name is neither registered nor allow-listed
     * @throws UnknownJobClassException if the name maps to a class in an allowed package that is not a
     *     concrete {@code JobHandler}
     * @throws ResqueException if the handler cannot be created (factory or instantiator failure)
     */
    public Optional<JobHandler> resolve(String className) {
        Objects.requireNonNull(className, "className");
        Registration registration = registered.get(className);
        if (registration != null) {
            return Optional.of(registration.create(this, className));
        }
        Class<? extends JobHandler> cls = allowListedClass(className);
        return cls == null ? Optional.empty() : Optional.of(instantiate(className, cls));
    }

    /**
     * Like {@link #resolve(String)}, for when the job must run.
     *
     * @param className the class name from the payload
     * @return the handler
     * @throws UnknownJobClassException if the name cannot be resolved; the message says how to register it
     * @throws ResqueException if the handler cannot be created
     */
    public JobHandler require(String className) {
        return resolve(className).orElseThrow(() -> new UnknownJobClassException(className,
                "no job handler for class '" + className + "': register one with JobRegistry.builder().register(\""
                        + className + "\", handler)" + (allowedPackages.isEmpty()
                                ? " or allow-list its Java package with allowPackage(...)"
                                : " (no JobHandler found for it in allowed packages " + allowedPackages + ")")));
    }

    /** @return the explicitly registered Ruby class names, in registration order, unmodifiable */
    public Set<String> registeredClassNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(registered.keySet()));
    }

    /** @return the allow-listed Java packages, in the order they are searched, unmodifiable */
    public List<String> allowedPackages() {
        return allowedPackages;
    }

    @Override
    public String toString() {
        return "JobRegistry[registered=" + registered.keySet() + ", allowedPackages=" + allowedPackages + "]";
    }

    /** Used by {@link JobContext#of}, which is the public way in. */
    JobContext newContext(Payload payload, String queue, String workerId) {
        return new BoundJobContext(payload, queue, workerId, binder);
    }

    // --- allow-list ------------------------------------------------------------------------------------

    private Class<? extends JobHandler> allowListedClass(String className) {
        if (allowedPackages.isEmpty()) {
            return null;
        }
        Class<? extends JobHandler> cached = allowListed.get(className);
        if (cached != null) {
            return cached;
        }
        List<String> candidates = candidates(className);
        UnknownJobClassException firstRejection = null;
        LinkageError linkageError = null;
        for (String candidate : candidates) {
            Class<?> cls;
            try {
                // initialize=false: no static initializer runs before the type check below.
                cls = Class.forName(candidate, false, classLoader);
            } catch (ClassNotFoundException e) {
                continue;
            } catch (LinkageError e) {
                // E.g. a case-only mismatch on a case-insensitive file system; try the other candidates.
                if (linkageError == null) {
                    linkageError = e;
                }
                continue;
            }
            String problem = rejection(cls);
            if (problem == null) {
                Class<? extends JobHandler> handlerClass = cls.asSubclass(JobHandler.class);
                allowListed.putIfAbsent(className, handlerClass);
                return handlerClass;
            }
            if (firstRejection == null) {
                firstRejection = new UnknownJobClassException(className, "job class '" + className
                        + "' maps to " + cls.getName() + " in an allowed package, but it " + problem
                        + "; it will not be run");
            }
        }
        if (firstRejection != null) {
            throw firstRejection;
        }
        if (linkageError != null) {
            throw new UnknownJobClassException(className, "job class '" + className
                    + "' could not be loaded from the allowed packages: " + linkageError, linkageError);
        }
        return null;
    }

    /** @return why {@code cls} cannot be run, or {@code null} if it can */
    private static String rejection(Class<?> cls) {
        if (!JobHandler.class.isAssignableFrom(cls)) {
            return "does not implement " + JobHandler.class.getName();
        }
        if (cls.isInterface() || Modifier.isAbstract(cls.getModifiers())) {
            return "is " + (cls.isInterface() ? "an interface" : "abstract");
        }
        return null;
    }

    /** The Java class names a payload name may refer to, in search order; empty if it refers to none. */
    private List<String> candidates(String name) {
        List<String> out = new ArrayList<>(2 * allowedPackages.size());
        if (name.length() > MAX_NAME_LENGTH) {
            return out;
        }
        boolean javaName = JAVA_NAME.matcher(name).matches();
        boolean rubyName = RUBY_CONSTANT_PATH.matcher(name).matches();
        for (String pkg : allowedPackages) {
            if (javaName && name.startsWith(pkg + ".")) {
                addOnce(out, name);
            }
            if (rubyName) {
                addOnce(out, pkg + "." + name.replace("::", "$"));
                addOnce(out, pkg + "." + name.replace("::", "."));
            }
        }
        return out;
    }

    private static void addOnce(List<String> list, String s) {
        if (!list.contains(s)) {
            list.add(s);
        }
    }

    private JobHandler instantiate(String className, Class<? extends JobHandler> cls) {
        JobHandler handler;
        try {
            handler = instantiator.apply(cls);
        } catch (ResqueException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ResqueException("could not create " + cls.getName() + " for job class '" + className
                    + "': " + e, e);
        }
        if (handler == null) {
            throw new ResqueException("the instantiator returned null for " + cls.getName()
                    + " (job class '" + className + "')");
        }
        return handler;
    }

    /** The default instantiator: the public no-arg constructor. */
    private static JobHandler newInstance(Class<? extends JobHandler> cls) {
        try {
            return cls.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ResqueException(cls.getName() + " has no public no-arg constructor; add one or set "
                    + "JobRegistry.Builder.instantiator(...)", e);
        } catch (InvocationTargetException e) {
            throw new ResqueException("the constructor of " + cls.getName() + " failed: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ResqueException("cannot instantiate " + cls.getName() + ": " + e, e);
        }
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : JobRegistry.class.getClassLoader();
    }

    // --- registrations ---------------------------------------------------------------------------------

    /** One registered name: how to get its handler for a job. */
    @FunctionalInterface
    private interface Registration {
        JobHandler create(JobRegistry registry, String className);
    }

    private static Registration factoryRegistration(Supplier<? extends JobHandler> factory) {
        return (registry, className) -> {
            JobHandler handler = factory.get();
            if (handler == null) {
                throw new ResqueException("the factory registered for job class '" + className + "' returned null");
            }
            return handler;
        };
    }

    /**
     * A handler that receives its arguments already bound, for {@link Builder#register(String, Class,
     * ArgsHandler)}.
     *
     * @param <T> the type the arguments are bound to
     */
    @FunctionalInterface
    public interface ArgsHandler<T> {
        /**
         * Performs the job.
         *
         * @param args the job's arguments bound by {@link JobContext#argsAs(Class)}
         * @throws Exception any failure; marks the job failed
         */
        void perform(T args) throws Exception;
    }

    /**
     * Collects registrations and settings for a {@link JobRegistry}. Not thread-safe; {@link #build()} may
     * be called more than once, each result independent of later changes.
     */
    public static final class Builder {
        private final Map<String, Registration> registered = new LinkedHashMap<>();
        private final List<String> allowedPackages = new ArrayList<>();
        private Function<Class<? extends JobHandler>, ? extends JobHandler> instantiator = JobRegistry::newInstance;
        private ObjectMapper mapper;
        private ClassLoader classLoader;

        private Builder() {
        }

        /**
         * Registers one handler instance, shared by every job of this class (so it must be thread-safe).
         *
         * @param rubyClassName the class name as payloads give it, e.g. {@code Mailer::Deliver}
         * @param handler the handler
         * @return this builder
         * @throws IllegalArgumentException if the name is blank, padded with whitespace, or already registered
         */
        public Builder register(String rubyClassName, JobHandler handler) {
            Objects.requireNonNull(handler, "handler");
            return add(rubyClassName, (registry, className) -> handler);
        }

        /**
         * Registers a factory called once per job, e.g. to take a prototype-scoped bean from a DI container.
         *
         * @param rubyClassName the class name as payloads give it
         * @param factory makes a handler; must not return {@code null}
         * @return this builder
         * @throws IllegalArgumentException if the name is blank, padded with whitespace, or already registered
         */
        public Builder registerFactory(String rubyClassName, Supplier<? extends JobHandler> factory) {
            Objects.requireNonNull(factory, "factory");
            return add(rubyClassName, factoryRegistration(factory));
        }

        /**
         * Registers a handler class under a Ruby name that need not match its Java name; a new instance is
         * made per job by the {@linkplain #instantiator instantiator}.
         *
         * @param rubyClassName the class name as payloads give it
         * @param handlerClass a concrete handler class
         * @return this builder
         * @throws IllegalArgumentException if the name is blank, padded with whitespace, or already
         *     registered, or the class is abstract or an interface
         */
        public Builder registerClass(String rubyClassName, Class<? extends JobHandler> handlerClass) {
            Objects.requireNonNull(handlerClass, "handlerClass");
            String problem = rejection(handlerClass);
            if (problem != null) {
                throw new IllegalArgumentException(handlerClass.getName() + " " + problem);
            }
            return add(rubyClassName, (registry, className) -> registry.instantiate(className, handlerClass));
        }

        /**
         * Registers a handler that receives the arguments bound to {@code argsType} by
         * {@link JobContext#argsAs(Class)}: positionally for a record, the whole list for a collection or
         * array, the single options hash otherwise.
         *
         * @param rubyClassName the class name as payloads give it
         * @param argsType the type to bind the arguments to
         * @param handler receives the bound arguments; shared by all jobs, so it must be thread-safe
         * @param <T> the type to bind the arguments to
         * @return this builder
         * @throws IllegalArgumentException if the name is blank, padded with whitespace, or already registered
         */
        public <T> Builder register(String rubyClassName, Class<T> argsType, ArgsHandler<T> handler) {
            Objects.requireNonNull(argsType, "argsType");
            Objects.requireNonNull(handler, "handler");
            JobHandler typed = job -> handler.perform(job.argsAs(argsType));
            return add(rubyClassName, (registry, className) -> typed);
        }

        /**
         * Allows payload class names to resolve to {@code JobHandler} classes in this package and its
         * subpackages (see {@link JobRegistry} for the mapping). Packages are searched in the order added.
         *
         * @param javaPackage a package name such as {@code com.acme.jobs}
         * @return this builder
         * @throws IllegalArgumentException if it is not a valid package name (no wildcards)
         */
        public Builder allowPackage(String javaPackage) {
            Objects.requireNonNull(javaPackage, "javaPackage");
            if (!JAVA_NAME.matcher(javaPackage).matches()) {
                throw new IllegalArgumentException("'" + javaPackage
                        + "' is not a Java package name (write e.g. com.acme.jobs, without wildcards)");
            }
            if (!allowedPackages.contains(javaPackage)) {
                allowedPackages.add(javaPackage);
            }
            return this;
        }

        /**
         * Sets how allow-listed and {@linkplain #registerClass registered} handler classes are instantiated,
         * e.g. {@code cls -> applicationContext.getBean(cls)}. Called only with classes already checked to
         * be concrete {@code JobHandler}s. Default: the public no-arg constructor.
         *
         * @param instantiator makes a handler of the given class; must not return {@code null}
         * @return this builder
         */
        public Builder instantiator(Function<Class<? extends JobHandler>, ? extends JobHandler> instantiator) {
            this.instantiator = Objects.requireNonNull(instantiator, "instantiator");
            return this;
        }

        /**
         * Uses this mapper for argument conversion instead of the default. It is copied, so later changes to
         * it do not affect the registry, and it is used as configured (the default's settings are not
         * applied to it).
         *
         * @param mapper a configured mapper
         * @return this builder
         * @throws IllegalArgumentException if the mapper has default typing enabled, which would let payload
         *     data choose the Java classes Jackson instantiates
         */
        public Builder objectMapper(ObjectMapper mapper) {
            Objects.requireNonNull(mapper, "mapper");
            ObjectMapper copy = mapper.copy();
            if (copy.getDeserializationConfig().getDefaultTyper(copy.constructType(Object.class)) != null) {
                throw new IllegalArgumentException("the ObjectMapper has default typing enabled, which would let "
                        + "job payloads choose which Java classes are instantiated; use a mapper without it");
            }
            this.mapper = copy;
            return this;
        }

        /**
         * Sets the class loader allow-listed classes are loaded from. Default: the thread context class
         * loader at {@link #build()} time, else the loader of this library.
         *
         * @param classLoader the loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** @return an immutable registry with the registrations and settings so far */
        public JobRegistry build() {
            return new JobRegistry(this);
        }

        private Builder add(String rubyClassName, Registration registration) {
            Objects.requireNonNull(rubyClassName, "rubyClassName");
            if (rubyClassName.isBlank()) {
                throw new IllegalArgumentException("job class name must not be blank");
            }
            if (!rubyClassName.strip().equals(rubyClassName)) {
                // A padded name can never match a payload, so it is a typo.
                throw new IllegalArgumentException("job class name '" + rubyClassName
                        + "' has leading or trailing whitespace");
            }
            if (registered.containsKey(rubyClassName)) {
                throw new IllegalArgumentException("job class '" + rubyClassName + "' is already registered");
            }
            registered.put(rubyClassName, registration);
            return this;
        }
    }

    // --- context ---------------------------------------------------------------------------------------

    /** The {@link JobContext} given to handlers; conversions go through the registry's binder. */
    private static final class BoundJobContext implements JobContext {
        private final Payload payload;
        private final String queue;
        private final String workerId;
        private final ArgumentBinder binder;

        BoundJobContext(Payload payload, String queue, String workerId, ArgumentBinder binder) {
            this.payload = payload;
            this.queue = queue;
            this.workerId = workerId;
            this.binder = binder;
        }

        @Override
        public String className() {
            return payload.className();
        }

        @Override
        public String queue() {
            return queue;
        }

        @Override
        public String workerId() {
            return workerId;
        }

        @Override
        public List<Object> args() {
            return payload.args();
        }

        @Override
        public Payload payload() {
            return payload;
        }

        @Override
        public <T> T arg(int index, Type type) {
            return binder.arg(payload.className(), payload.args(), index, type);
        }

        @Override
        public <T> T argsAs(Type type) {
            return binder.argsAs(payload.className(), payload.args(), type);
        }

        @Override
        public String toString() {
            // Arguments left out: they may hold personal data and belong in the failure record only.
            return "JobContext[class=" + payload.className() + ", queue=" + queue + ", worker=" + workerId + "]";
        }
    }
}
