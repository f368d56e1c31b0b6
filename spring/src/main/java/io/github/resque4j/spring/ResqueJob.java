package io.github.resque4j.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring bean as the handler of Resque jobs whose payload names the given Ruby class(es). Three places:
 *
 * <ul>
 *   <li>on a bean class that implements {@link io.github.resque4j.worker.JobHandler}:
 *   <pre>{@code
 * @Component
 * @ResqueJob("Mailer::Deliver")
 * class DeliverMail implements JobHandler {
 *     public void perform(JobContext job) { ... job.arg(0, Long.class) ... }
 * }}</pre></li>
 *   <li>on a {@code @Bean} method that returns a {@code JobHandler};</li>
 *   <li>on a public method of any bean, whose parameters receive the job's arguments by position (converted with
 *   {@link io.github.resque4j.worker.JobContext#arg(int, java.lang.reflect.Type)}, generics included); a
 *   parameter of type {@link io.github.resque4j.worker.JobContext} receives the context instead and takes no
 *   position. The job must have exactly as many arguments as the method has positional parameters, as Ruby's
 *   {@code perform} arity:
 *   <pre>{@code
 * @Component
 * class Reports {
 *     @ResqueJob("Reports::Build")
 *     public void build(long reportId, List<String> formats) { ... }
 * }}</pre></li>
 * </ul>
 *
 * A Ruby class name may be claimed once; a second claim fails the application's startup.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ResqueJob {
    /** @return the Ruby class names served, e.g. {@code "Mailer::Deliver"} */
    String[] value();
}
