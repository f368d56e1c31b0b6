package io.github.resque4j.worker.registry;

import java.math.BigInteger;
import java.util.List;

/** Argument-binding targets used by the registry tests. */
public final class RegistryFixtures {
    private RegistryFixtures() {
    }

    /** Positional arguments of mixed numeric kinds. */
    public record Transfer(long from, long to, BigInteger amount, double rate) {
    }

    /** A nested hash. */
    public record Address(String street, int zip) {
    }

    /** A hash containing a hash. */
    public record Customer(long id, String name, Address address) {
    }

    /** Positional arguments where the first is a hash. */
    public record Shipment(Address to, int parcels) {
    }

    /** An element of a list of hashes. */
    public record Item(long sku, int qty) {
    }

    /** A typed-handler argument record. */
    public record Charge(long accountId, String currency, BigInteger cents) {
    }

    /** Nullable reference components. */
    public record Note(Long id, String text) {
    }

    /** No arguments at all. */
    public record NoArgs() {
    }

    /** A generic record; component types come from the requested parameterization. */
    public record Pair<A, B>(A first, B second) {
    }

    /** A record whose compact constructor validates. */
    public record Positive(int n) {
        /** @throws IllegalArgumentException if not positive */
        public Positive {
            if (n <= 0) {
                throw new IllegalArgumentException("n must be positive, got " + n);
            }
        }
    }

    /** A Ruby options hash bound by name; unknown keys are ignored. */
    public static class Options {
        public String email;
        public int retries;
        public List<String> tags;
        public Address address;
    }
}
