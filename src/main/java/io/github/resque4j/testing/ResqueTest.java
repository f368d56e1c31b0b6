package io.github.resque4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import io.github.resque4j.json.JsonProfile;

/**
 * Gives a JUnit 5 test class (or method) a real Redis and a {@link ResqueTestKit} parameter; shorthand for
 * {@code @ExtendWith(ResqueExtension.class)} plus settings. See {@link ResqueExtension} for where the Redis
 * comes from and how tests are kept apart.
 *
 * <pre>{@code
 * @ResqueTest
 * class SignupTest {
 *     @Test
 *     void sendsTheWelcomeMail(ResqueTestKit resque) {
 *         new Signup(resque.client()).register("ann@example.com");
 *         resque.assertEnqueued("mailers", "Mailer::Welcome", "ann@example.com");
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ResqueExtension.class)
public @interface ResqueTest {
    /**
     * @return a fixed namespace whose keys are deleted before and after each test (for code that cannot be
     *     given a configuration; such tests must not run in parallel); empty (the default) gives each test a
     *     fresh namespace of its own
     */
    String namespace() default "";

    /** @return the Ruby JSON stack whose bytes to write and compare (what the Ruby side of the fleet uses) */
    JsonProfile jsonProfile() default JsonProfile.JSON_GEM;

    /** @return how long {@link ResqueTestKit#drain} may take before it fails the test, in seconds */
    long drainTimeoutSeconds() default 30;

    /**
     * @return {@code true} to skip (abort) the test when there is no Redis ({@code REDIS_URL} unset and no
     *     {@code redis-server} on the {@code PATH}); by default the test fails, so a CI machine without Redis
     *     cannot pass by skipping
     */
    boolean skipWithoutRedis() default false;
}
