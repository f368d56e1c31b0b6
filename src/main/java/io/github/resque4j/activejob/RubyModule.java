package io.github.resque4j.activejob;

import io.github.resque4j.Names;

/**
 * A Ruby class or module passed as an argument ({@code MyJob.perform_later(User)}). ActiveJob writes it as
 * {@code {"_aj_serialized":"ActiveJob::Serializers::ModuleSerializer","value":"User"}} and the Ruby worker
 * gives the job {@code "User".constantize} back. Kept as the name; nothing is loaded.
 *
 * @param name the constant path, e.g. {@code Admin::User}
 */
public record RubyModule(String name) {

    /** @throws io.github.resque4j.InvalidNameException if {@code name} is null or blank */
    public RubyModule {
        Names.requireClassName(name);
    }

    /**
     * @param name the constant path, e.g. {@code Admin::User}
     * @return the module reference
     */
    public static RubyModule of(String name) {
        return new RubyModule(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
