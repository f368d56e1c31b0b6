/**
 * Testing code that uses Resque: {@link io.github.resque4j.testing.InlineResqueClient} runs jobs at once on
 * enqueue (Ruby's {@code Resque.inline}); {@link io.github.resque4j.testing.ResqueTest @ResqueTest} gives a
 * JUnit 5 test a real Redis and a {@link io.github.resque4j.testing.ResqueTestKit} with assertions on queues
 * and failures and a way to run queued and delayed jobs with real worker semantics.
 *
 * <p>This package needs {@code junit-jupiter-api} (and its {@code opentest4j}) on the test classpath; resque4j
 * declares it {@code provided}, so it never reaches an application's runtime. See {@code docs/TESTING.md}.
 */
package io.github.resque4j.testing;
