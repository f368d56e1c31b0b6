/**
 * Failure administration: what Ruby's {@code Resque::Failure} API and resque-web's "Failed" tab do (count, list,
 * requeue, remove, clear), writing the same commands and bytes as Ruby Resque 3.0 for both the {@code Redis} and
 * the {@code RedisMultiQueue} backends, plus Java-only filters and batched bulk operations.
 *
 * <p>Ruby addresses failure entries by their position in a Redis list, which shifts whenever an entry before
 * it is removed. Every operation here that acts on an entry the caller has seen checks, inside one Lua script,
 * that the position still holds exactly the bytes that were read, and refuses with
 * {@link io.github.resque4j.failure.FailureMovedException} otherwise, so a concurrent Ruby or Java client can
 * never make us requeue or delete the wrong failure.
 *
 * <p>Entry point: {@link io.github.resque4j.failure.Failures#create}.
 */
package io.github.resque4j.failure;
